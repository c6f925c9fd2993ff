"""The private journal: SQLite store, search, export/import and statistics (see store.py for the API)."""

from __future__ import annotations

from voiceguide.journal.interfaces import JournalReader, JournalWriter
from voiceguide.journal.models import Entry, EntryFilter, PracticeRun, SearchHit, Source, Tag
from voiceguide.journal.store import SqliteJournal

__all__ = ["Entry", "EntryFilter", "JournalReader", "JournalWriter", "PracticeRun", "SearchHit", "Source",
           "SqliteJournal", "Tag"]
