"""The `voiceguide` command line: global options, subcommands, and one-line errors."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
from collections.abc import Sequence

from voiceguide import __version__, notices
from voiceguide.errors import EXIT_INTERRUPTED, EXIT_USAGE, Interrupted, VoiceguideError

# Each module provides register(subparsers, common) and sets `handler` on its parsers.
COMMAND_MODULES = (
    "voiceguide.commands.run",
    "voiceguide.commands.practices",
    "voiceguide.commands.journal",
    "voiceguide.commands.transcribe",
    "voiceguide.commands.say",
    "voiceguide.commands.prepare",
    "voiceguide.commands.doctor",
    "voiceguide.commands.devices",
    "voiceguide.commands.safety",
)


def common_options() -> argparse.ArgumentParser:
    """Options accepted before or after any subcommand."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help="config file to use")
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="where the journal lives (also $VOICEGUIDE_DATA_DIR)")
    common.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS,
                        help="unlock (or create) an encrypted journal with the passphrase on this file's "
                             "first line (also $VOICEGUIDE_PASSPHRASE); without it: the keyring, else asked")
    common.add_argument("--engine", choices=["auto", "vosk", "pocketsphinx", "whisper"],
                        default=argparse.SUPPRESS,
                        help="speech recognizer (auto: Vosk when its model is present, else pocketsphinx, "
                             "with Whisper reading commands where it is installed)")
    common.add_argument("--model-dir", metavar="DIR", default=argparse.SUPPRESS, help="a Vosk model folder")
    common.add_argument("--input-device", metavar="NAME", default=argparse.SUPPRESS,
                        help="microphone, by name or index")
    common.add_argument("--output-device", metavar="NAME", default=argparse.SUPPRESS,
                        help="speaker, by name or index")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="voiceguide",
        parents=[common],
        description="An offline, private, hands-free voice companion for getting through a strong emotion.",
        epilog=f"{notices.DISCLAIMER}\n\n{notices.PRIVACY}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"voiceguide {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def end_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end a session the way Ctrl-C does, instead of killing it mid-write.

    SIGINT gets the same handler: Python's default would be replaced by asyncio's inside the terminal
    app, which cancels the app's task so that it quits with status 0 and says nothing.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal here
            signal.signal(signum, _raise_interrupted)


def tolerate_any_locale() -> None:
    """Under a non-UTF-8 locale (LANG=C on old systems, latin-1) a character the terminal cannot show is
    printed escaped instead of raising UnicodeEncodeError mid-output."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def say_error(text: str) -> None:
    """One line on stderr; when the terminal has gone (SIGHUP) there is nobody to tell, and that is fine."""
    with contextlib.suppress(OSError, ValueError):
        print(f"voiceguide: {notices.one_line(text)}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user mistakes and missing parts give one line on stderr and an exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from voiceguide.commands.run import default_handler

        handler = default_handler
    try:
        code: int = handler(args)
        return code
    except VoiceguideError as exc:
        say_error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt as exc:
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write("\n")
        say_error(notices.INTERRUPTED)
        return exc.exit_code if isinstance(exc, Interrupted) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_USAGE


def entry_point() -> None:
    tolerate_any_locale()
    end_cleanly_on_signals()
    sys.exit(main())
