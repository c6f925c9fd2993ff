"""The core SessionController over the real runner, a real SQLite journal and a recording front end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from voiceguide.intents import Intent, IntentKind
from voiceguide.journal import SqliteJournal
from voiceguide.journal.models import Entry
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import EndReason, Listen, RunnerState, StepView
from voiceguide.practices.library import load_builtins
from voiceguide.safety import Category, SupportCard
from voiceguide.safety.calm_words import ESCALATION_OFFER
from voiceguide.session import SessionController
from voiceguide.speech.recognizer import ListenMode

STOP = next(p for p in load_builtins() if p.id == "stop")


class RecordingTarget:
    """An EffectTarget that keeps every call, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.deadline: float | None = None

    def speak(self, text: str) -> None:
        self.calls.append(("speak", text))

    def stop_speaking(self) -> None:
        self.calls.append(("stop_speaking", None))

    def play_cue(self, phase: str) -> None:
        self.calls.append(("cue", phase))

    def listen(self, listen: Listen) -> None:
        self.calls.append(("listen", listen.mode))

    def stop_listening(self) -> None:
        self.calls.append(("stop_listening", None))

    def show(self, view: StepView) -> None:
        self.calls.append(("show", view.step_id))

    def offer_support(self, card: SupportCard, message: str) -> None:
        self.calls.append(("support", (card, message)))

    def end(self, reason: EndReason) -> None:
        self.calls.append(("end", reason))

    def schedule(self, deadline: float | None) -> None:
        self.deadline = deadline

    def of(self, kind: str) -> list[Any]:
        return [value for name, value in self.calls if name == kind]


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[SqliteJournal]:
    with SqliteJournal(tmp_path / "data") as store:
        yield store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def session(journal: SqliteJournal, clock: FakeClock) -> tuple[SessionController, RecordingTarget]:
    target = RecordingTarget()
    controller = SessionController(STOP, target, clock, recorder=JournalRecorder(journal, "stop", "test"))
    controller.start()
    return controller, target


def spoken_through(controller: SessionController) -> None:
    """The speaker finished whatever the runner asked it to say."""
    while controller.runner.state is RunnerState.SPEAKING and not controller.ended:
        controller.speech_finished()


def entries(journal: SqliteJournal) -> list[Entry]:
    return journal.list_entries()


def test_stop_walked_by_heard_and_typed_text_into_the_journal(journal: SqliteJournal,
                                                              clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    assert controller.mode is ListenMode.NUMBER
    controller.heard("five", True)
    spoken_through(controller)  # the say step; then the quiet pause on its absolute deadline
    assert target.deadline is not None
    clock.set(target.deadline)
    controller.tick()
    spoken_through(controller)
    assert controller.view is not None and controller.view.step_id == "breathe"
    assert target.deadline is not None  # breathing is timed
    controller.heard("next", True)
    spoken_through(controller)
    controller.heard("no", True)
    spoken_through(controller)
    assert controller.mode is ListenMode.DICTATION
    controller.heard("my chest", False)
    controller.heard("my chest is tight", True)
    assert [e.text for e in entries(journal)] == ["my chest is tight"]  # on disk as the segment settles
    controller.heard("and my hands are cold", True)
    (observe,) = entries(journal)
    assert observe.text == observe.original == "my chest is tight and my hands are cold"
    assert observe.source == "spoken" and observe.engine == "test"
    controller.heard("i'm done", True)
    spoken_through(controller)
    controller.typed("call my sister")  # typed: the whole answer, and the step moves on
    spoken_through(controller)
    assert controller.mode is ListenMode.NUMBER
    controller.heard("three", True)
    spoken_through(controller)

    assert target.of("end") == [EndReason.COMPLETED]
    assert target.of("support") == []  # distress fell from 5 to 3: nothing to escalate
    kept = {e.step: e for e in entries(journal)}
    assert kept["proceed"].text == "call my sister" and kept["proceed"].source == "typed"
    assert {(e.rating_before, e.rating_after) for e in kept.values()} == {(5, 3)}


def test_a_spoken_answer_keeps_how_long_it_took_and_a_typed_one_none(journal: SqliteJournal,
                                                                   clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    controller.heard("five", True)
    spoken_through(controller)
    assert target.deadline is not None
    clock.set(target.deadline)
    controller.tick()
    spoken_through(controller)
    controller.heard("next", True)
    spoken_through(controller)
    controller.heard("no", True)
    spoken_through(controller)
    assert controller.mode is ListenMode.DICTATION
    listening_from = clock.now()
    clock.advance(4.0)
    controller.heard("my chest is tight", True)
    assert entries(journal)[0].duration == 4.0  # kept with the first segment
    clock.advance(5.5)
    controller.heard("and my hands are cold", True)
    assert entries(journal)[0].duration == clock.now() - listening_from == 9.5
    controller.heard("i'm done", True)
    spoken_through(controller)
    controller.typed("call my sister")
    kept = {e.step: e for e in entries(journal)}
    assert kept["observe"].duration == 9.5 and kept["proceed"].duration is None


def test_an_answer_said_again_keeps_its_duration(journal: SqliteJournal) -> None:
    recorder = JournalRecorder(journal, "stop", "test")
    recorder.answer("observe", "Observe.", "tight", "spoken", 2.0)
    recorder.answer("observe", "Observe.", "calmer now", "spoken", 6.0)  # an edit, not an extension
    (entry,) = entries(journal)
    assert (entry.text, entry.original, entry.duration) == ("calmer now", "tight", 6.0)


def test_crisis_words_in_an_answer_pause_and_open_the_card_kept_only_in_the_journal(
        journal: SqliteJournal, clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    controller.heard("six", True)
    spoken_through(controller)
    controller.intent(Intent(IntentKind.SKIP))  # past the pause, the breathing and the choice
    spoken_through(controller)
    controller.intent(Intent(IntentKind.SKIP))
    spoken_through(controller)
    controller.intent(Intent(IntentKind.SKIP))
    spoken_through(controller)
    assert controller.view is not None and controller.view.step_id == "observe"

    controller.heard("honestly i want to kill myself", True)

    (card, message), = target.of("support")
    assert card.category is Category.SUICIDE
    assert "9 8 8" in message  # the calm message names a line to call, digit by digit
    assert controller.runner.state is RunnerState.PAUSED
    assert [e.text for e in entries(journal)] == ["honestly i want to kill myself"]


def at_observe(controller: SessionController) -> None:
    spoken_through(controller)
    controller.heard("six", True)
    spoken_through(controller)
    for _ in range(3):  # past the pause, the breathing and the choice
        controller.intent(Intent(IntentKind.SKIP))
        spoken_through(controller)
    assert controller.view is not None and controller.view.step_id == "observe"


def test_a_crisis_in_a_draft_opens_the_card_at_once_and_the_final_keeps_the_words(
        journal: SqliteJournal, clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    at_observe(controller)

    controller.heard("i want to kill my self", False, draft=True)  # the quick reading of the segment
    (card, message), = target.of("support")
    assert card.category is Category.SUICIDE and "9 8 8" in message
    assert controller.runner.state is not RunnerState.PAUSED  # the accurate final is still to come

    controller.heard("I want to kill myself.", True)
    assert len(target.of("support")) == 1  # not offered a second time
    assert controller.runner.state is RunnerState.PAUSED
    assert [e.text for e in entries(journal)] == ["I want to kill myself."]


def test_a_draft_alarm_stands_when_the_final_reads_differently(journal: SqliteJournal,
                                                              clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    at_observe(controller)
    controller.heard("i want to kill myself", False, draft=True)
    controller.heard("I want to skill myself up.", True)  # a misreading must not take the card away
    assert len(target.of("support")) == 1
    assert controller.runner.state is RunnerState.PAUSED
    assert [e.text for e in entries(journal)] == ["I want to skill myself up."]
    controller.intent(Intent(IntentKind.SUPPORT))  # asked for again later: offered again
    assert len(target.of("support")) == 2


def test_ordinary_drafts_change_nothing(journal: SqliteJournal, clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    at_observe(controller)
    controller.heard("my shoulders are tight", False, draft=True)
    controller.heard("My shoulders are tight.", True)
    assert target.of("support") == []
    assert controller.runner.state is not RunnerState.PAUSED


def test_crisis_words_outside_an_answer_open_the_card_and_are_not_kept(journal: SqliteJournal,
                                                                         clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    controller.heard("there is no reason to live anymore", True)
    (card, message), = target.of("support")
    assert card.category is not None and message
    assert controller.runner.state is RunnerState.PAUSED
    assert entries(journal) == []
    controller.intent(Intent(IntentKind.RESUME))
    spoken_through(controller)
    assert controller.mode is ListenMode.NUMBER and controller.runner.state is RunnerState.WAITING


def test_the_spoken_support_phrase_opens_the_card_from_any_step(journal: SqliteJournal,
                                                                 clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    controller.heard("I need help", True)
    (card, message), = target.of("support")
    assert card.category is None and message == ""  # asked for: the card, no alarm
    assert controller.runner.state is RunnerState.PAUSED


def test_after_the_card_an_answer_is_still_kept_and_resume_is_heard(journal: SqliteJournal,
                                                                      clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    controller.heard("need help", True)  # in the rating, before any answer
    assert controller.runner.state is RunnerState.PAUSED and len(target.of("support")) == 1
    controller.heard("resume", True)  # not a rating's word: heard all the same while paused
    assert controller.runner.state is not RunnerState.PAUSED
    controller.heard("six", True)
    spoken_through(controller)
    for _ in range(3):
        controller.intent(Intent(IntentKind.SKIP))
        spoken_through(controller)
    assert controller.view is not None and controller.view.step_id == "observe"
    controller.heard("I need help", True)
    assert controller.runner.state is RunnerState.PAUSED and controller.mode is ListenMode.DICTATION
    controller.heard("my chest is tight and my hands will not stop shaking", True)  # said with the card open
    controller.heard("resume", True)
    assert controller.runner.state is RunnerState.LISTENING
    assert [e.text for e in entries(journal)] == ["my chest is tight and my hands will not stop shaking"]


def test_an_answer_that_asks_for_help_opens_the_card_and_is_kept(journal: SqliteJournal,
                                                                    clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    at_observe(controller)
    controller.heard("i need help with my sister she won't talk to me", True)
    assert len(target.of("support")) == 1 and controller.runner.state is RunnerState.PAUSED
    controller.heard("i need help", True)  # the phrase alone is a command, not part of the answer
    assert [e.text for e in entries(journal)] == ["i need help with my sister she won't talk to me"]


def test_high_distress_after_the_practice_offers_the_card(journal: SqliteJournal, clock: FakeClock) -> None:
    controller, target = session(journal, clock)
    spoken_through(controller)
    controller.heard("four", True)
    for _ in range(8):
        spoken_through(controller)
        if controller.mode is ListenMode.NUMBER:
            break
        controller.intent(Intent(IntentKind.SKIP))
    assert controller.mode is ListenMode.NUMBER
    controller.heard("nine", True)
    spoken_through(controller)
    assert [message for _, message in target.of("support")] == [ESCALATION_OFFER]
    assert target.calls[-1] == ("end", EndReason.COMPLETED)


def test_an_answer_said_again_replaces_the_text(journal: SqliteJournal) -> None:
    recorder = JournalRecorder(journal, "stop")
    recorder.answer("observe", "Observe.", "tight", "spoken")
    recorder.answer("observe", "Observe.", "tight chest", "spoken")
    (entry,) = entries(journal)
    assert entry.text == entry.original == "tight chest"
    recorder.answer("observe", "Observe.", "calmer now", "spoken")  # not an extension: an edit
    (entry,) = entries(journal)
    assert entry.text == "calmer now" and entry.original == "tight chest"
