"""The Whisper second pass: settled dictation segments are re-transcribed accurately off the caller's thread.

The streaming recognizer's text is shown at once (the draft); each settled segment's audio then goes to
Whisper on one worker thread, and the segment's text is replaced by Whisper's when it is ready. The
journal keeps the accurate version; when Whisper fails or hears nothing, the draft is kept, so no words
are ever lost.
"""

from __future__ import annotations

import threading
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
        with self._lock:
            seconds = len(pcm16k) / BYTES_PER_SECOND
            segment = DictationSegment(len(self._segments), draft, draft, False, seconds)
            self._segments.append(segment)
            future = self._executor.submit(self._revise, segment, pcm16k)
            self._futures.append(future)
        return future

    def _revise(self, segment: DictationSegment, pcm16k: bytes) -> DictationSegment:
        try:
            text = self.transcriber.transcribe(pcm16k).strip()
        except VoiceguideError as exc:
            revised = replace(segment, error=exc.message)
        else:
            revised = replace(segment, text=text, revised=True) if text else segment
        with self._lock:
            self._segments[segment.index] = revised
        if self.on_revised is not None:
            self.on_revised(revised)
        return revised

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


class SecondPassRecognizer:
    """A Recognizer that wraps a streaming one and sends each settled dictation segment to Whisper.

    It passes the inner recognizer's partial and final transcripts through unchanged (the user sees
    words at once), and keeps the audio it was fed so each final segment can be re-transcribed: the
    audio since the previous final, trimmed to the segment's length plus a little lead-in. Commands and
    numbers are not second-passed.
    """

    LEAD_IN_SECONDS = 0.5
    TAIL_SECONDS = 0.5
    MAX_TRAIL_SECONDS = 120.0

    def __init__(self, inner: Recognizer, dictation: SecondPassDictation) -> None:
        self.inner = inner
        self.dictation = dictation
        self.name = f"{inner.name}+whisper"
        self._mode = ListenMode.COMMANDS
        self._trail = bytearray()

    def set_mode(self, mode: ListenMode) -> None:
        self.inner.set_mode(mode)
        self._mode = mode
        self._trail.clear()

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self._mode is ListenMode.DICTATION:
            self._trail += pcm
            excess = len(self._trail) - int(self.MAX_TRAIL_SECONDS * BYTES_PER_SECOND)
            if excess > 0:
                del self._trail[: excess + excess % 2]
        results = self.inner.accept(pcm)
        self._settle(results)
        return results

    def flush(self) -> list[Transcript]:
        results = self.inner.flush()
        self._settle(results)
        self._trail.clear()
        return results

    def _settle(self, results: list[Transcript]) -> None:
        if self._mode is not ListenMode.DICTATION:
            return
        for transcript in results:
            if not transcript.final:
                continue
            audio = bytes(self._trail)
            if transcript.audio_seconds > 0:
                keep = int((transcript.audio_seconds + self.LEAD_IN_SECONDS + self.TAIL_SECONDS)
                           * BYTES_PER_SECOND) // 2 * 2
                audio = audio[-keep:]
            self._trail.clear()
            self.dictation.submit(transcript.text, audio)
