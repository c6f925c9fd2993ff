"""Which step a typed line belongs to: the step on screen when it was typed, its first line only."""

from __future__ import annotations

import queue
from pathlib import Path

from voiceguide.config import Config
from voiceguide.headless import SpokenSession
from voiceguide.journal import SqliteJournal
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.practices.loader import parse_practice
from voiceguide.typed_lines import TypedInput, TypedLine, TypedLines, Use


def test_the_first_line_typed_while_a_step_is_on_belongs_to_it() -> None:
    lines = TypedLines()
    lines.shown(1.0, (0, "before"), asks=True)
    assert lines.use(TypedLine("5", 1.5)) is Use.NOW
    lines.settle()  # it answered the question
    assert lines.use(TypedLine("next", 1.6)) is Use.LATER  # typed ahead: waits for the practice to listen
    lines.shown(2.0, (1, "stop"), asks=False)
    assert lines.take_ahead() == "next" and lines.take_ahead() is None


def test_a_line_typed_for_a_step_that_is_gone_is_for_no_other_step() -> None:
    lines = TypedLines()
    lines.shown(1.0, (4, "say"), asks=False)
    lines.shown(1.2, (5, "question"), asks=True)
    assert lines.use(TypedLine("ok", 1.1)) is Use.GONE  # typed while the say step was on, read after it
    assert lines.use(TypedLine("my answer", 1.3)) is Use.NOW


def test_a_script_typed_before_anything_is_shown_walks_in_order() -> None:
    lines = TypedLines()
    assert lines.use(TypedLine("5", 0.1)) is Use.LATER
    lines.shown(1.0, (0, "before"), asks=True)
    assert lines.use(TypedLine("next", 0.2)) is Use.NOW  # typed before the first step: the first step's
    assert lines.take_ahead() == "5"


def test_a_command_leaves_the_step_open_for_its_answer() -> None:
    lines = TypedLines()
    lines.shown(1.0, (1, "question"), asks=True)
    assert lines.use(TypedLine("pause", 1.5)) is Use.NOW  # a command: the session does not settle it
    assert lines.use(TypedLine("resume", 1.6)) is Use.NOW
    assert lines.use(TypedLine("my answer", 1.7)) is Use.NOW


REFLECT_TWO = """
id = "two-questions"
title = "Two questions"
summary = "Two questions."
minutes = 1
category = "reflect"
source = "tests"

[[steps]]
id = "first"
kind = "listen"
prompt = "First question?"
field = "first"

[[steps]]
id = "second"
kind = "listen"
prompt = "Second question?"
field = "second"
"""


def walked(tmp_path: Path, typing: list[str]) -> tuple[list[str], dict[str, str]]:
    """The practice walked without a microphone or speaker, each line typed as its question appears."""
    practice = parse_practice(REFLECT_TWO, "two.toml")
    lines: TypedInput = queue.Queue()
    out: list[str] = []
    waiting = list(typing)

    def shown(text: str) -> None:
        out.append(text)
        if text.startswith("[") and waiting:
            for line in waiting.pop(0).split("|"):
                lines.put(line)
            if not waiting:
                lines.put(None)

    with SqliteJournal(tmp_path / "data") as journal:
        session = SpokenSession(practice, Config(), None, None, JournalRecorder(journal, practice.id), lines,
                                shown)
        session.run()
        return out, {e.step: e.text for e in journal.list_entries()}


def test_a_command_typed_at_a_question_is_a_command_and_the_answer_that_follows_stays_there(
        tmp_path: Path) -> None:
    out, entries = walked(tmp_path, ["end|no|sorry my hands are shaking", "and the second answer"])
    assert entries == {"first": "sorry my hands are shaking", "second": "and the second answer"}, out


def test_skip_typed_at_a_question_skips_it(tmp_path: Path) -> None:
    _, entries = walked(tmp_path, ["skip", "the second answer"])
    assert entries == {"second": "the second answer"}


def test_i_need_help_typed_at_a_question_opens_the_card_and_stays_on_it(tmp_path: Path) -> None:
    out, entries = walked(tmp_path, ["i need help|resume|my answer after all", "the second answer"])
    assert any("988" in line for line in out), out  # the support card was shown
    assert entries["first"].endswith("my answer after all") and entries["second"] == "the second answer"


def test_go_back_while_the_card_is_up_keeps_the_practice_paused_on_its_question(tmp_path: Path) -> None:
    from voiceguide.safety import spoken_message, support_card

    out, entries = walked(tmp_path, ["i need help|go back|resume|my answer after all", "the second answer"])
    assert spoken_message(support_card(Config().safety)) in out, "a calm message is said with the card"
    assert "  (the practice is paused; say or type resume to carry on)" in out
    assert entries["first"].endswith("my answer after all") and entries["second"] == "the second answer"
