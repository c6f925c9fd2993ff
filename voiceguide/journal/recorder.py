"""The journal side of one practice run (`SessionRecorder`), kept through a `JournalWriter`."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from voiceguide.errors import VoiceguideError
from voiceguide.journal.interfaces import JournalWriter
from voiceguide.journal.models import Source
from voiceguide.practices.model import RatingWhich


class SessionRecorder(Protocol):
    """What a session keeps: a rating, the whole answer so far for a step (with the seconds since its
    step began listening, when spoken), and, when recording is on, the answer's audio once it is over."""

    def rating(self, which: RatingWhich, value: int) -> None: ...

    def answer(self, step: str, prompt: str, text: str, source: Source,
               seconds: float | None = None) -> None: ...

    def recording(self, step: str, wav: Path) -> None:
        """Keep `wav` (a finished private WAV in the journal's audio folder) with the step's spoken
        answer, whose words were saved before: the file is moved beside the database, or deleted when the
        step has no spoken answer. Raises RecordingError (the file deleted, the words still saved)."""
        ...


class RecordingError(VoiceguideError):
    """A recording could not be kept; the answer's words are saved all the same."""


def recording_problem(reason: str) -> str:
    """The one line a user sees when an answer's recording is lost."""
    return f"the recording of this answer could not be kept ({reason}); its words are saved"


def reason_of(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def extends(kept: str, text: str) -> bool:
    """Whether `text` is `kept` with more words after it (what append_segment can add)."""
    return not kept or text == kept or text.startswith(kept + " ")


class JournalRecorder:
    """Records one run of `practice`; the run is started in the journal with the first thing kept.

    An answer grows by whole segments, each on disk as it settles (append_segment); an answer that
    changed otherwise (the user went back and said it again) replaces the text (edit_text).
    """

    def __init__(self, journal: JournalWriter, practice: str, engine: str = "") -> None:
        self.journal = journal
        self.practice = practice
        self.engine = engine
        self._run: int | None = None
        self._answers: dict[str, tuple[int, str]] = {}  # step -> (entry id, text kept)
        self._spoken: set[str] = set()  # steps with words spoken (not only typed) in their answer

    @property
    def run_id(self) -> int:
        if self._run is None:
            self._run = self.journal.start_run(self.practice)
        return self._run

    def rating(self, which: RatingWhich, value: int) -> None:
        if which is RatingWhich.BEFORE:
            self.journal.rate_run(self.run_id, before=value)
        else:
            self.journal.rate_run(self.run_id, after=value)

    def answer(self, step: str, prompt: str, text: str, source: Source,
               seconds: float | None = None) -> None:
        known = self._answers.get(step)
        if known is None:
            engine = self.engine if source == "spoken" else ""
            entry_id = self.journal.begin_entry(practice=self.practice, step=step, prompt=prompt,
                                                source=source, engine=engine, run_id=self.run_id)
            known = (entry_id, "")
        entry_id, kept = known
        if source == "spoken":
            self._spoken.add(step)
        if text == kept:
            return
        if extends(kept, text):
            self.journal.append_segment(entry_id, text[len(kept):], duration=seconds)
        else:
            self.journal.edit_text(entry_id, text)
            if seconds is not None:
                self.journal.finish_entry(entry_id, seconds)
        self._answers[step] = (entry_id, text)

    def recording(self, step: str, wav: Path) -> None:
        known = self._answers.get(step)
        if known is None or step not in self._spoken:  # nothing said (or only typed): no recording
            wav.unlink(missing_ok=True)
            return
        try:
            self.journal.attach_recording(known[0], wav)
        except (OSError, VoiceguideError) as exc:
            wav.unlink(missing_ok=True)
            raise RecordingError(recording_problem(reason_of(exc))) from None
