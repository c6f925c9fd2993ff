"""Recordings of spoken answers (only with `[journal] record_audio = true`; off by default).

The thread that reads the microphone hands each chunk it feeds to the dictation to `AnswerAudio`, which
streams it into a private temporary WAV (16 kHz mono s16le, 0600) in the journal's audio folder (0700),
so a ten-minute answer never sits in memory. In an encrypted journal the file is sealed instead (each
chunk encrypted as it is written, voiceguide.journal.sealed): no readable audio is ever on disk. When
the practice leaves the step, the finished file goes to
the step's `SessionRecorder.recording`, which moves it beside the database and notes it on the entry —
after the answer's words were saved. A recording that cannot be kept costs the user one line, never words.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from voiceguide import paths
from voiceguide.audio.format import MIC_FORMAT
from voiceguide.journal.connection import PRIVATE_FILE
from voiceguide.journal.recorder import RecordingError, SessionRecorder, reason_of, recording_problem
from voiceguide.journal.sealed import SealedWriter

RATE = 16000  # the microphone's format (voiceguide.audio.format.MIC_FORMAT): 16 kHz mono s16le
PARTIAL_PREFIX = ".answer-"
PARTIAL_SUFFIX = ".wav.partial"
MAX_SECONDS = 30 * 60  # one answer's recording stops growing here (a dictation ends after 10 minutes)


class AnswerRecording:
    """One answer's audio, streamed to a 0600 temporary file in `folder` (made 0700) as it is heard: a
    WAV, or with `key` (an encrypted journal's) a sealed file."""

    def __init__(self, folder: Path, max_seconds: float = MAX_SECONDS, key: bytes | None = None) -> None:
        folder = paths.ensure_private_dir(folder)
        fd, name = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX, dir=folder)
        self.path = Path(name)
        try:
            os.fchmod(fd, PRIVATE_FILE)
            self._file: IO[bytes] = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self.path.unlink(missing_ok=True)
            raise
        self._wav: wave.Wave_write | None = None
        self._sealed: SealedWriter | None = None
        if key is not None:
            try:
                self._sealed = SealedWriter(self._file, key, MIC_FORMAT)
            except BaseException:
                self.discard()
                raise
        else:
            self._wav = wave.open(self._file, "wb")  # noqa: SIM115 - closed by finish() or discard()
            self._wav.setnchannels(1)
            self._wav.setsampwidth(2)
            self._wav.setframerate(RATE)
        self.max_bytes = int(max_seconds * RATE) * 2
        self.written = 0

    def write(self, chunk: bytes) -> None:
        """Append microphone audio (raises OSError when the disk refuses it)."""
        room = self.max_bytes - self.written
        if room > 0 and chunk:
            piece = chunk[: room - room % 2]
            if self._sealed is not None:
                self._sealed.write(piece)
            elif self._wav is not None:
                self._wav.writeframesraw(piece)
            self.written += len(piece)

    def finish(self) -> Path:
        """Complete the file (the WAV header's sizes, or the sealed file's last chunk) and put it on disk
        (fsync); returns its path."""
        try:
            if self._sealed is not None:
                self._sealed.close()
            elif self._wav is not None:
                self._wav.close()  # writes the final sizes into the header
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        except BaseException:
            self.discard()
            raise
        return self.path

    def discard(self) -> None:
        if self._wav is not None:
            with contextlib.suppress(Exception):
                self._wav.close()
        with contextlib.suppress(Exception):
            self._file.close()
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class AnswerTarget:
    """Which answer the microphone audio belongs to now: the listen step the practice is on (with the
    recorder of its run and the journal's audio folder), and whether that answer is being heard."""

    folder: Path
    recorder: SessionRecorder
    step: str
    hearing: bool
    key: bytes | None = None  # an encrypted journal's key: the recording is sealed as it is written


@dataclass(frozen=True)
class FinishedRecording:
    """A complete recording on its way to its journal entry."""

    recorder: SessionRecorder
    step: str
    path: Path

    def keep(self) -> None:
        """Attach it to the step's entry (RecordingError when it cannot be kept; the file is gone then)."""
        self.recorder.recording(self.step, self.path)


class AnswerAudio:
    """The recordings of spoken answers, for the thread that reads the microphone (not thread-safe).

    Call `update` with the current AnswerTarget for every chunk, then `write` the chunk if the target
    is hearing. One recording spans every stretch of listening on the same step (a pause, or a nudge
    after silence, goes on in the same file); it is finished when the practice moves to another step (or
    `close`), and handed to `on_finished`. Problems go to `report` as one line, once per answer.
    """

    def __init__(self, on_finished: Callable[[FinishedRecording], object],
                 report: Callable[[str], object]) -> None:
        self.on_finished = on_finished
        self.report = report
        self._recording: AnswerRecording | None = None
        self._key: tuple[SessionRecorder, str] | None = None  # whose answer the open recording is
        self._failed: tuple[SessionRecorder, str] | None = None  # the answer whose recording was lost

    def update(self, target: AnswerTarget | None) -> None:
        key = (target.recorder, target.step) if target is not None else None
        if self._key is not None and not same(key, self._key):
            self._finish()
        if target is None or not target.hearing or self._recording is not None or same(key, self._failed):
            return
        try:
            self._recording = AnswerRecording(target.folder, key=target.key)
        except OSError as exc:
            self._failed = key
            self.report(recording_problem(reason_of(exc)))
            return
        self._key = key

    def write(self, chunk: bytes) -> None:
        recording = self._recording
        if recording is None:
            return
        try:
            recording.write(chunk)
        except OSError as exc:  # e.g. the disk filled up: stop recording this answer, say so once
            recording.discard()
            self._recording, self._failed, self._key = None, self._key, None
            self.report(recording_problem(reason_of(exc)))

    def close(self) -> None:
        """Finish the recording under way (the session or the listening is over)."""
        if self._key is not None:
            self._finish()

    def _finish(self) -> None:
        recording, key = self._recording, self._key
        self._recording = self._key = None
        if recording is None or key is None:
            return
        if not recording.written:
            recording.discard()
            return
        try:
            path = recording.finish()
        except OSError as exc:
            self.report(recording_problem(reason_of(exc)))
            return
        self.on_finished(FinishedRecording(key[0], key[1], path))


def same(a: tuple[SessionRecorder, str] | None, b: tuple[SessionRecorder, str] | None) -> bool:
    """The same answer: the same recorder object (one run) and step."""
    if a is None or b is None:
        return a is b
    return a[0] is b[0] and a[1] == b[1]


def keep_finished(finished: FinishedRecording, report: Callable[[str], object]) -> None:
    """Attach a finished recording; a failure is one line to `report`, never an exception."""
    try:
        finished.keep()
    except Exception as exc:  # noqa: BLE001 - the words are saved; the recording is only a companion
        finished.path.unlink(missing_ok=True)
        report(str(exc) if isinstance(exc, RecordingError) else recording_problem(reason_of(exc)))
