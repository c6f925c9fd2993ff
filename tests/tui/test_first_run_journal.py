"""The first-run screen says how the journal is protected and lets the person choose: encrypt it (with
the keyring, or a passphrase typed twice), see its recovery code, or keep it unencrypted."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.tui.fakes import services
from tests.tui.helpers import screen_text, settle
from voiceguide.config import Config
from voiceguide.journal import connection
from voiceguide.journal.keys import JournalKey, KeyFile
from voiceguide.journal.unlock import Unlocking
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.journal_view import JournalView, open_app_journal
from voiceguide.tui.screens.first_run import FirstRunScreen
from voiceguide.tui.screens.new_passphrase import NewPassphraseScreen, passphrase_problem
from voiceguide.tui.screens.recovery_code import RecoveryCodeScreen

PASSPHRASE = "first run passphrase"


def app_over(view: JournalView) -> VoiceguideApp:
    app_services = services()
    app_services.journal = view
    return VoiceguideApp(Config(), app_services, cursor_blink=False)


def flat(text: str) -> str:
    return " ".join(text.split())


async def until(pilot: object, test: object, seconds: float = 10) -> None:
    for _ in range(int(seconds * 10)):
        if test():  # type: ignore[operator]
            return
        await pilot.pause(0.1)  # type: ignore[attr-defined]


def test_a_plain_journal_is_encrypted_with_a_passphrase_from_the_first_run_screen(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    view = open_app_journal(str(data_dir), Unlocking(encrypt="off"))
    view.recorder("stop").answer("observe", "What do you notice?", "warm hands", "typed")
    app = app_over(view)
    codes: list[str] = []

    async def walk() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FirstRunScreen)
            assert "journal is not encrypted" in flat(screen_text(pilot))
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, NewPassphraseScreen)
            await pilot.press(*"short", "enter", *"short", "enter")
            await settle(pilot)
            assert "at least 8" in flat(screen_text(pilot)) and isinstance(app.screen, NewPassphraseScreen)
            await pilot.press("ctrl+a", "ctrl+k")
            first = app.screen.query_one("#first")
            first.value = ""  # type: ignore[attr-defined]
            first.focus()
            await pilot.press(*PASSPHRASE, "enter", *PASSPHRASE, "enter")
            await until(pilot, lambda: isinstance(app.screen, RecoveryCodeScreen))
            assert isinstance(app.screen, RecoveryCodeScreen)
            codes.append(app.screen.code)
            assert "Write this down" in flat(screen_text(pilot))
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FirstRunScreen)
            assert "journal is encrypted" in flat(screen_text(pilot))

    asyncio.run(walk())
    assert connection.is_encrypted(data_dir / "journal.sqlite3") and b"warm hands" not in \
        (data_dir / "journal.sqlite3").read_bytes()
    key_file = KeyFile.load(data_dir)
    assert key_file is not None and key_file.passphrase is not None and not key_file.in_keyring
    assert key_file.passphrase.unwrap(PASSPHRASE) == JournalKey.from_recovery_code(codes[0])
    assert [entry.text for entry in view.recent()] == ["warm hands"]  # the app goes on with it


@pytest.mark.usefixtures("keyring_env")
def test_a_new_journal_encrypted_in_the_keyring_shows_its_code_and_can_be_kept_plain(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    view = open_app_journal(str(data_dir), Unlocking())
    assert view.encrypted  # a keyring is there: a new journal is encrypted by default
    app = app_over(view)
    expected = view.recovery_code()

    async def walk() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            text = flat(screen_text(pilot))
            assert "journal is encrypted; its key is in your desktop keyring" in text, text
            await pilot.press("k")
            await settle(pilot)
            assert isinstance(app.screen, RecoveryCodeScreen) and app.screen.code == expected
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("x")
            await until(pilot, lambda: not view.encrypted)
            await settle(pilot)
            assert "journal is not encrypted" in flat(screen_text(pilot))

    asyncio.run(walk())
    assert not connection.is_encrypted(data_dir / "journal.sqlite3")
    assert app.config.journal.encrypt == "off"  # the choice is kept for a journal made again later


def test_a_new_passphrase_is_checked_before_it_is_used() -> None:
    assert passphrase_problem("short", "short") == "Use at least 8 characters."
    assert "recovery code" in passphrase_problem(JournalKey.generate().recovery_code(), "")
    assert passphrase_problem("long enough", "long enougH") == "The two differ: type it again."
    assert passphrase_problem("long enough", "long enough") == ""
