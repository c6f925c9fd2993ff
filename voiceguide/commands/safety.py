"""`voiceguide safety scan` (classify lines of text, for testing and audit) and `voiceguide safety card`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceguide.errors import ConfigError, UsageError

if TYPE_CHECKING:  # the safety package loads its rules (a tenth of a second) only when a command runs
    from voiceguide.config import SafetySettings
    from voiceguide.safety import Finding


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("safety", parents=[common], help="crisis detection and the support card")
    actions = parser.add_subparsers(dest="safety_action", metavar="ACTION", required=True)

    scan = actions.add_parser(
        "scan", parents=[common], help="classify each line of a file (or stdin) for danger",
        description="Classifies each input line with the rules, then the semantic stage when "
                    "installed: prints its category (or '-') and the line. Nothing is stored or sent "
                    "anywhere.")
    scan.add_argument("file", nargs="?", default="-", metavar="FILE",
                      help="text file, one statement a line; '-' or nothing reads stdin")
    scan.add_argument("--json", action="store_true",
                      help="one JSON object per input line: line, text, category (null when nothing "
                           "fires), rule ('semantic' for the second stage), matched")
    scan.set_defaults(handler=scan_lines)

    card = actions.add_parser("card", parents=[common], help="print the support card as plain text")
    card.add_argument("--country", metavar="CC", help="two-letter country code, for example US, GB, IE")
    card.set_defaults(handler=print_card)


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no such file: {name}") from None
    except IsADirectoryError:
        raise UsageError(f"{name} is a folder, not a text file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = "stdin" if name == "-" else name
        print(f"voiceguide: {shown} is not valid UTF-8; unreadable bytes are replaced", file=sys.stderr)
        return raw.decode("utf-8", errors="replace")


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def scan_lines(args: argparse.Namespace) -> int:
    from voiceguide.journal.textout import json_text, visible
    from voiceguide.safety import semantic

    check = detector()
    text = _decode(_read_input(args.file), args.file)
    _safety_settings(args)  # the config may switch the semantic stage off: scan as the app would check
    stage_ok, stage = semantic.STAGE.status()
    if not stage_ok:  # say once which detector answers, so an audit knows
        print(f"voiceguide: semantic safety stage: {stage}", file=sys.stderr)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="replace")  # a non-UTF-8 terminal gets '?' rather than a traceback
    for number, line in enumerate(_lines(text), start=1):
        finding = check(line)
        if args.json:
            record = {
                "line": number,
                "text": line,
                "category": finding.category.value if finding else None,
                "rule": finding.rule if finding else None,
                "matched": finding.matched if finding else None,
            }
            out.write(json_text(record) + "\n")
        else:
            shown = visible(line) if out.isatty() else line  # a terminal never acts on the text's escapes
            out.write(f"{finding.category.value if finding else '-'}\t{shown}\n")
    out.flush()
    return 0


def detector() -> Callable[[str], Finding | None]:
    """What the scan judges each line with: the same combined check (rules, then the semantic stage) a
    session uses."""
    from voiceguide.safety import check

    return check


def _safety_settings(args: argparse.Namespace) -> SafetySettings:
    """The config's safety settings; a broken config must not keep the card from showing."""
    from voiceguide.commands.options import load_settings
    from voiceguide.config import SafetySettings
    from voiceguide.safety import calm_words

    try:
        settings = load_settings(args).safety
    except ConfigError as exc:
        print(f"voiceguide: {calm_words.BROKEN_CONFIG_FOR_CARD.format(error=exc)}", file=sys.stderr)
        settings = SafetySettings()
    if getattr(args, "country", None):
        settings = SafetySettings(country=args.country, resources=settings.resources)
    return settings


def print_card(args: argparse.Namespace) -> int:
    from voiceguide.journal.textout import print_text
    from voiceguide.safety import card_text, support_card

    print_text(card_text(support_card(_safety_settings(args))))  # the user's resources are data
    return 0
