"""`voiceguide run PRACTICE`: walk a practice, in the terminal app or by voice alone."""

from __future__ import annotations

import argparse
from typing import Any

from voiceguide import messages
from voiceguide.commands.options import load_settings
from voiceguide.errors import UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("run", parents=[common], help="walk a practice (for example: run stop)")
    parser.add_argument("practice", help="practice id, for example stop")
    parser.add_argument("--no-tui", action="store_true", help="speak and listen without the terminal app")
    parser.set_defaults(handler=run_practice)


def run_practice(args: argparse.Namespace) -> int:
    config = load_settings(args)
    if args.practice != "stop":
        raise UsageError(f"unknown practice '{args.practice}' (available: stop)")
    from voiceguide.headless import walk_stop

    return walk_stop(config)


def default_handler(args: argparse.Namespace) -> int:
    """With no subcommand: the terminal app when it is available, else the spoken STOP walkthrough."""
    print(messages.NO_TUI_FALLBACK)
    args.practice = "stop"
    args.no_tui = True
    return run_practice(args)
