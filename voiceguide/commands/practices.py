"""`voiceguide practices list|show|validate`: browse the practice library and check practice files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceguide.errors import EXIT_OK, EXIT_USAGE
from voiceguide.notices import one_line

if TYPE_CHECKING:
    from voiceguide.practices.library import Library
    from voiceguide.practices.model import AnyStep, Practice

# The practice modules are imported inside the handlers, so `voiceguide --version` stays quick.


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("practices", parents=[common], help="list, show or check practices")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="every practice, grouped by category")
    listing.add_argument("--json", action="store_true", help="print JSON instead of text")
    listing.set_defaults(handler=list_practices)
    show = actions.add_parser("show", parents=[common], help="one practice, step by step")
    show.add_argument("practice", metavar="ID", help="practice id, for example box-breathing")
    show.set_defaults(handler=show_practice)
    validate = actions.add_parser("validate", parents=[common], help="check practice files")
    validate.add_argument("files", metavar="FILE", nargs="+", type=Path, help="practice TOML files")
    validate.set_defaults(handler=validate_files)


def _is_builtin(practice: Practice) -> bool:
    from voiceguide.practices.library import BUILTIN_DIR

    return practice.origin.startswith(str(BUILTIN_DIR))


def _warn_skipped(library: Library) -> None:
    """One line per skipped file: its first problem, and how to see them all."""
    for line in library.skipped():
        print(f"voiceguide: {line}", file=sys.stderr)


def _as_json(practice: Practice) -> dict[str, Any]:
    return {
        "id": practice.id, "title": practice.title, "summary": practice.summary,
        "minutes": practice.minutes, "category": practice.category.value, "source": practice.source,
        "steps": len(practice.steps), "builtin": _is_builtin(practice), "file": practice.origin,
    }


def list_practices(args: argparse.Namespace) -> int:
    from voiceguide.journal.textout import print_text
    from voiceguide.practices.library import load_library

    library = load_library()
    _warn_skipped(library)
    groups = library.by_category()
    if args.json:
        practices = [_as_json(practice) for group in groups.values() for practice in group]
        print(json.dumps({"practices": practices, "problems": [str(p) for p in library.problems]}, indent=2))
        return EXIT_OK
    width = max(len(practice_id) for practice_id in library.practices)
    for category, group in groups.items():
        print(category.label)
        for practice in group:
            mine = "" if _is_builtin(practice) else "  (yours)"
            print_text(f"  {practice.id:<{width}}  {practice.title} ({practice.minutes:g} min): "
                  f"{practice.summary}{mine}")
        print_text("")
    return EXIT_OK


def describe_step(step: AnyStep) -> str:
    """One line per step for `practices show`."""
    from voiceguide.practices.model import (
        BreatheStep,
        ChooseStep,
        CountStep,
        ListenStep,
        PauseStep,
        RateStep,
        SayStep,
    )

    if isinstance(step, BreatheStep):
        pattern = ", ".join(f"{phase.kind.value} {phase.seconds:g} s" for phase in step.phases)
        extra = f"{pattern}; {step.cycles} cycles, {step.cue.value} cues"
        return f"{extra}. {step.text}" if step.text else extra
    if isinstance(step, PauseStep):
        return f"{step.seconds:g} s of quiet. {step.text}".strip()
    if isinstance(step, ListenStep):
        return f"{step.prompt} -> journal field '{step.field}'"
    if isinstance(step, CountStep):
        return f"{step.prompt} ({step.count} to name)"
    if isinstance(step, RateStep):
        return f"{step.prompt} (rating {step.which.value})"
    if isinstance(step, ChooseStep):
        branches = [f"{option.name} -> {option.goto}" for option in step.options]
        branches += [f"{word} -> {target}" for word, target in (("yes", step.yes), ("no", step.no)) if target]
        if step.default:
            branches.append(f"next -> {step.default}")
        return f"{step.prompt} [{'; '.join(branches)}]"
    assert isinstance(step, SayStep)
    return f"{step.text} (waits for next)" if step.wait else step.text


def show_practice(args: argparse.Namespace) -> int:
    from voiceguide.journal.textout import print_text
    from voiceguide.practices.library import load_library

    library = load_library()
    _warn_skipped(library)
    practice = library.get(args.practice)
    print_text(f"{practice.title}  [{practice.id}]")
    print_text(practice.summary)
    print_text(f"Category: {practice.category.label}. About {practice.minutes:g} minutes.")
    print_text(f"Method: {practice.source}")
    print_text(f"File: {practice.origin}")
    print_text("")
    for number, step in enumerate(practice.steps, start=1):
        jump = f" (then {step.next})" if step.next else ""
        print_text(f"{number:>2}. {step.kind.value} [{step.id}]: {describe_step(step)}{jump}")
    if practice.offer_support:
        print_text("    Ends at the support card.")
    return EXIT_OK


def validate_files(args: argparse.Namespace) -> int:
    from voiceguide.practices.loader import PracticeError, Problem, load_file

    problems: list[Problem] = []
    for path in args.files:
        try:
            practice = load_file(path)
        except PracticeError as exc:
            problems.extend(exc.problems)
            continue
        print(f"{path}: ok ({practice.id}, {len(practice.steps)} steps)")
    for problem in problems:
        print(f"voiceguide: {one_line(str(problem))}", file=sys.stderr)
    return EXIT_USAGE if problems else EXIT_OK
