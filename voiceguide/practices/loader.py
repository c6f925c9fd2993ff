"""Reading practice TOML files into Practice values, with one-line problems naming file, line and field."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voiceguide.errors import UsageError
from voiceguide.practices.flow import choice_without_end, endless_loop
from voiceguide.practices.locate import Path as KeyPath
from voiceguide.practices.locate import key_lines, line_of
from voiceguide.practices.model import (
    END_TARGET,
    PLACEHOLDER,
    AnyStep,
    BreatheStep,
    Category,
    ChooseStep,
    CountStep,
    CueStyle,
    ListenStep,
    Option,
    PauseStep,
    Phase,
    PhaseKind,
    Practice,
    RateStep,
    RatingWhich,
    SayStep,
    StepKind,
)

MAX_PHASE_SECONDS = 20.0
MIN_PHASE_SECONDS = 0.5
IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*\Z")
STEP_ID = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
SYNTAX_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
DEFAULT_WORDS = {PhaseKind.INHALE: "Breathe in", PhaseKind.HOLD: "Hold", PhaseKind.EXHALE: "Breathe out"}

TOP_KEYS = ("id", "title", "summary", "minutes", "category", "source", "offer_support", "steps")
COMMON_STEP_KEYS = ("kind", "id", "next")
STEP_KEYS: dict[StepKind, tuple[str, ...]] = {
    StepKind.SAY: ("text", "wait", "save_as"),
    StepKind.PAUSE: ("seconds", "text"),
    StepKind.BREATHE: ("phases", "cycles", "minutes", "prepare", "cue", "text"),
    StepKind.LISTEN: ("prompt", "field", "end_phrase", "silence"),
    StepKind.RATE: ("prompt", "which"),
    StepKind.CHOOSE: ("prompt", "yes", "no", "options", "default"),
    StepKind.COUNT: ("prompt", "count", "field"),
}
PHASE_KEYS = ("kind", "seconds", "word")
OPTION_KEYS = ("name", "goto")


@dataclass(frozen=True)
class Problem:
    """One mistake in a practice file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class PracticeError(UsageError):
    """A practice file is invalid; `problems` lists every mistake found (exit code 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")
        self.problems = problems


def _field_name(path: KeyPath) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class _Checker:
    """Collects problems while reading one parsed document."""

    def __init__(self, origin: str, text: str) -> None:
        self.origin = origin
        self.lines = key_lines(text)
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append(Problem(self.origin, line_of(self.lines, path), _field_name(path), message))

    def keys(self, table: dict[str, Any], path: KeyPath, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                self.problem((*path, key), f"unknown key (known here: {', '.join(allowed)})")

    def get(self, table: dict[str, Any], path: KeyPath, key: str, kind: str, *, required: bool = False,
            low: float | None = None, high: float | None = None,
            choices: tuple[str, ...] = ()) -> Any:
        """The value of `key` checked against `kind` (text, line, number, whole, bool, choice, name, id)."""
        where = (*path, key)
        if key not in table:
            if required:
                self.problem(path, f"missing field '{key}'")
            return None
        value = table[key]
        if kind in ("text", "line", "choice", "name", "id"):
            if not isinstance(value, str):
                self.problem(where, f"expected text, got {_type_name(value)}")
                return None
            if not value.strip():
                self.problem(where, "must not be empty")
                return None
            if kind == "line" and len(value.strip().splitlines()) > 1:  # one line of `practices list`
                self.problem(where, "must be one line")
                return None
            if kind == "choice" and value not in choices:
                self.problem(where, f"'{value}' is not one of: {', '.join(choices)}")
                return None
            if kind == "name" and not IDENTIFIER.match(value):
                self.problem(where, f"'{value}' must be lower case letters, digits and _, from a letter")
                return None
            if kind == "id" and not STEP_ID.match(value):
                self.problem(where, f"'{value}' must be lower case letters, digits, - and _")
                return None
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.problem(where, f"expected true or false, got {_type_name(value)}")
                return None
            return value
        whole = kind == "whole"
        wanted = "a whole number" if whole else "a number"
        allowed: type | tuple[type, ...] = int if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed):
            self.problem(where, f"expected {wanted}, got {_type_name(value)}")
            return None
        assert isinstance(value, int | float)
        if not math.isfinite(value):  # TOML allows nan and inf, which no range check catches
            self.problem(where, f"{value} is not a finite number")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low if low is not None else '-'} to {high if high is not None else '-'}"
            self.problem(where, f"{value} is out of range ({bounds})")
            return None
        return value

    def tables(self, table: dict[str, Any], path: KeyPath, key: str, *, required: bool) -> list[Any] | None:
        if key not in table:
            if required:
                self.problem(path, f"missing field '{key}'")
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.problem((*path, key), f"expected a list of tables, got {_type_name(value)}")
            return None
        if not value:
            self.problem((*path, key), "must not be empty")
            return None
        return value


def _read_phases(check: _Checker, raw: list[dict[str, Any]], path: KeyPath) -> tuple[Phase, ...]:
    phases: list[Phase] = []
    for index, table in enumerate(raw):
        where = (*path, index)
        check.keys(table, where, PHASE_KEYS)
        kind = check.get(table, where, "kind", "choice", required=True, choices=tuple(PhaseKind))
        seconds = table.get("seconds")
        if (isinstance(seconds, int | float) and not isinstance(seconds, bool) and math.isfinite(seconds)
                and seconds > MAX_PHASE_SECONDS):
            check.problem((*where, "seconds"), f"{seconds:g} s is too long for a breathing phase "
                                              f"(at most {MAX_PHASE_SECONDS:g} s)")
            seconds = None
        else:
            seconds = check.get(table, where, "seconds", "number", required=True, low=MIN_PHASE_SECONDS,
                                high=MAX_PHASE_SECONDS)
        word = check.get(table, where, "word", "text")
        if kind is not None and seconds is not None:
            phase_kind = PhaseKind(kind)
            phases.append(Phase(phase_kind, float(seconds), word or DEFAULT_WORDS[phase_kind]))
    kinds = {phase.kind for phase in phases}
    if len(phases) == len(raw) and not {PhaseKind.INHALE, PhaseKind.EXHALE} <= kinds:
        check.problem(path, "a breathing cycle needs at least one inhale and one exhale")
    return tuple(phases)


def _read_step(check: _Checker, table: dict[str, Any], index: int, fields_so_far: set[str],
               targets: list[tuple[KeyPath, str]]) -> AnyStep | None:
    path: KeyPath = ("steps", index)
    kind_name = check.get(table, path, "kind", "choice", required=True, choices=tuple(StepKind))
    step_id = check.get(table, path, "id", "id") or f"step-{index + 1}"
    nxt = check.get(table, path, "next", "id")
    if nxt:
        targets.append(((*path, "next"), nxt))
    if kind_name is None:
        return None
    kind = StepKind(kind_name)
    check.keys(table, path, COMMON_STEP_KEYS + STEP_KEYS[kind])
    common: dict[str, Any] = {"id": step_id, "next": nxt, "line": line_of(check.lines, path)}
    before = len(check.problems)
    step: AnyStep | None = None
    if kind is StepKind.SAY:
        text = check.get(table, path, "text", "text", required=True)
        save_as = check.get(table, path, "save_as", "name")
        for name in PLACEHOLDER.findall(text or ""):
            if name not in fields_so_far:
                check.problem((*path, "text"), f"{{{name}}} names no field kept by an earlier step")
        if save_as:
            fields_so_far.add(save_as)
        step = SayStep(**common, text=text or "", wait=bool(check.get(table, path, "wait", "bool")),
                       save_as=save_as)
    elif kind is StepKind.PAUSE:
        seconds = check.get(table, path, "seconds", "number", required=True, low=1, high=600)
        text = check.get(table, path, "text", "text") or ""
        step = PauseStep(**common, seconds=float(seconds or 0), text=text)
    elif kind is StepKind.BREATHE:
        step = _read_breathe(check, table, path, common)
    elif kind is StepKind.LISTEN:
        prompt = check.get(table, path, "prompt", "text", required=True)
        field = check.get(table, path, "field", "name", required=True)
        end_phrase = check.get(table, path, "end_phrase", "text")
        silence = check.get(table, path, "silence", "number", low=1, high=60)
        if field:
            fields_so_far.add(field)
        # unset (None): the config's [listen] end_phrase and silence_timeout apply
        step = ListenStep(**common, prompt=prompt or "", field=field or "",
                          own_end_phrase=end_phrase.lower() if end_phrase else None,
                          own_silence=float(silence) if silence is not None else None)
    elif kind is StepKind.RATE:
        prompt = check.get(table, path, "prompt", "text", required=True)
        which = check.get(table, path, "which", "choice", required=True, choices=tuple(RatingWhich))
        step = RateStep(**common, prompt=prompt or "", which=RatingWhich(which or "before"))
    elif kind is StepKind.CHOOSE:
        step = _read_choose(check, table, path, common, targets)
    else:
        prompt = check.get(table, path, "prompt", "text", required=True)
        count = check.get(table, path, "count", "whole", required=True, low=1, high=10)
        field = check.get(table, path, "field", "name")
        if field:
            fields_so_far.add(field)
        step = CountStep(**common, prompt=prompt or "", count=int(count or 1), field=field)
    return step if len(check.problems) == before else None


def _read_breathe(check: _Checker, table: dict[str, Any], path: KeyPath,
                  common: dict[str, Any]) -> BreatheStep | None:
    raw = check.tables(table, path, "phases", required=True)
    phases = _read_phases(check, raw, (*path, "phases")) if raw else ()
    cycles = check.get(table, path, "cycles", "whole", low=1, high=200)
    minutes = check.get(table, path, "minutes", "number", low=0.25, high=60)
    if "cycles" in table and "minutes" in table:
        check.problem((*path, "minutes"), "give cycles or minutes, not both")
    elif "cycles" not in table and "minutes" not in table:
        check.problem(path, "missing field 'cycles' (or 'minutes')")
    prepare = check.get(table, path, "prepare", "number", low=0, high=30)
    cue = check.get(table, path, "cue", "choice", choices=tuple(CueStyle))
    if not phases:
        return None
    cycle_seconds = sum(phase.seconds for phase in phases)
    count = int(cycles) if cycles else max(1, round(float(minutes or 1) * 60 / cycle_seconds))
    text = check.get(table, path, "text", "text") or ""
    settle = 3.0 if prepare is None else float(prepare)
    return BreatheStep(**common, phases=phases, cycles=count, prepare=settle,
                       cue=CueStyle(cue or CueStyle.WORDS), text=text)


def _read_choose(check: _Checker, table: dict[str, Any], path: KeyPath, common: dict[str, Any],
                 targets: list[tuple[KeyPath, str]]) -> ChooseStep:
    prompt = check.get(table, path, "prompt", "text", required=True)
    branch: dict[str, str | None] = {}
    for key in ("yes", "no", "default"):
        branch[key] = check.get(table, path, key, "id")
        if branch[key]:
            targets.append(((*path, key), str(branch[key])))
    options: list[Option] = []
    names: set[str] = set()
    for index, raw in enumerate(check.tables(table, path, "options", required=False) or []):
        where = (*path, "options", index)
        check.keys(raw, where, OPTION_KEYS)
        name = check.get(raw, where, "name", "text", required=True)
        goto = check.get(raw, where, "goto", "id", required=True)
        if goto:
            targets.append(((*where, "goto"), goto))
        if name and name.lower() in names:  # the user could never reach the second one
            check.problem((*where, "name"), f"'{name}' is already an option of this step")
        elif name:
            names.add(name.lower())
        if name and goto:
            options.append(Option(name.lower(), goto))
    if "options" not in table and not (branch["yes"] and branch["no"]):
        check.problem(path, "a choose step needs both 'yes' and 'no', or 'options'")
    return ChooseStep(**common, prompt=prompt or "", yes=branch["yes"], no=branch["no"],
                      options=tuple(options), default=branch["default"])


def parse_practice(text: str, origin: str) -> Practice:
    """Validate and build a practice from TOML text; raises PracticeError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = SYNTAX_POSITION.search(message)
        line = 1
        if found:
            line = int(found.group(1)) if found.group(1) else text.count("\n") + 1
        message = SYNTAX_POSITION.sub("", message)
        raise PracticeError([Problem(origin, line, "", f"TOML syntax error: {message}")]) from None
    except RecursionError:
        raise PracticeError([Problem(origin, 1, "", "nested too deeply")]) from None
    check = _Checker(origin, text)
    check.keys(data, (), TOP_KEYS)
    practice_id = check.get(data, (), "id", "id", required=True)
    title = check.get(data, (), "title", "line", required=True)
    summary = check.get(data, (), "summary", "line", required=True)
    minutes = check.get(data, (), "minutes", "number", required=True, low=0.5, high=120)
    category = check.get(data, (), "category", "choice", required=True, choices=tuple(Category))
    source = check.get(data, (), "source", "text", required=True)
    offer_support = check.get(data, (), "offer_support", "bool")
    raw_steps = check.tables(data, (), "steps", required=True) or []
    fields: set[str] = set()
    targets: list[tuple[KeyPath, str]] = []
    steps: list[AnyStep] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(raw_steps):
        step = _read_step(check, table, index, fields, targets)
        step_id = table.get("id") if isinstance(table.get("id"), str) else f"step-{index + 1}"
        if step_id in seen or step_id == END_TARGET:
            check.problem(("steps", index, "id"), f"'{step_id}' is already used" if step_id in seen
                          else f"'{END_TARGET}' is reserved for ending the practice")
        seen[step_id] = index
        if step is not None:
            steps.append(step)
    for path, target in targets:
        if target != END_TARGET and target not in seen:
            check.problem(path, f"'{target}' points at no step (step ids: {', '.join(seen) or 'none'}; "
                                f"or '{END_TARGET}')")
    if not check.problems:
        looping = endless_loop(steps)
        if looping is not None:
            check.problem(("steps", looping, "next"), f"'{steps[looping].next}' makes a loop that never "
                                                      "reaches the end or a choice")
        elif (stuck := choice_without_end(steps)) is not None:
            check.problem(("steps", stuck), f"no answer to '{steps[stuck].id}' ever reaches the end: its "
                                            "branches (and where \"next\" goes) all lead back")
    if check.problems:
        raise PracticeError(check.problems)
    return Practice(
        id=practice_id, title=title, summary=summary, minutes=float(minutes), category=Category(category),
        source=source, steps=tuple(steps), offer_support=bool(offer_support), origin=origin,
    )


def load_file(path: Path) -> Practice:
    """Read and validate one practice file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PracticeError([Problem(str(path), 0, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte order mark, as some editors write
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PracticeError([Problem(str(path), line, "", "not UTF-8 text")]) from None
    return parse_practice(text, str(path))
