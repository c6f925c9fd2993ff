"""The app's journal writes, one at a time and in order off the event loop, and the last words of a quit."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from voiceguide.journal.audio import FinishedRecording, keep_finished
from voiceguide.journal.recorder import RecordingError
from voiceguide.speech.recognizer import ListenMode

if TYPE_CHECKING:
    from voiceguide.tui.screens.session import SessionScreen
    from voiceguide.voice import pipeline

Report = Callable[[str], object]  # the outcome of one write: an error, or an empty string for success


class JournalWrites:
    """The ordered queue of journal writes, and what the listen worker settles after the app began to quit.

    While the app closes, a write waits for the last drain (`close`) instead of a new worker; after that
    nothing more can be written, and a recording that settles later is deleted rather than left behind.
    """

    def __init__(self) -> None:
        self._writes: deque[Callable[[], object]] = deque()
        self._lock = threading.Lock()
        self._closing = False  # unmounting: writes wait for the last drain, not a worker
        self._closed = False  # the last drain is done: nothing more can be written
        # What the listen worker settled after the app began to quit, for the loop to save in order.
        self._last_words: deque[pipeline.Heard | FinishedRecording] = deque()

    def add(self, write: Callable[[], object]) -> bool:
        """Queue `write`; True when a drain worker should carry it out now (not while the app closes)."""
        self._writes.append(write)
        return not self._closing

    def drain(self, report: Report) -> None:
        """Carry out the queued writes in order (the drain worker's whole job)."""
        with self._lock:
            self._write_queued(report)

    def begin_closing(self) -> None:
        self._closing = True

    def close(self, report: Report) -> None:
        """The last drain, on the event loop as the app unmounts: the writes queued after any drain worker
        had started happen here; a recording settled after all that is not left on disk."""
        with self._lock:
            self._write_queued(report)
            self._closed = True
        while self._last_words:
            item = self._last_words.popleft()
            if isinstance(item, FinishedRecording):
                item.path.unlink(missing_ok=True)

    def heard_after_quit(self, heard: pipeline.Heard) -> None:
        """From the listen worker: final words settled once the app quits, kept for `save_last_words`."""
        self._last_words.append(heard)

    def recorded_after_quit(self, finished: FinishedRecording) -> None:
        """From the listen worker: a recording complete once the app quits waits behind the words heard
        before it; after the last journal writes nothing can take it any more, and it is deleted."""
        with self._lock:
            if self._closed:
                finished.path.unlink(missing_ok=True)
            else:
                self._last_words.append(finished)

    def save_last_words(self, screen: SessionScreen | None, report: Report) -> None:
        """On the event loop: the words and recordings settled while the app quit go to the session (its
        saving still works once its screen has closed), then to the journal queue."""
        while self._last_words:
            item = self._last_words.popleft()
            if isinstance(item, FinishedRecording):
                keep_finished(item, report)
            elif screen is not None and screen.controller.mode is ListenMode.DICTATION:  # an answer's words
                screen.controller.heard(item.text, True)

    def _write_queued(self, report: Report) -> None:
        """Carry out the queued writes in order (the caller holds the lock); each outcome to `report`."""
        while self._writes:
            write = self._writes.popleft()
            try:
                write()
            except RecordingError as exc:  # the words were saved before; only the audio is lost
                report(str(exc))
            except Exception as exc:  # noqa: BLE001 - a failed write must reach the user, not crash the app
                report(f"could not save to the journal: {exc}")
            else:
                report("")
