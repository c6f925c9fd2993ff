"""The headless listening line: once per step, naming the words that step takes."""

from __future__ import annotations

import queue
from dataclasses import replace
from pathlib import Path

from voiceguide.config import Config
from voiceguide.headless import SpokenSession
from voiceguide.journal import SqliteJournal
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.practices.events import Listen, RunnerState, StepView
from voiceguide.practices.hints import listening_hint
from voiceguide.practices.loader import parse_practice
from voiceguide.practices.model import StepKind
from voiceguide.speech.recognizer import ListenMode
from voiceguide.typed_lines import TypedInput
from voiceguide.voice.pipeline import ListeningStarted

COMMANDS, NUMBER = Listen(ListenMode.COMMANDS), Listen(ListenMode.NUMBER)


def view(kind: StepKind, **changes: object) -> StepView:
    shown = StepView("T", 0, 3, "step", kind, "Text.", RunnerState.WAITING)
    return replace(shown, **changes)  # type: ignore[arg-type]


def test_each_step_kind_names_what_it_takes() -> None:
    assert listening_hint(view(StepKind.RATE), NUMBER) == "say or type a number from 0 to 10"
    assert listening_hint(view(StepKind.SAY), COMMANDS) == "say or type next when you are ready"
    assert listening_hint(view(StepKind.CHOOSE), COMMANDS) == "say or type yes or no"
    assert listening_hint(view(StepKind.CHOOSE, options=("breathe", "ground")), COMMANDS) == (
        "say or type one of: breathe (1), ground (2)")
    assert "slower, faster" in listening_hint(view(StepKind.BREATHE), COMMANDS)
    assert "done" in listening_hint(view(StepKind.COUNT), Listen(ListenMode.DICTATION, "", "i'm done"))
    assert listening_hint(view(StepKind.LISTEN), Listen(ListenMode.DICTATION, "f", "i'm done")) == (
        "speak or type your answer; say i'm done when you have finished")
    assert listening_hint(view(StepKind.LISTEN), Listen(ListenMode.DICTATION, "f")) == (
        "speak or type your answer")


def test_a_pause_and_the_end_question_name_their_own_words() -> None:
    assert listening_hint(view(StepKind.RATE, confirming_end=True), COMMANDS) == (
        "say or type yes to end the practice, or no to carry on")
    assert listening_hint(view(StepKind.LISTEN, state=RunnerState.PAUSED), COMMANDS) == (
        "say or type resume to carry on")


ONE_QUESTION = """
id = "one"
title = "One"
summary = "One question."
minutes = 1
category = "reflect"
source = "tests"

[[steps]]
id = "rate"
kind = "rate"
prompt = "How strong is it?"
which = "before"
"""


def test_listening_again_on_the_same_step_prints_no_second_line(tmp_path: Path) -> None:
    out: list[str] = []
    lines: TypedInput = queue.Queue()
    with SqliteJournal(tmp_path / "data") as journal:
        practice = parse_practice(ONE_QUESTION, "one.toml")
        session = SpokenSession(practice, Config(), None, None, JournalRecorder(journal, practice.id), lines,
                                out.append)
        session.controller.start()
        for _ in range(8):  # the pipeline starts listening again after each nudge
            session._heard_event(ListeningStarted(NUMBER))
        assert [line for line in out if "(listening" in line] == [
            "  (listening: say or type a number from 0 to 10)"], out
