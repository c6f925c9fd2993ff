"""A 10-minute dictation through the app's session (SessionController, JournalRecorder) into the real
journal, on a fake clock (fast, exact)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.harness import WORKS, check_journal, record
from tests.faults.session import feed, segment_text, start_session
from voiceguide.config import Config
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal import SqliteJournal
from voiceguide.journal.models import Entry
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import IntentEvent, RunnerState, SpeechFinished
from voiceguide.practices.model import ListenStep
from voiceguide.session import SessionController
from voiceguide.speech.listening import MAX_LENGTH, DictationEventKind, DictationSession
from voiceguide.speech.recognizer import ListenMode, Transcript

MINUTES = 10
SEGMENT_SECONDS = 5.0


def to_first_listen_step(controller: SessionController, clock: FakeClock) -> ListenStep:
    runner = controller.runner
    while not isinstance(runner.step, ListenStep) or runner.state is not RunnerState.LISTENING:
        clock.advance(2.0)
        feed(controller, SpeechFinished() if runner.state is RunnerState.SPEAKING
             else IntentEvent(Intent(IntentKind.NEXT)))
    assert isinstance(runner.step, ListenStep)
    return runner.step


def answer_to(journal: SqliteJournal, step: ListenStep) -> Entry:
    entries = [entry for entry in journal.list_entries() if entry.step == step.id]
    assert len(entries) == 1, entries
    return entries[0]


def test_ten_minute_dictation(data_dir: Path) -> None:
    clock = FakeClock()
    said: list[str] = []
    with SqliteJournal(data_dir) as journal:
        controller = start_session("reflection-questions", journal, clock)
        runner = controller.runner
        step = to_first_listen_step(controller, clock)
        started = clock.now()
        index = 0
        while clock.now() - started < MINUTES * 60:
            for word in range(1, 5):  # partial text once a second, as a recognizer shows it
                clock.advance(1.0)
                controller.heard(f"partial {word}", final=False)
                deadline = runner.next_deadline()
                if deadline is not None and deadline <= clock.now():
                    controller.tick()
            clock.advance(SEGMENT_SECONDS - 4.0)
            text = segment_text(step.id, index)
            controller.heard(text, final=True)
            said.append(text)
            index += 1
            assert runner.state is RunnerState.LISTENING, "the dictation stopped by itself"
            assert answer_to(journal, step).text == " ".join(said)  # on disk as it settles
        controller.heard(step.end_phrase, final=True)
        assert runner.step is not step
        entry = answer_to(journal, step)
    assert len(said) == MINUTES * 60 / SEGMENT_SECONDS
    assert entry.text == " ".join(said)  # every segment, in order, nothing doubled
    lost = check_journal(data_dir, said)
    record("10-minute dictation (120 segments, app session to journal, fake clock)", "session", WORKS,
           message=f"{len(said)} segments saved in order", data_lost=lost)


class ScriptedRecognizer:
    """Stands in for the engine only: returns the transcripts the test queued, whatever the audio."""

    name = "scripted"

    def __init__(self) -> None:
        self.queued: list[Transcript] = []
        self.mode = ListenMode.COMMANDS

    def set_mode(self, mode: ListenMode) -> None:
        self.mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        taken, self.queued = self.queued, []
        return taken

    def flush(self) -> list[Transcript]:
        return self.accept(b"")


def test_dictation_reaching_its_ten_minute_limit(data_dir: Path) -> None:
    """The voice layer's dictation session, fed 10 minutes of speech on a fake clock, ends itself at the
    configured maximum; every settled segment reached the journal through the runner, the words still
    being spoken at the limit included."""
    clock = FakeClock()
    recognizer = ScriptedRecognizer()
    chunk = bytes(3200)  # 0.1 s of 16 kHz audio
    with SqliteJournal(data_dir) as journal:
        controller = start_session("reflection-questions", journal, clock)
        step = to_first_listen_step(controller, clock)
        dictation = DictationSession(recognizer, clock.now(), step.end_phrase, silence_timeout=4.0,
                                     max_seconds=Config().listen.max_dictation_seconds)
        said: list[str] = []
        ticks = 0
        while not dictation.done:
            clock.advance(0.1)
            ticks += 1
            if ticks % 10 == 0:  # a partial every second, a settled segment every five
                index = len(said)
                final = ticks % 50 == 30
                recognizer.queued.append(Transcript(segment_text(step.id, index), final=final))
                if final:
                    said.append(segment_text(step.id, index))
            for dictated in dictation.feed(chunk, clock.now()):
                if dictated.kind is DictationEventKind.SEGMENT:
                    controller.heard(dictated.text, final=True)
                elif dictated.kind is DictationEventKind.ENDED:
                    controller.listen_timed_out()
        assert dictation.ended == MAX_LENGTH
        assert clock.now() - dictation.started_at == pytest.approx(MINUTES * 60, abs=0.2)
        assert controller.runner.step is not step  # the limit moved the practice on
        entry = answer_to(journal, step)
    assert len(said) >= MINUTES * 60 / SEGMENT_SECONDS - 1
    assert dictation.segments[: len(said)] == said  # every settled segment, in order
    assert len(dictation.segments) == len(said) + 1  # and the words still being spoken at the limit
    assert entry.text == " ".join(dictation.segments)  # what the session settled is what the journal holds
    lost = check_journal(data_dir, dictation.segments)
    record("10-minute dictation reaching the maximum length (voice layer's dictation session)", "session",
           WORKS, message=f"ends itself at {MINUTES} minutes; {len(dictation.segments)} segments saved",
           data_lost=lost)
