"""What goes into the session runner (events) and what comes out of it (effects, and the step view)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from voiceguide.intents import Intent
from voiceguide.practices.model import CueStyle, RatingWhich, StepKind
from voiceguide.speech.recognizer import ListenMode


class RunnerState(StrEnum):
    """What the runner is doing; the frontend shows it and decides what to listen for from it."""

    SPEAKING = "speaking"  # a Speak is playing; SpeechFinished moves on
    WAITING = "waiting"  # waiting for an intent (next, yes/no, a number...)
    LISTENING = "listening"  # taking the user's own words (dictation or count)
    BREATHING = "breathing"  # the pacer is running on its deadlines
    PAUSED = "paused"  # everything frozen until resume
    ENDED = "ended"


# ---- events: frontend -> runner ----------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """The frontend's clock tick; send one at (or soon after) `Runner.next_deadline()`."""

    now: float


@dataclass(frozen=True)
class IntentEvent:
    """The user asked for something, by voice or by key."""

    intent: Intent


@dataclass(frozen=True)
class Utterance:
    """Words heard while listening in dictation mode; `final` once the recognizer settled the segment."""

    text: str
    final: bool = True


@dataclass(frozen=True)
class SpeechFinished:
    """A Speak finished playing (or was cut off); `text` is what it said, so stale finishes are ignored.

    Leave `text` empty to mean "whatever was spoken last".
    """

    text: str = ""


@dataclass(frozen=True)
class ListenTimedOut:
    """The frontend heard trailing silence for the Listen effect's `silence` seconds."""


Event = Tick | IntentEvent | Utterance | SpeechFinished | ListenTimedOut


# ---- effects: runner -> frontend ---------------------------------------------------------------


@dataclass(frozen=True)
class Speak:
    """Say `text` calmly. A new Speak replaces anything still being spoken."""

    text: str


@dataclass(frozen=True)
class StopSpeaking:
    """Cut off any speech at once (the user moved on, paused or asked to end)."""


@dataclass(frozen=True)
class PlayCue:
    """A breathing phase (inhale/hold/exhale) of `seconds` starts at monotonic time `at`.

    The frontend plays a soft tone for it when `style` is TONES; for WORDS the runner also emits
    a Speak of the phase's word; SILENT leaves it to the visual pacer. Kind "tick" acknowledges a
    counted item in a count step.
    """

    phase: str
    seconds: float
    at: float
    style: CueStyle = CueStyle.TONES


SHORT_ANSWER_WORDS = 8
# Longer than a pause between words (up to 1.5 s, and the endpointer's window), short enough that the
# next prompt starts within about 2.5 s of a short answer's last word.
SHORT_ANSWER_SILENCE = 2.0


def short_silence_for(silence: float) -> float:
    """A short answer's silence for a step whose answers end after `silence` (half of it, at least
    SHORT_ANSWER_SILENCE, never more than `silence`): a person who asked for a longer wait keeps more."""
    return min(silence, max(SHORT_ANSWER_SILENCE, silence / 2))


@dataclass(frozen=True)
class Listen:
    """Start listening in `mode`.

    `field` names the journal field for dictation; `end_phrase` and `silence` (seconds of trailing
    silence) end a dictation; `short_silence` (when set) ends a short answer sooner (see
    `silence_after`).
    """

    mode: ListenMode
    field: str = ""
    end_phrase: str = ""
    silence: float = 0.0
    short_silence: float | None = None

    def silence_after(self, answer: str) -> float:
        """The quiet that ends the answer given so far: a short one (one to SHORT_ANSWER_WORDS settled
        words) ends after `short_silence`, so a person who said a few words is not left waiting;
        a longer one, or none yet, after `silence`."""
        words = len(answer.split())
        if self.short_silence is None or not 1 <= words <= SHORT_ANSWER_WORDS:
            return self.silence
        return self.short_silence


@dataclass(frozen=True)
class StopListening:
    """Stop the microphone (nothing is expected from the user right now)."""


@dataclass(frozen=True)
class StepView:
    """Everything a frontend needs to draw the current step."""

    practice_title: str
    step_index: int  # 0-based
    step_total: int
    step_id: str
    kind: StepKind
    text: str
    state: RunnerState
    phase: str = ""  # "prepare", "inhale", "hold", "exhale" while breathing
    phase_started_at: float | None = None
    phase_deadline: float | None = None
    phase_remaining: float | None = None  # seconds left in the phase at the time of the view
    cycle: int = 0  # 1-based while breathing
    cycles: int = 0
    pace: float = 1.0  # breathing phase length multiplier
    cue: CueStyle | None = None
    counted: int = 0
    count_total: int = 0
    answer: str = ""  # what has been heard so far in a listen or count step
    options: tuple[str, ...] = ()
    confirming_end: bool = False


@dataclass(frozen=True)
class ShowStep:
    """Redraw with this view."""

    view: StepView


@dataclass(frozen=True)
class SaveField:
    """Keep what the user said as journal field `name` (the full text so far: replace, don't append)."""

    name: str
    text: str
    prompt: str
    step_id: str


@dataclass(frozen=True)
class SaveRating:
    """A 0-10 distress rating, before or after the practice."""

    which: RatingWhich
    value: int


@dataclass(frozen=True)
class OfferSupport:
    """Show the support card: `reason` is "asked" (the user said they need help) or "practice"."""

    reason: str


class EndReason(StrEnum):
    COMPLETED = "completed"
    ENDED_BY_USER = "ended by user"


@dataclass(frozen=True)
class End:
    """The practice is over; nothing more will be emitted."""

    reason: EndReason


Effect = (
    Speak | StopSpeaking | PlayCue | Listen | StopListening | ShowStep | SaveField | SaveRating | OfferSupport
    | End
)
