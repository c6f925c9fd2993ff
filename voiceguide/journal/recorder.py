"""The journal side of one practice run: ratings on the run, each answer kept segment by segment."""

from __future__ import annotations

from typing import Any, Protocol

from voiceguide.journal.models import Source
from voiceguide.practices.model import RatingWhich


class RunJournal(Protocol):
    """The journal calls a run needs (voiceguide.journal.store.SqliteJournal has them)."""

    def start_run(self, practice: str) -> int: ...

    def rate_run(self, run_id: int, *, before: int | None = None, after: int | None = None) -> None: ...

    def begin_entry(self, *, practice: str, step: str, prompt: str, source: Source, engine: str,
                    run_id: int | None = None) -> int: ...

    def append_segment(self, entry_id: int, text: str, duration: float | None = None) -> None: ...

    def finish_entry(self, entry_id: int, duration: float) -> None: ...

    def edit_text(self, entry_id: int, text: str) -> Any: ...


class SessionRecorder(Protocol):
    """What a session keeps: a rating, or the whole answer so far for a step (with the seconds since
    its step began listening, when spoken)."""

    def rating(self, which: RatingWhich, value: int) -> None: ...

    def answer(self, step: str, prompt: str, text: str, source: Source,
               seconds: float | None = None) -> None: ...


def extends(kept: str, text: str) -> bool:
    """Whether `text` is `kept` with more words after it (what append_segment can add)."""
    return not kept or text == kept or text.startswith(kept + " ")


class JournalRecorder:
    """Records one run of `practice`; the run is started in the journal with the first thing kept.

    An answer grows by whole segments, each on disk as it settles (append_segment); an answer that
    changed otherwise (the user went back and said it again) replaces the text (edit_text).
    """

    def __init__(self, journal: RunJournal, practice: str, engine: str = "") -> None:
        self.journal = journal
        self.practice = practice
        self.engine = engine
        self._run: int | None = None
        self._answers: dict[str, tuple[int, str]] = {}  # step -> (entry id, text kept)

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
        if text == kept:
            return
        if extends(kept, text):
            self.journal.append_segment(entry_id, text[len(kept):], duration=seconds)
        else:
            self.journal.edit_text(entry_id, text)
            if seconds is not None:
                self.journal.finish_entry(entry_id, seconds)
        self._answers[step] = (entry_id, text)
