"""Command utterances: where each short reply starts and ends, and the moment its speaker went quiet.

A voice-activity endpointer decides that an utterance is over, but only after its trailing window of
non-speech (plus the detector's own hangover). A reply such as "stop" is usually over well before: its
loud part has ended and only a faint tail follows. The utterance is therefore reported twice:

- QUIET, as soon as the audio has stayed below a tenth of the utterance's peak level for a short while:
  the reader may start on it at once (a speculative reading);
- CLOSED, when the endpointer ends the utterance. `settled` says no loud sound came after QUIET, so a
  reading of the QUIET audio is a reading of the whole utterance: both cover the same samples.

After CLOSED the caller may `hold` the utterance open (its words may be the start of a longer phrase,
"go" of "go back"): if speech resumes before the speaker has been quiet for `hold_seconds`, the new
speech joins the same utterance; otherwise LAPSED is reported.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np

BYTES_PER_SECOND = 32000
MAX_UTTERANCE_SECONDS = 30.0  # Whisper reads at most 30 s; a longer stretch keeps its last 30 s


class SpeechEndpointer(Protocol):
    """A voice-activity endpointer like pocketsphinx's, fed fixed-size frames."""

    frame_bytes: int
    in_speech: bool
    speech_start: float  # seconds since the endpointer was made

    def process(self, frame: bytes) -> bytes | None: ...


@dataclass(frozen=True)
class UtteranceTiming:
    """How utterances are cut: audio kept before the endpointer's start, and what counts as quiet."""

    pre_roll_seconds: float = 0.15  # the endpointer starts late on soft onsets ("f" of "five")
    quiet_seconds: float = 0.09
    quiet_level: float = 0.1  # of the utterance's peak level so far (-20 dB)
    hold_seconds: float = 0.45  # the dictation endpointer let words 0.4 s apart stay one utterance


class UtteranceEventKind(StrEnum):
    """What happened to the utterance being heard."""

    QUIET = "quiet"
    CLOSED = "closed"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class UtteranceEvent:
    """An utterance went quiet or closed (with its audio), or a held utterance lapsed."""

    kind: UtteranceEventKind
    audio: bytes = b""
    settled: bool = False


class CommandUtterances:
    """Cuts a 16 kHz stream into command utterances (see the module docstring)."""

    def __init__(self, make_endpointer: Callable[[], SpeechEndpointer],
                 timing: UtteranceTiming | None = None) -> None:
        self._make_endpointer = make_endpointer
        self.timing = timing or UtteranceTiming()
        self._endpointer = make_endpointer()
        self._frame_bytes = self._endpointer.frame_bytes
        frame_seconds = self._frame_bytes / BYTES_PER_SECOND
        self._pre_roll = round(self.timing.pre_roll_seconds / frame_seconds)
        self._quiet_frames = max(1, round(self.timing.quiet_seconds / frame_seconds))
        self._hold_frames = round(self.timing.hold_seconds / frame_seconds)
        self._frame_seconds = frame_seconds
        self._history: deque[bytes] = deque(maxlen=round(MAX_UTTERANCE_SECONDS / frame_seconds))
        self._levels: deque[float] = deque(maxlen=self._history.maxlen)
        self.reset()

    def reset(self) -> None:
        """Forget everything: a new stream starts."""
        self._endpointer = self._make_endpointer()
        self._pending = b""
        self._history.clear()
        self._levels.clear()
        self._frames = 0  # frames fed since the reset
        self._start: int | None = None  # first frame of the utterance being heard (or held)
        self._peak = 0.0
        self._last_loud = 0  # frame index just after the last loud frame
        self._quiet_reported_at: int | None = None  # `_last_loud` when QUIET was reported
        self._holding = False

    @property
    def in_speech(self) -> bool:
        """The endpointer is inside an utterance (a held one that has not resumed is not)."""
        return bool(self._endpointer.in_speech)

    def hold(self) -> None:
        """Keep the utterance that just closed open for more speech (call while handling its CLOSED)."""
        if self._start is not None:
            self._holding = True

    def feed(self, pcm: bytes) -> Iterator[UtteranceEvent]:
        """What happens in `pcm`, in order, found lazily: each event is handled before the next frame is
        looked at, so a `hold` made while handling CLOSED applies to the very next frame."""
        self._pending += pcm
        size = self._frame_bytes
        while len(self._pending) >= size:
            frame, self._pending = self._pending[:size], self._pending[size:]
            event = self._step(frame)
            if event is None:
                continue
            yield event
            if event.kind is UtteranceEventKind.CLOSED and not self._holding:
                self._start = None

    def end(self) -> bytes:
        """The audio of the utterance being heard or held, ending it; the next audio starts afresh."""
        audio = self._audio(self._start, self._frames) if self._start is not None else b""
        self.reset()
        return audio

    def _step(self, frame: bytes) -> UtteranceEvent | None:
        samples = np.frombuffer(frame, dtype="<i2").astype(np.float32)
        level = float(np.sqrt(np.mean(samples * samples)))
        self._history.append(frame)
        self._levels.append(level)
        self._frames += 1
        was_speech = self._endpointer.in_speech
        self._endpointer.process(frame)
        if self._endpointer.in_speech and not was_speech:
            self._begin()
        elif self._start is not None:
            self._note_level(level, self._frames)
        if was_speech and not self._endpointer.in_speech:
            return self._close()
        if self._endpointer.in_speech:
            return self._check_quiet()
        if self._holding and self._frames - self._last_loud >= self._hold_frames:
            self._start, self._holding = None, False
            return UtteranceEvent(UtteranceEventKind.LAPSED)
        return None

    def _begin(self) -> None:
        """The endpointer found speech: a new utterance, or the held one resumed."""
        if self._holding:
            self._holding = False
            return
        first = round(self._endpointer.speech_start / self._frame_seconds) - self._pre_roll
        self._start = max(first, self._frames - len(self._history))
        self._peak, self._last_loud, self._quiet_reported_at = 0.0, self._start, None
        levels = list(self._levels)
        for index in range(self._start, self._frames):
            self._note_level(levels[index - self._frames], index + 1)

    def _note_level(self, level: float, frame_end: int) -> None:
        self._peak = max(self._peak, level)
        if level >= self.timing.quiet_level * self._peak:
            self._last_loud = frame_end

    def _check_quiet(self) -> UtteranceEvent | None:
        if self._start is None or self._quiet_reported_at == self._last_loud:
            return None
        if self._frames - self._last_loud < self._quiet_frames:
            return None
        self._quiet_reported_at = self._last_loud
        return UtteranceEvent(UtteranceEventKind.QUIET, self._spoken())

    def _close(self) -> UtteranceEvent:
        settled = self._quiet_reported_at == self._last_loud
        audio = self._spoken() if self._start is not None else b""
        return UtteranceEvent(UtteranceEventKind.CLOSED, audio, settled)

    def _spoken(self) -> bytes:
        """The utterance from its start to a short quiet tail after its last loud frame."""
        assert self._start is not None
        return self._audio(self._start, min(self._frames, self._last_loud + self._quiet_frames))

    def _audio(self, first: int, end: int) -> bytes:
        frames = list(self._history)
        oldest = self._frames - len(frames)
        return b"".join(frames[max(first, oldest) - oldest : end - oldest])
