"""The practice library: the built-in practices plus the user's own, which override them by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from voiceguide import paths
from voiceguide.errors import UsageError
from voiceguide.practices.loader import PracticeError, Problem, load_file
from voiceguide.practices.locate import key_lines, line_of
from voiceguide.practices.model import Category, Practice

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"


@dataclass
class Library:
    """Practices by id; `problems` are user files that were skipped because they are invalid."""

    practices: dict[str, Practice] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    overridden: set[str] = field(default_factory=set)  # built-in ids replaced by a user file

    def get(self, practice_id: str) -> Practice:
        try:
            return self.practices[practice_id]
        except KeyError:
            known = ", ".join(sorted(self.practices))
            raise UsageError(f"unknown practice '{practice_id}' (available: {known})") from None

    def skipped(self) -> list[str]:
        """One message per skipped user file: its first problem, and how to see them all."""
        from voiceguide.notices import one_line

        first: dict[str, tuple[str, int]] = {}
        for problem in self.problems:
            text, count = first.get(problem.file, (str(problem), 0))
            first[problem.file] = (text, count + 1)
        return [f"skipped invalid practice: {one_line(text)}"
                + (f" (and {count - 1} more: voiceguide practices validate {file})" if count > 1 else "")
                for file, (text, count) in first.items()]

    def by_category(self) -> dict[Category, list[Practice]]:
        """Practices grouped in category order, each group in title order (`title_key`)."""
        groups: dict[Category, list[Practice]] = {category: [] for category in Category}
        for practice in self.practices.values():
            groups[practice.category].append(practice)
        return {category: sorted(group, key=lambda p: title_key(p.title))
                for category, group in groups.items() if group}


def title_key(title: str) -> str:
    """A title as it is alphabetized: without case and a leading article ("The physiological sigh"
    goes under P)."""
    words = title.lower().split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def load_folder(folder: Path) -> tuple[list[Practice], list[Problem]]:
    """Every *.toml practice in `folder` (sorted by name), and the problems of those that are invalid."""
    practices: list[Practice] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return practices, problems
    for path in sorted(folder.glob("*.toml")):
        try:
            practices.append(load_file(path))
        except PracticeError as exc:
            problems.extend(exc.problems)
    return practices, problems


def load_builtins() -> list[Practice]:
    """The built-in practices; an invalid one is a bug, so it raises."""
    practices, problems = load_folder(BUILTIN_DIR)
    if problems:
        raise PracticeError(problems)
    return practices


def _duplicate(practice: Practice, first: str) -> Problem:
    """The problem of a user file whose id an earlier file (by name) already has."""
    try:
        line = line_of(key_lines(Path(practice.origin).read_text(encoding="utf-8")), ("id",))
    except (OSError, UnicodeDecodeError):
        line = 1
    return Problem(practice.origin, line, "id",
                   f"'{practice.id}' is already the id of {first}, so this file is skipped")


def load_library(user_dir: Path | None = None) -> Library:
    """Built-ins, then the user's folder (default: paths.user_practices_dir()) overriding by id.

    Two user files with one id: the first by file name counts, the other is listed in `problems`.
    """
    library = Library()
    for practice in load_builtins():
        library.practices[practice.id] = practice
    user_practices, library.problems = load_folder(user_dir or paths.user_practices_dir())
    mine: dict[str, str] = {}  # id -> the user file that holds it
    for practice in user_practices:
        if practice.id in mine:  # which of two copies counts must not depend on chance
            library.problems.append(_duplicate(practice, mine[practice.id]))
            continue
        mine[practice.id] = practice.origin
        replaced = library.practices.get(practice.id)
        if replaced is not None and replaced.origin.startswith(str(BUILTIN_DIR)):
            library.overridden.add(practice.id)
        library.practices[practice.id] = practice
    return library


def stop_prompts() -> list[str]:
    """The STOP practice's instructions, in order (for voice round-trip checks and benchmarks)."""
    from voiceguide.practices.model import BreatheStep, ListenStep, SayStep

    stop = next(p for p in load_builtins() if p.id == "stop")
    texts = [getattr(step, "text", "") or getattr(step, "prompt", "") for step in stop.steps
             if isinstance(step, SayStep | ListenStep | BreatheStep)]
    return [text for text in texts if text]
