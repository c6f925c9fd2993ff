"""A practice session on a fake clock writing into the real journal through the app's own wiring.

The session is the app's SessionController (the one behind the terminal app and the spoken walkthrough)
recording through its JournalRecorder into SqliteJournal; only the front end is a stand-in that does
nothing (no speaker, no screen) and the clock is fake. Each final utterance in a listen step becomes one
journal segment (committed before the next is heard). Run as a child:
`python -m tests.faults.session PRACTICE DATA_DIR [SEGMENTS]` prints `settled N TEXT` after each
committed segment and `done` at the end; a JournalError ends it with the CLI's one line and exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from voiceguide.errors import VoiceguideError
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal import SqliteJournal
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import (
    EndReason,
    Event,
    IntentEvent,
    Listen,
    RunnerState,
    SpeechFinished,
    StepView,
    Tick,
    Utterance,
)
from voiceguide.practices.library import load_library
from voiceguide.practices.model import ChooseStep, CountStep, ListenStep, RateStep
from voiceguide.practices.runner import Runner
from voiceguide.safety import SupportCard
from voiceguide.session import SessionController

SEGMENT_SECONDS = 5.0  # one settled piece of dictation every five seconds of speech


def segment_text(step: str, index: int) -> str:
    return f"{step} segment {index} where I said what I felt in my own words"


class SilentFront:
    """The front end (EffectTarget) with no speaker and no screen: the session's effects go nowhere."""

    def __init__(self) -> None:
        self.ended: EndReason | None = None

    def speak(self, text: str) -> None:
        pass

    def stop_speaking(self) -> None:
        pass

    def play_cue(self, phase: str) -> None:
        pass

    def listen(self, listen: Listen) -> None:
        pass

    def stop_listening(self) -> None:
        pass

    def show(self, view: StepView) -> None:
        pass

    def offer_support(self, card: SupportCard, message: str) -> None:
        pass

    def end(self, reason: EndReason) -> None:
        self.ended = reason

    def schedule(self, deadline: float | None) -> None:
        pass


def start_session(practice_id: str, journal: SqliteJournal, clock: FakeClock) -> SessionController:
    """The app's session over `practice_id`, recording into `journal`, started."""
    practice = load_library().get(practice_id)
    recorder = JournalRecorder(journal, practice.id, "pocketsphinx")
    controller = SessionController(practice, SilentFront(), clock, recorder=recorder)
    controller.start()
    return controller


def feed(controller: SessionController, event: Event) -> None:
    """Hand `event` to the session the way a front end does (heard text, a key's intent, a tick)."""
    if isinstance(event, SpeechFinished):
        controller.speech_finished()
    elif isinstance(event, Tick):
        controller.tick()
    elif isinstance(event, Utterance):
        controller.heard(event.text, event.final)
    elif isinstance(event, IntentEvent):
        controller.intent(event.intent)
    else:
        raise AssertionError(f"no front end sends {event!r}")


def walk(practice_id: str, data_dir: Path, segments: int = 3, clock: FakeClock | None = None,
         on_settled: Callable[[int, str], None] | None = None,
         dictation: Sequence[str] = ()) -> list[str]:
    """Walk the practice to its end, `segments` dictated pieces per listen step (or, in the first one,
    the texts in `dictation`); returns what was dictated."""
    clock = clock or FakeClock()
    said: list[str] = []
    with SqliteJournal(data_dir) as journal:
        controller = start_session(practice_id, journal, clock)
        runner = controller.runner
        pending: list[Event] = [Utterance(text) for text in dictation]
        script = list(pending)
        for _ in range(100_000):
            if controller.ended:
                return said
            event = _next_event(runner, clock, pending, segments)
            feed(controller, event)
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
