"""The Whisper second pass: settled dictation segments are re-transcribed accurately off the caller's thread.

The streaming recognizer's text is shown at once (the draft); each settled segment's audio then goes to
Whisper on one worker thread, and the segment's text is replaced by Whisper's when it is ready. The
journal keeps the accurate version; when Whisper fails or hears nothing, the draft is kept, so no words
are ever lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Protocol

from voiceguide.errors import VoiceguideError
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript

BYTES_PER_SECOND = 32000


class Transcriber(Protocol):
    """Turns a settled stretch of 16 kHz mono 16-bit speech into text."""

    def transcribe(self, pcm16k: bytes) -> str: ...


@dataclass(frozen=True)
class DictationSegment:
    """One settled stretch of dictation: the streaming draft and, once revised, Whisper's text."""

    index: int
    draft: str
    text: str
    revised: bool = False
    audio_seconds: float = 0.0
    error: str = ""


class SecondPassDictation:
    """Runs the second pass for settled segments, in order, on one worker thread.

    `submit` returns at once with a Future of the revised segment; `on_revised` (if given) is called
    from the worker thread with each revised segment, so a UI should hand it to its own loop.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        on_revised: Callable[[DictationSegment], None] | None = None,
    ) -> None:
        self.transcriber = transcriber
        self.on_revised = on_revised
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voiceguide-second-pass")
        self._lock = threading.Lock()
        self._segments: list[DictationSegment] = []
        self._futures: list[Future[DictationSegment]] = []

    def submit(self, draft: str, pcm16k: bytes) -> Future[DictationSegment]:
        """Queue a settled segment (its streaming text and its audio) for the accurate pass."""
        return self._queue(draft, pcm16k)[1]

    def start(self, pcm16k: bytes) -> tuple[int, Future[DictationSegment]]:
        """Queue a segment whose streaming text is not known yet (see `set_draft`): its index and Future."""
        return self._queue("", pcm16k)

    def _queue(self, draft: str, pcm16k: bytes) -> tuple[int, Future[DictationSegment]]:
        with self._lock:
            index = len(self._segments)
            seconds = len(pcm16k) / BYTES_PER_SECOND
            self._segments.append(DictationSegment(index, draft, draft, False, seconds))
            future = self._executor.submit(self._revise, index, pcm16k)
            self._futures.append(future)
        return index, future

    def set_draft(self, index: int, draft: str) -> None:
        """Attach the streaming recognizer's text to a started segment (kept unless Whisper's text is in)."""
        with self._lock:
            segment = self._segments[index]
            self._segments[index] = replace(segment, draft=draft,
                                            text=segment.text if segment.revised else draft)

    def _revise(self, index: int, pcm16k: bytes) -> DictationSegment:
        try:
            text = self.transcriber.transcribe(pcm16k).strip()
            error = ""
        except VoiceguideError as exc:
            text, error = "", exc.message
        with self._lock:
            segment = self._segments[index]
            if text:
                segment = replace(segment, text=text, revised=True)
            elif error:
                segment = replace(segment, error=error)
            self._segments[index] = segment
        if self.on_revised is not None:
            self.on_revised(segment)
        return segment

    def segments(self) -> list[DictationSegment]:
        """Every segment so far, each with its best text at this moment."""
        with self._lock:
            return list(self._segments)

    def text(self) -> str:
        return " ".join(s.text for s in self.segments() if s.text)

    def finish(self, timeout: float | None = None) -> list[DictationSegment]:
        """Wait for every queued second pass (at most `timeout` seconds each) and return the segments."""
        with self._lock:
            futures = list(self._futures)
        for future in futures:
            future.result(timeout=timeout)
        return self.segments()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class Endpointer(Protocol):
    """A voice-activity endpointer like pocketsphinx's: fed fixed-size frames, it returns speech audio."""

    frame_bytes: int
    in_speech: bool

    def process(self, frame: bytes) -> bytes | None: ...

    def end_stream(self, frame: bytes) -> bytes | None: ...


class SegmentMirror:
    """Runs an endpointer identical to the streaming recognizer's on the same audio, so each segment's
    audio is known the moment it closes, before the streaming recognizer has decoded it."""

    def __init__(self, make_endpointer: Callable[[], Endpointer]) -> None:
        self._make_endpointer = make_endpointer
        self._endpointer = make_endpointer()
        self._pending = b""
        self._speech = bytearray()

    def reset(self) -> None:
        self._endpointer = self._make_endpointer()
        self._pending = b""
        self._speech.clear()

    def feed(self, pcm: bytes) -> list[bytes]:
        """The audio of every segment that closed in `pcm`."""
        closed: list[bytes] = []
        self._pending += pcm
        size = self._endpointer.frame_bytes
        while len(self._pending) >= size:
            frame, self._pending = self._pending[:size], self._pending[size:]
            was_speech = self._endpointer.in_speech
            speech = self._endpointer.process(frame)
            if speech is not None:
                self._speech += speech
            if was_speech and not self._endpointer.in_speech:
                closed.append(bytes(self._speech))
                self._speech.clear()
        return closed

    def end(self) -> bytes:
        """The audio of the segment in progress, ending it; the next audio starts afresh."""
        if self._pending:
            tail = self._endpointer.end_stream(self._pending)
            self._pending = b""
            if tail:
                self._speech += tail
        audio = bytes(self._speech)
        self.reset()
        return audio


class SecondPassRecognizer:
    """A Recognizer that wraps a streaming one and sends each settled dictation segment to Whisper.

    It passes the inner recognizer's partial and final transcripts through (the user sees words at
    once), and Whisper's text replaces each settled segment's when it is ready.

    With a `mirror` of the inner recognizer's endpointer, Whisper starts on a segment the moment it
    closes. The inner recognizer's decode of that segment is then held back (the caller's thread never
    waits) until Whisper is done or `MAX_HOLD_SECONDS` have passed: pocketsphinx holds the GIL while
    it decodes, so running both at once would delay the accurate text by the whole streaming decode.
    Without a mirror, it keeps the audio it was fed and re-transcribes the audio since the previous
    final, trimmed to the segment's length plus a little lead-in. Commands and numbers pass straight
    through.
    """

    LEAD_IN_SECONDS = 0.5
    TAIL_SECONDS = 0.5
    MAX_TRAIL_SECONDS = 120.0
    MAX_HOLD_SECONDS = 1.5

    def __init__(
        self, inner: Recognizer, dictation: SecondPassDictation, mirror: SegmentMirror | None = None
    ) -> None:
        self.inner = inner
        self.dictation = dictation
        self.mirror = mirror
        self.name = f"{inner.name}+whisper"
        self._mode = ListenMode.COMMANDS
        self._trail = bytearray()
        self._held: list[tuple[bytes, list[int]]] = []  # chunks not yet given to the inner recognizer
        self._waiting_for: Future[DictationSegment] | None = None
        self._holding_since = 0.0

    def set_mode(self, mode: ListenMode) -> None:
        self._release_held()  # whatever the inner recognizer would say about them is superseded
        self.inner.set_mode(mode)
        self._mode = mode
        self._trail.clear()
        if self.mirror is not None:
            self.mirror.reset()

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self._mode is not ListenMode.DICTATION:
            return self.inner.accept(pcm)
        self._keep(pcm)
        if self.mirror is None:
            results = self.inner.accept(pcm)
            self._settle(results, [])
            return results
        started = self._start(self.mirror.feed(pcm))
        self._held.append((pcm, started))
        waiting = self._waiting_for is not None and not self._waiting_for.done()
        if waiting and time.monotonic() - self._holding_since < self.MAX_HOLD_SECONDS:
            return []
        self._waiting_for = None
        return self._release_held()

    def flush(self) -> list[Transcript]:
        if self._mode is not ListenMode.DICTATION:
            return self.inner.flush()
        results = self._release_held()
        started = self._start([self.mirror.end()]) if self.mirror is not None else []
        flushed = self.inner.flush()
        self._settle(flushed, started)
        self._trail.clear()
        return results + flushed

    def _keep(self, pcm: bytes) -> None:
        self._trail += pcm
        excess = len(self._trail) - int(self.MAX_TRAIL_SECONDS * BYTES_PER_SECOND)
        if excess > 0:
            del self._trail[: excess + excess % 2]

    def _start(self, closed: list[bytes]) -> list[int]:
        started: list[int] = []
        for audio in closed:
            if not audio:
                continue
            index, future = self.dictation.start(audio)
            started.append(index)
            self._waiting_for, self._holding_since = future, time.monotonic()
        if started:
            self._trail.clear()
        return started

    def _release_held(self) -> list[Transcript]:
        held, self._held = self._held, []
        self._waiting_for = None
        results: list[Transcript] = []
        for chunk, started in held:
            chunk_results = self.inner.accept(chunk)
            self._settle(chunk_results, started)
            results.extend(chunk_results)
        return results

    def _settle(self, results: list[Transcript], started: list[int]) -> None:
        finals = [t for t in results if t.final]
        for index, transcript in zip(started, finals, strict=False):
            self.dictation.set_draft(index, transcript.text)
        for transcript in finals[len(started):]:
            # A segment the mirror did not see (or no mirror): second-pass the audio since the last one.
            audio = bytes(self._trail)
            if transcript.audio_seconds > 0:
                keep = int((transcript.audio_seconds + self.LEAD_IN_SECONDS + self.TAIL_SECONDS)
                           * BYTES_PER_SECOND) // 2 * 2
                audio = audio[-keep:]
            self._trail.clear()
            self.dictation.submit(transcript.text, audio)
