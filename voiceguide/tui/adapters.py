"""Adapters from the core packages (practices, journal, safety) to the app's small protocols."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voiceguide.journal.models import Source
from voiceguide.journal.recorder import SessionRecorder
from voiceguide.practices.model import Practice, RatingWhich
from voiceguide.safety import SupportCard
from voiceguide.tui.ports import CardView, PracticeCatalog, PracticeInfo, SupportResource


class LibraryCatalog:
    """The built-in and user practices."""

    def __init__(self) -> None:
        from voiceguide.practices.library import load_library

        self.library = load_library()

    def practices(self) -> list[PracticeInfo]:
        return [PracticeInfo(p.id, p.title, p.summary, p.category.value, p.minutes)
                for group in self.library.by_category().values() for p in group]

    def practice(self, practice_id: str) -> Practice:
        return self.library.get(practice_id)

    def skipped(self) -> list[str]:
        return self.library.skipped()


def practice_catalog() -> PracticeCatalog | None:
    return LibraryCatalog()


def card_view(card: SupportCard) -> CardView:
    """The safety package's support card as the card screen draws it."""
    notes = tuple(n for n in (card.notice, card.danger_note, card.self_help_note) if n)
    resources = tuple(SupportResource(r.name, r.contact, r.note) for r in card.resources)
    return CardView(card.title, card.intro, resources, notes)


class BackgroundRecorder:
    """A SessionRecorder whose writes go to `submit` (the app's ordered journal worker).

    The real recorder is made by the first write, inside the worker, so nothing on the event loop
    touches the journal.
    """

    def __init__(self, submit: Callable[[Callable[[], object]], None],
                 open_recorder: Callable[[], SessionRecorder]) -> None:
        self.submit = submit
        self.open_recorder = open_recorder
        self._recorder: SessionRecorder | None = None

    def _opened(self) -> SessionRecorder:
        if self._recorder is None:
            self._recorder = self.open_recorder()
        return self._recorder

    def rating(self, which: RatingWhich, value: int) -> None:
        self.submit(lambda: self._opened().rating(which, value))

    def answer(self, step: str, prompt: str, text: str, source: Source,
               seconds: float | None = None) -> None:
        self.submit(lambda: self._opened().answer(step, prompt, text, source, seconds))

    def recording(self, step: str, wav: Path) -> None:
        """Queued after the answer's words, so they are saved first; a failure is a RecordingError."""

        def keep() -> None:
            try:
                self._opened().recording(step, wav)
            except BaseException:
                wav.unlink(missing_ok=True)
                raise

        self.submit(keep)
