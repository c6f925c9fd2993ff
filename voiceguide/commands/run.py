"""`voiceguide run PRACTICE`: walk a practice, in the terminal app or by voice alone."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from voiceguide.commands.options import APP_SKIP_HINT, check_asked_for, load_settings, unlocking_for
from voiceguide.errors import UsageError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("run", parents=[common], help="walk a practice (for example: run stop)")
    parser.add_argument("practice", help="practice id, for example stop")
    parser.add_argument("--no-tui", action="store_true", help="speak and listen without the terminal app")
    parser.set_defaults(handler=run_practice)


def run_practice(args: argparse.Namespace) -> int:
    from voiceguide.practices.library import load_library

    config = load_settings(args)
    check_asked_for(args, config)
    library = load_library()
    for line in library.skipped():  # a broken file of the user's own: the built-in (if any) runs instead
        print(f"voiceguide: {line}", file=sys.stderr)
    if not args.no_tui:
        from voiceguide.tui import run_app

        known = library.practices
        if args.practice not in known:
            raise UsageError(f"unknown practice '{args.practice}' (see: voiceguide practices list)")
        return run_app(config, args.practice, getattr(args, "data_dir", None),
                       unlocking_for(args, config, APP_SKIP_HINT))
    from voiceguide.headless import walk_practice

    return walk_practice(config, args.practice, getattr(args, "data_dir", None),
                         unlocking=unlocking_for(args, config))


def default_handler(args: argparse.Namespace) -> int:
    """With no subcommand: the terminal app."""
    from voiceguide.tui import run_app

    config = load_settings(args)
    check_asked_for(args, config)
    return run_app(config, None, getattr(args, "data_dir", None), unlocking_for(args, config, APP_SKIP_HINT))
