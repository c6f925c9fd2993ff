"""Fixtures for the fault suite: a journal with settled spoken segments in it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.faults.session import walk


@pytest.fixture
def data_dir() -> Path:
    return Path(os.environ["VOICEGUIDE_DATA_DIR"])


@pytest.fixture
def settled(data_dir: Path) -> list[str]:
    """A journal holding one walked practice: every dictated segment in it was settled (committed)."""
    return walk("reflection-questions", data_dir, segments=2)
