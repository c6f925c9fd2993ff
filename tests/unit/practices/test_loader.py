"""Loading and validating practice files: every built-in, and one-line messages for every mistake."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voiceguide.practices.library import BUILTIN_DIR, load_builtins, load_library
from voiceguide.practices.loader import PracticeError, load_file, parse_practice
from voiceguide.practices.model import BreatheStep, Category, ChooseStep, PhaseKind

VALID = '''id = "mine"
title = "Mine"
summary = "My own practice."
minutes = 3
category = "breathe"
source = "my own"

[[steps]]
id = "intro"
kind = "say"
text = """Hello.
Let's begin."""

[[steps]]
id = "breath"
kind = "breathe"
phases = [
  { kind = "inhale", seconds = 4 },  # a comment with [brackets] and "quotes"
  { kind = "exhale", seconds = 6 },
]
cycles = 3

[[steps]]
id = "ask"
kind = "choose"
prompt = "Again?"
yes = "breath"
no = "end"
'''


def line_with(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_valid_example_loads() -> None:
    practice = parse_practice(VALID, "mine.toml")
    assert [step.id for step in practice.steps] == ["intro", "breath", "ask"]
    breathe = practice.steps[1]
    assert isinstance(breathe, BreatheStep) and breathe.phases[1].kind is PhaseKind.EXHALE
    assert breathe.line == line_with(VALID, 'id = "breath"') - 1
    assert isinstance(practice.steps[2], ChooseStep)


def test_there_are_at_least_fourteen_valid_builtins_with_unique_ids() -> None:
    practices = load_builtins()
    ids = [practice.id for practice in practices]
    assert len(ids) >= 14 and len(set(ids)) == len(ids)
    wanted = {"stop", "grounding-54321", "box-breathing", "breathing-478", "resonance-breathing",
              "physiological-sigh", "longer-exhale", "body-check-in", "trigger-map", "i-statement",
              "repair-steps", "daily-check-in", "reflection-questions", "anxious-surge",
              "urge-to-pull-away", "seek-help"}
    assert wanted <= set(ids)
    for practice in practices:
        assert Path(practice.origin).stem == practice.id
    assert {practice.category for practice in practices} == set(Category)


def test_builtin_presets_have_the_promised_timings() -> None:
    by_id = {practice.id: practice for practice in load_builtins()}

    def pattern(practice_id: str) -> list[float]:
        step = next(s for s in by_id[practice_id].steps if isinstance(s, BreatheStep))
        return [phase.seconds for phase in step.phases]

    assert pattern("box-breathing") == [4, 4, 4, 4]
    assert pattern("breathing-478") == [4, 7, 8]
    assert 5.3 <= 60 / sum(pattern("resonance-breathing")) <= 5.7
    sigh = next(s for s in by_id["physiological-sigh"].steps if isinstance(s, BreatheStep))
    assert [phase.kind for phase in sigh.phases] == [PhaseKind.INHALE, PhaseKind.INHALE, PhaseKind.EXHALE]
    longer = pattern("longer-exhale")
    assert longer[1] > longer[0]
    assert by_id["seek-help"].offer_support
    assert by_id["stop"].fields() == ["observe", "next_step"]
    assert by_id["i-statement"].fields() == ["feeling", "situation", "reason", "request", "statement"]


# (name, change to VALID, the line's marker in the changed text, expected words)
MISTAKES = [
    ("syntax error", ('title = "Mine"', 'title = "Mine'), 'title = "Mine', "TOML syntax error"),
    ("unknown key", ('cycles = 3', 'cycles = 3\ncolour = "blue"'), "colour", "steps[1].colour: unknown key"),
    ("unknown top-level key", ('minutes = 3', 'minutes = 3\nauthor = "me"'), "author", "author: unknown key"),
    ("phase too long", ('seconds = 6 }', 'seconds = 25 }'), "seconds = 25",
     "steps[1].phases[1].seconds: 25 s is too long"),
    ("phase too short", ('seconds = 6 }', 'seconds = 0.1 }'), "seconds = 0.1",
     "steps[1].phases[1].seconds: 0.1 is out of range"),
    ("no breathing in a cycle", ('{ kind = "exhale", seconds = 6 },', '{ kind = "hold", seconds = 6 },'),
     "phases = [", "steps[1].phases: a breathing cycle needs at least one inhale and one exhale"),
    ("dangling branch", ('yes = "breath"', 'yes = "nowhere"'), 'yes = "nowhere"',
     "steps[2].yes: 'nowhere' points at no step"),
    ("dangling next", ('kind = "say"', 'kind = "say"\nnext = "gone"'), 'next = "gone"',
     "steps[0].next: 'gone' points at no step"),
    ("wrong type", ('minutes = 3', 'minutes = "three"'), "minutes", "minutes: expected a number, got text"),
    ("wrong type in a step", ('cycles = 3', 'cycles = 2.5'), "cycles = 2.5",
     "steps[1].cycles: expected a whole number"),
    ("missing field", ('text = """Hello.\nLet\'s begin."""\n', ''), '[[steps]]',
     "steps[0]: missing field 'text'"),
    ("missing top-level field", ('source = "my own"\n', ''), 'id = "mine"', "missing field 'source'"),
    ("unknown step kind", ('kind = "say"', 'kind = "sing"'), 'kind = "sing"',
     "steps[0].kind: 'sing' is not one of"),
    ("unknown category", ('category = "breathe"', 'category = "relax"'), "category", "category: 'relax'"),
    ("duplicate step id", ('id = "ask"', 'id = "intro"'), 'id = "intro"\nkind = "choose"',
     "steps[2].id: 'intro' is already used"),
    ("bad placeholder", ('Let\'s begin."""', 'Hi {name}."""'), 'text = """Hello.', "{name} names no field"),
    ("choose without branches", ('yes = "breath"\nno = "end"\n', ''), '[[steps]]\nid = "ask"',
     "steps[2]: a choose step needs both 'yes' and 'no', or 'options'"),
    ("both cycles and minutes", ('cycles = 3', 'cycles = 3\nminutes = 2'), "minutes = 2",
     "give cycles or minutes, not both"),
    ("two-line summary", ('summary = "My own practice."', 'summary = """My own\npractice."""'), "summary",
     "summary: must be one line"),
    ("two-line title", ('title = "Mine"', 'title = "Mine\\nand more"'), "title", "title: must be one line"),
    ("endless loop", ('cycles = 3', 'cycles = 3\nnext = "intro"'), 'next = "intro"',
     "steps[1].next: 'intro' makes a loop that never reaches the end or a choice"),
    ("step that leads to itself", ('kind = "say"', 'kind = "say"\nnext = "intro"'), 'next = "intro"',
     "steps[0].next: 'intro' makes a loop that never reaches the end or a choice"),
    ("choice whose every branch leads back", ('no = "end"', 'no = "intro"\ndefault = "breath"'),
     '[[steps]]\nid = "ask"', "steps[2]: no answer to 'ask' ever reaches the end"),
    ("nan phase", ('seconds = 6 }', 'seconds = nan }'), "seconds = nan",
     "steps[1].phases[1].seconds: nan is not a finite number"),
    ("nan breathing minutes", ('cycles = 3', 'minutes = nan'), "minutes = nan",
     "steps[1].minutes: nan is not a finite number"),
    ("nan top-level minutes", ('minutes = 3', 'minutes = nan'), "minutes = nan",
     "minutes: nan is not a finite number"),
    ("duplicate option name", ('yes = "breath"\nno = "end"\n',
                               'options = [\n  { name = "calm", goto = "breath" },\n'
                               '  { name = "Calm", goto = "end" },\n]\n'),
     '{ name = "Calm"', "steps[2].options[1].name: 'Calm' is already an option of this step"),
]


@pytest.mark.parametrize(("name", "change", "marker", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_one_line_naming_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, change: tuple[str, str], marker: str,
    words: str,
) -> None:
    from voiceguide.cli import main

    old, new = change
    assert old in VALID, name
    text = VALID.replace(old, new, 1)
    path = tmp_path / "broken.toml"
    path.write_text(text)
    expected_line = text[: text.index(marker)].count("\n") + 1  # where the marker starts
    code = main(["practices", "validate", str(path)])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"voiceguide: {path}:{expected_line}: "), (lines[0], expected_line)
    assert words in lines[0]
    assert "Traceback" not in captured.err


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(PracticeError, match="cannot read"):
        load_file(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'id = "x"\ntitle = "\xff"\n')
    with pytest.raises(PracticeError, match=re.escape(f"{bad}:2: not UTF-8 text")):
        load_file(bad)


def test_a_byte_order_mark_is_not_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_file(path).id == "mine"


def test_every_problem_in_a_file_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.cli import main

    path = tmp_path / "two.toml"
    path.write_text(VALID.replace("minutes = 3", 'minutes = "x"').replace('yes = "breath"', 'yes = "y"'))
    good = tmp_path / "good.toml"
    good.write_text(VALID)
    assert main(["practices", "validate", str(good), str(path)]) == 2
    captured = capsys.readouterr()
    assert f"{good}: ok (mine, 3 steps)" in captured.out
    assert len(captured.err.splitlines()) == 2


def test_validating_every_builtin_succeeds(capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.cli import main

    files = sorted(str(path) for path in BUILTIN_DIR.glob("*.toml"))
    assert main(["practices", "validate", *files]) == 0
    assert capsys.readouterr().out.count(": ok (") == len(files)


def write_user_practice(text: str, name: str) -> Path:
    from voiceguide import paths

    folder = paths.user_practices_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_user_practices_add_and_override_by_id() -> None:
    write_user_practice(VALID, "mine.toml")
    write_user_practice(VALID.replace('id = "mine"', 'id = "box-breathing"').replace('title = "Mine"',
                                                                                       'title = "My box"'),
                        "box.toml")
    library = load_library()
    assert library.get("mine").title == "Mine"
    assert library.get("box-breathing").title == "My box"
    assert library.overridden == {"box-breathing"}
    assert library.get("stop").origin.startswith(str(BUILTIN_DIR))


def test_an_invalid_user_practice_is_skipped_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.cli import main

    path = write_user_practice(VALID.replace("cycles = 3", "cycles = 0"), "broken.toml")
    assert main(["practices", "list"]) == 0
    captured = capsys.readouterr()
    line = line_with(VALID, "cycles = 3")
    assert f"skipped invalid practice: {path}:{line}: steps[1].cycles" in captured.err
    assert "box-breathing" in captured.out


def test_two_user_files_with_one_id_keep_the_first_and_name_the_second(
        capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.cli import main

    write_user_practice(VALID, "a-mine.toml")
    copy = write_user_practice(VALID.replace('title = "Mine"', 'title = "Copy"'), "b-copy.toml")
    library = load_library()
    assert library.get("mine").title == "Mine"
    assert [str(problem) for problem in library.problems] == [
        f"{copy}:1: id: 'mine' is already the id of {copy.with_name('a-mine.toml')}, so this file is skipped"]
    assert main(["practices", "list"]) == 0
    assert f"skipped invalid practice: {copy}:1: id: 'mine'" in capsys.readouterr().err
