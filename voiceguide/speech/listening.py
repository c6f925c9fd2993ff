"""From recognizer output to actions: command interpretation and the dictation session of a listen step."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript
from voiceguide.vocabulary import ends_with_phrase, normalize

MIN_COMMAND_CONFIDENCE = 0.0  # pocketsphinx's grammar posterior is not calibrated; the garbage path rejects


def interpret(transcript: Transcript, mode: ListenMode, min_confidence: float = MIN_COMMAND_CONFIDENCE
              ) -> Intent | None:
    """The intent a final transcript asks for, or None (partial, noise, [unk], garbage, low confidence)."""
    if not transcript.final or not normalize(transcript.text):
        return None
    if transcript.text.startswith(("<", "[")) or transcript.confidence < min_confidence:
        return None
    return intent_for(transcript.text, mode)


class DictationEventKind(StrEnum):
    """What happened in a dictation."""

    PARTIAL = "partial"  # text of the segment still being spoken (replaces the previous partial)
    DRAFT = "draft"  # a settled segment's quick first reading (for the safety check); its SEGMENT follows
    SEGMENT = "segment"  # a settled piece of text, appended to the dictation
    SUPPORT = "support"  # "I need help" was heard; the dictation goes on unless the caller ends it
    ENDED = "ended"  # the dictation is over; `text` is everything said, `reason` says why


@dataclass(frozen=True)
class DictationEvent:
    """One change in a dictation."""

    kind: DictationEventKind
    text: str = ""
    reason: str = ""


END_PHRASE = "end phrase"
SILENCE = "silence"
MAX_LENGTH = "maximum length"
STOPPED = "stopped"


@dataclass
class DictationSession:
    """Pure logic over a Recognizer and timestamps: partial text, settled segments, and the end.

    Feed audio with the time it was captured; call `tick(now)` when no audio came. The dictation ends on
    the end phrase, on `silence_timeout` seconds without speech (counted from the start until something
    is said), or after `max_seconds`.
    """

    recognizer: Recognizer
    started_at: float
    end_phrase: str = "i'm done"
    silence_timeout: float = 4.0
    max_seconds: float = 600.0
    segments: list[str] = field(default_factory=list)
    partial: str = ""
    ended: str = ""
    _last_voice: float = 0.0

    def __post_init__(self) -> None:
        self.recognizer.set_mode(ListenMode.DICTATION)
        self._last_voice = self.started_at

    @property
    def text(self) -> str:
        """Everything settled so far."""
        return " ".join(s for s in self.segments if s)

    @property
    def done(self) -> bool:
        return bool(self.ended)

    def feed(self, pcm: bytes, at: float) -> list[DictationEvent]:
        """Give captured audio (captured at monotonic time `at`); returns what changed."""
        if self.done:
            return []
        events: list[DictationEvent] = []
        for transcript in self.recognizer.accept(pcm):
            events.extend(self._take(transcript, at))
            if self.done:
                return events
        return events + self.tick(at)

    def tick(self, now: float) -> list[DictationEvent]:
        """Check the silence timeout and the maximum length."""
        if self.done:
            return []
        if now - self.started_at >= self.max_seconds:
            return self.finish(MAX_LENGTH)
        if now - self._last_voice >= self.silence_timeout and not self.partial:
            return self.finish(SILENCE)
        return []

    def finish(self, reason: str = STOPPED) -> list[DictationEvent]:
        """End now: whatever is still being decoded is settled first, so nothing said is lost."""
        if self.done:
            return []
        events: list[DictationEvent] = []
        for transcript in self.recognizer.flush():
            events.extend(self._take(transcript, self._last_voice))
            if self.done:
                return events
        if self.partial:
            events.extend(self._settle(self.partial))
        self.partial = ""
        self.ended = reason
        return [*events, DictationEvent(DictationEventKind.ENDED, self.text, reason)]

    def _take(self, transcript: Transcript, at: float) -> list[DictationEvent]:
        text = transcript.text.strip()
        if text.startswith(("<", "[")) and not normalize(text):
            return []
        if not text:
            return []
        self._last_voice = at
        if not transcript.final:
            self.partial = text
            kind = DictationEventKind.DRAFT if transcript.draft else DictationEventKind.PARTIAL
            return [DictationEvent(kind, text)]
        self.partial = ""
        return self._settle(text)

    def _settle(self, text: str) -> list[DictationEvent]:
        events: list[DictationEvent] = []
        if intent_for(text, ListenMode.DICTATION) == Intent(IntentKind.SUPPORT, heard=normalize(text)):
            events.append(DictationEvent(DictationEventKind.SUPPORT, text))
        found, rest = ends_with_phrase(text, self.end_phrase)
        if rest:
            self.segments.append(rest)
            events.append(DictationEvent(DictationEventKind.SEGMENT, rest))
        if found:
            self.ended = END_PHRASE
            events.append(DictationEvent(DictationEventKind.ENDED, self.text, END_PHRASE))
        return events
