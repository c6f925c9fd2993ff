"""Every front end gets its journal from open_journal; the terminal app has it open before Textual starts."""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.tui.helpers import ready_config
from voiceguide import cli, headless
from voiceguide.errors import JournalError
from voiceguide.journal import opening
from voiceguide.journal.store import SqliteJournal
from voiceguide.practices.model import RatingWhich
from voiceguide.tui import run_app
from voiceguide.tui.journal_view import JournalView, open_app_journal
from voiceguide.tui.services import AppServices
from voiceguide.voice.devices import OpenedVoice
from voiceguide.voice.ports import SilentSpeech


@dataclass
class Openings:
    """What open_journal was asked for, what it gave, and in which order things happened."""

    data_dirs: list[Any] = field(default_factory=list)
    opened: list[SqliteJournal] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)


@pytest.fixture
def openings(monkeypatch: pytest.MonkeyPatch) -> Openings:
    """open_journal, watched: each call noted, the real journal opened."""
    seen = Openings()
    real = opening.open_journal

    def watched(data_dir: Any = None, unlocking: Any = None) -> SqliteJournal:
        journal = real(data_dir, unlocking)
        seen.data_dirs.append(data_dir)
        seen.opened.append(journal)
        seen.events.append("journal opened")
        seen.threads.append(threading.current_thread())
        return journal

    monkeypatch.setattr(opening, "open_journal", watched)
    return seen


@dataclass
class StandInApp:
    """In place of VoiceguideApp: what it was constructed with, and whether the journal was open then."""

    services: AppServices
    journal_was_open: bool
    save_errors: list[str] = field(default_factory=list)
    late_save_errors: list[str] = field(default_factory=list)
    ended_by_signal: int | None = None

    def run(self) -> int:
        return 0


def start_app_without_a_terminal(monkeypatch: pytest.MonkeyPatch, openings: Openings,
                                 data_dir: Path) -> StandInApp:
    """run_app as the command line calls it, with a stand-in for the Textual app and no real terminal."""
    import voiceguide.tui
    import voiceguide.tui.app
    import voiceguide.tui.paste

    made: list[StandInApp] = []

    def construct(config: Any, services: AppServices, practice: str | None = None) -> StandInApp:
        openings.events.append("app constructed")
        journal = services.journal
        was_open = journal is not None and journal.recent() == []  # reads the journal: it must be open
        made.append(StandInApp(services, was_open))
        return made[-1]

    monkeypatch.setattr(os, "isatty", lambda fd: True)
    monkeypatch.setattr(voiceguide.tui, "terminal_for_textual_only", contextlib.nullcontext)
    monkeypatch.setattr(voiceguide.tui.paste, "install", lambda: None)
    monkeypatch.setattr(voiceguide.tui.app, "VoiceguideApp", construct)
    assert run_app(ready_config(), None, str(data_dir)) == 0
    (app,) = made
    return app


def test_the_terminal_app_gets_its_journal_from_open_journal(monkeypatch: pytest.MonkeyPatch,
                                                             openings: Openings, tmp_path: Path) -> None:
    app = start_app_without_a_terminal(monkeypatch, openings, tmp_path / "data")
    assert openings.data_dirs == [str(tmp_path / "data")]
    view = app.services.journal
    assert isinstance(view, JournalView)
    assert view.reader is view.writer is openings.opened[0]
    openings.opened[0].close()


def test_the_terminal_app_has_its_journal_open_before_the_textual_app_is_constructed(
        monkeypatch: pytest.MonkeyPatch, openings: Openings, tmp_path: Path) -> None:
    app = start_app_without_a_terminal(monkeypatch, openings, tmp_path / "data")
    assert openings.events == ["journal opened", "app constructed"]
    assert app.journal_was_open
    assert openings.threads == [threading.main_thread()], "opened on the plain terminal, not in a worker"
    openings.opened[0].close()


def test_run_no_tui_gets_its_journal_from_open_journal(monkeypatch: pytest.MonkeyPatch, openings: Openings,
                                                      tmp_path: Path) -> None:
    kept: list[Any] = []

    class StandInSession:
        def __init__(self, practice: Any, config: Any, speech: Any, mic: Any, recorder: Any,
                     *rest: Any) -> None:
            kept.append(recorder)

        def run(self) -> int:
            return 0

    monkeypatch.setattr("voiceguide.voice.devices.open_voice",
                        lambda config: OpenedVoice(SilentSpeech(), None))
    monkeypatch.setattr(headless, "typed_lines", lambda: None)
    monkeypatch.setattr(headless, "SpokenSession", StandInSession)
    assert headless.walk_practice(ready_config(), "stop", str(tmp_path / "data"), out=lambda line: None) == 0
    assert openings.data_dirs == [str(tmp_path / "data")]
    assert kept[0].journal is openings.opened[0]


def test_the_journal_commands_get_their_journal_from_open_journal(openings: Openings, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = str(tmp_path / "data")
    assert cli.main(["--data-dir", data_dir, "journal", "add", "a typed note"]) == 0
    assert cli.main(["--data-dir", data_dir, "journal", "list"]) == 0
    assert "a typed note" in capsys.readouterr().out
    assert openings.data_dirs == [data_dir, data_dir]


def test_a_journal_the_app_cannot_open_leaves_it_degraded_with_the_one_line_error(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "journal.sqlite3").write_bytes(b"SQLite format 3\x00" + b"not a database " * 512)
    view = open_app_journal(str(data_dir))
    with pytest.raises(JournalError, match="damaged or not a voiceguide journal: move it aside"):
        view.recent()
    with pytest.raises(JournalError, match="damaged"):
        view.recorder("stop").rating(RatingWhich.BEFORE, 5)
    assert view.audio_folder() == data_dir / "audio"  # asked for on the event loop: no I/O, no error
