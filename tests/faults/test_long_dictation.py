"""A 10-minute dictation through the runner into the real journal, on a fake clock (fast, exact)."""

from __future__ import annotations

from pathlib import Path

from tests.faults.harness import WORKS, check_journal, record
from tests.faults.session import JournalSession, segment_text
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal import SqliteJournal
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import IntentEvent, RunnerState, SpeechFinished, Tick, Utterance
from voiceguide.practices.library import load_library
from voiceguide.practices.model import ListenStep
from voiceguide.practices.runner import Runner

MINUTES = 10
SEGMENT_SECONDS = 5.0


def test_ten_minute_dictation(data_dir: Path) -> None:
    clock = FakeClock()
    runner = Runner(load_library().get("reflection-questions"), clock)
    said: list[str] = []
    with SqliteJournal(data_dir) as journal:
        session = JournalSession(journal, "reflection-questions")
        session.apply(runner.start())
        while not isinstance(runner.step, ListenStep) or runner.state is not RunnerState.LISTENING:
            clock.advance(2.0)
            event = SpeechFinished() if runner.state is RunnerState.SPEAKING else IntentEvent(
                Intent(IntentKind.NEXT))
            session.apply(runner.handle(event))
        step = runner.step
        assert isinstance(step, ListenStep)
        started = clock.now()
        index = 0
        while clock.now() - started < MINUTES * 60:
            for word in range(1, 5):  # partial text once a second, as a recognizer shows it
                clock.advance(1.0)
                session.apply(runner.handle(Utterance(f"partial {word}", final=False)))
                deadline = runner.next_deadline()
                if deadline is not None and deadline <= clock.now():
                    session.apply(runner.handle(Tick(clock.now())))
            clock.advance(SEGMENT_SECONDS - 4.0)
            text = segment_text(step.id, index)
            session.apply(runner.handle(Utterance(text)))
            said.append(text)
            index += 1
            assert runner.state is RunnerState.LISTENING, "the dictation stopped by itself"
        session.apply(runner.handle(Utterance(step.end_phrase)))
        assert runner.step is not step
        entry_id, kept = session.entries[step.field]
        entry = journal.get(entry_id)
    assert len(said) == MINUTES * 60 / SEGMENT_SECONDS
    assert entry.text == " ".join(said) == kept  # every segment, in order, nothing doubled
    lost = check_journal(data_dir, said)
    record("10-minute dictation (120 segments, runner to journal, fake clock)", "session", WORKS,
           message=f"{len(said)} segments saved in order", data_lost=lost)
