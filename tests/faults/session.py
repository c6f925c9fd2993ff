"""A practice session on a fake clock writing into the real journal, as the app's session wiring does.

Each final utterance in a listen step becomes one journal segment (committed before the next is
heard). Run as a child: `python -m tests.faults.session PRACTICE DATA_DIR [SEGMENTS]` prints
`settled N TEXT` after each committed segment and `done` at the end; a JournalError ends it with the
CLI's one line and exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from voiceguide.errors import VoiceguideError
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal import SqliteJournal
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import (
    Effect,
    End,
    Event,
    IntentEvent,
    RunnerState,
    SaveField,
    SaveRating,
    SpeechFinished,
    Tick,
    Utterance,
)
from voiceguide.practices.library import load_library
from voiceguide.practices.model import ChooseStep, CountStep, ListenStep, RateStep
from voiceguide.practices.runner import Runner

SEGMENT_SECONDS = 5.0  # one settled piece of dictation every five seconds of speech


def segment_text(step: str, index: int) -> str:
    return f"{step} segment {index} where I said what I felt in my own words"


@dataclass
class JournalSession:
    """Carries out the runner's journal effects: SaveField text grows, so only the new part is appended."""

    journal: SqliteJournal
    practice: str
    run_id: int = 0
    entries: dict[str, tuple[int, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.run_id = self.journal.start_run(self.practice)

    def apply(self, effects: list[Effect]) -> None:
        for effect in effects:
            if isinstance(effect, SaveField):
                entry_id, kept = self.entries.get(effect.name, (0, ""))
                if not entry_id:
                    entry_id = self.journal.begin_entry(practice=self.practice, step=effect.step_id,
                                                        prompt=effect.prompt, source="spoken",
                                                        engine="pocketsphinx", run_id=self.run_id)
                if effect.text.startswith(kept):
                    self.journal.append_segment(entry_id, effect.text[len(kept):])
                else:
                    self.journal.edit_text(entry_id, effect.text)
                self.entries[effect.name] = (entry_id, effect.text)
            elif isinstance(effect, SaveRating):
                self.journal.rate_run(self.run_id, **{effect.which.value: effect.value})
            elif isinstance(effect, End):
                for entry_id, text in self.entries.values():
                    self.journal.finish_entry(entry_id, SEGMENT_SECONDS * max(1, text.count("segment")))


def walk(practice_id: str, data_dir: Path, segments: int = 3, clock: FakeClock | None = None,
         on_settled: Callable[[int, str], None] | None = None,
         dictation: Sequence[str] = ()) -> list[str]:
    """Walk the practice to its end, `segments` dictated pieces per listen step (or, in the first one,
    the texts in `dictation`); returns what was dictated."""
    clock = clock or FakeClock()
    runner = Runner(load_library().get(practice_id), clock)
    said: list[str] = []
    with SqliteJournal(data_dir) as journal:
        session = JournalSession(journal, practice_id)
        session.apply(runner.start())
        pending: list[Event] = [Utterance(text) for text in dictation]
        script = list(pending)
        for _ in range(100_000):
            if runner.state is RunnerState.ENDED:
                return said
            event = _next_event(runner, clock, pending, segments)
            effects = runner.handle(event)
            session.apply(effects)
            if isinstance(event, Utterance) and (" segment " in event.text or event in script):
                said.append(event.text)
                if on_settled is not None:
                    on_settled(len(said) - 1, event.text)
    raise AssertionError("the practice did not end")


def _next_event(runner: Runner, clock: FakeClock, pending: list[Event], segments: int) -> Event:
    if runner.state is RunnerState.SPEAKING:
        clock.advance(2.0)
        return SpeechFinished()
    deadline = runner.next_deadline()
    if deadline is not None and runner.state is not RunnerState.LISTENING:
        clock.set(max(deadline, clock.now()))
        return Tick(clock.now())
    if pending and runner.state is RunnerState.LISTENING:
        clock.advance(SEGMENT_SECONDS)
        return pending.pop(0)
    clock.advance(1.0)
    step = runner.step
    if isinstance(step, RateStep):
        return IntentEvent(Intent(IntentKind.NUMBER, number=6))
    if isinstance(step, ChooseStep):
        return Utterance(step.options[0].name) if step.options else IntentEvent(Intent(IntentKind.NO))
    if isinstance(step, ListenStep):
        pending.extend(Utterance(segment_text(step.id, index)) for index in range(1, segments))
        pending.append(Utterance(step.end_phrase))
        return Utterance(segment_text(step.id, 0))
    if isinstance(step, CountStep):
        pending.extend(Utterance(f"thing {n}") for n in range(2, step.count + 1))
        return Utterance("thing 1")
    return IntentEvent(Intent(IntentKind.NEXT))


def main(argv: list[str]) -> int:
    practice, data_dir = argv[0], Path(argv[1])
    segments = int(argv[2]) if len(argv) > 2 else 3

    def settled(index: int, text: str) -> None:
        print(f"settled {index} {text}", flush=True)

    try:
        walk(practice, data_dir, segments, on_settled=settled)
    except VoiceguideError as exc:
        print(f"voiceguide: {exc}", file=sys.stderr)
        return exc.exit_code
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
