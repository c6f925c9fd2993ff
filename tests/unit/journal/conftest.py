"""Fixtures for the journal tests: a real SQLite journal in a temporary folder."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from voiceguide.journal import SqliteJournal


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def journal(data_dir: Path) -> Iterator[SqliteJournal]:
    with SqliteJournal(data_dir) as store:
        yield store


@pytest.fixture
def utc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC, so dates in output are predictable."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
