"""The `voiceguide` command line: global options, subcommands, and one-line errors."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from voiceguide import __version__, messages
from voiceguide.errors import EXIT_INTERRUPTED, EXIT_USAGE, VoiceguideError

# Each module provides register(subparsers, common) and sets `handler` on its parsers.
COMMAND_MODULES = (
    "voiceguide.commands.run",
    "voiceguide.commands.practices",
    "voiceguide.commands.journal",
    "voiceguide.commands.transcribe",
    "voiceguide.commands.say",
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
    common.add_argument("--engine", choices=["auto", "vosk", "pocketsphinx"], default=argparse.SUPPRESS,
                        help="speech recognizer (auto: Vosk when its model is present, else pocketsphinx)")
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
        epilog=f"{messages.DISCLAIMER}\n\n{messages.PRIVACY}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"voiceguide {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser




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
        print(f"voiceguide: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"\nvoiceguide: {messages.INTERRUPTED}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_USAGE


def entry_point() -> None:
    sys.exit(main())
