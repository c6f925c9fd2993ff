"""Adapters from the core packages (practices, journal, safety) to the app's small protocols."""

from __future__ import annotations

from voiceguide.config import Config
from voiceguide.tui.ports import JournalPort, PracticeCatalog, SafetyPort


def practice_catalog() -> PracticeCatalog | None:
    return None


def journal(config: Config) -> JournalPort | None:
    return None


def safety(config: Config) -> SafetyPort | None:
    return None
