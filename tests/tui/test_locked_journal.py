"""A journal left locked at start: the app starts all the same, says answers are not saved yet, and `u`
unlocks it (typed, never spoken), saving what waited in memory."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.tui.fakes import services
from tests.tui.helpers import ready_config, screen_text, settle
from voiceguide.journal.store import SqliteJournal
from voiceguide.journal.unlock import NotUnlocked, Unlocking, find_key
from voiceguide.practices.model import RatingWhich
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.journal_view import open_app_journal
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.screens.unlock import UnlockScreen

PASSPHRASE = "tui test passphrase"


def skipped(prompt: str) -> str:
    raise NotUnlocked("the journal stays locked (nothing was typed)")


def test_a_locked_journal_keeps_answers_in_memory_until_u_unlocks_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with SqliteJournal(data_dir, key=find_key(data_dir, Unlocking(PASSPHRASE, "test"))) as journal:
        journal.add_typed("from an earlier day")
    view = open_app_journal(str(data_dir), Unlocking(None, "", skipped))
    assert view.locked and view.audio_folder() is None  # nothing to disk, not even a recording
    recorder = view.recorder("stop")
    recorder.rating(RatingWhich.BEFORE, 7)
    recorder.answer("observe", "What do you notice?", "tight chest", "spoken", 3.0)
    app_services = services()
    app_services.journal = view
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)

    async def unlock() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            text = " ".join(screen_text(pilot).split())
            assert "journal is locked" in text and "not saved yet" in text, text
            await pilot.press("j")  # the journal screen says why only today's answers are there
            await settle(pilot)
            text = " ".join(screen_text(pilot).split())
            assert "journal is locked: only what you said since voiceguide started" in text, text
            assert "tight chest" in text
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert isinstance(app.screen, UnlockScreen)
            await pilot.press(*"wrong", "enter")
            for _ in range(50):
                await pilot.pause(0.1)
                if "wrong passphrase" in " ".join(screen_text(pilot).split()):
                    break
            assert "wrong passphrase" in " ".join(screen_text(pilot).split()) and view.locked
            await pilot.press(*PASSPHRASE, "enter")
            for _ in range(50):
                await pilot.pause(0.1)
                if isinstance(app.screen, HomeScreen):
                    break
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen) and not view.locked
            assert "journal is locked" not in " ".join(screen_text(pilot).split())

    asyncio.run(unlock())
    assert view.pending is not None
    view.pending.close()
    with SqliteJournal(data_dir, key=find_key(data_dir, Unlocking(PASSPHRASE, "test"))) as journal:
        entries = journal.list_entries()
        assert [entry.text for entry in entries] == ["from an earlier day", "tight chest"]
        assert entries[1].rating_before == 7
