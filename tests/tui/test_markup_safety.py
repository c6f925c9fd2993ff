"""User text is data: brackets and ANSI escapes are shown literally on every screen that shows user text."""

from __future__ import annotations

import asyncio

from tests.tui.fakes import NASTY, ChunkMic, FakeJournal, ScriptedRecognizer, services
from tests.tui.helpers import ready_config, say, screen_text, settle
from voiceguide.config import Resource
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import EntryView
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.text import recognized, visible

SHOWN = visible(NASTY)


def test_visible_shows_escapes_as_pictures() -> None:
    assert SHOWN == "[bold]not bold[/] [/ oops ␛[31mred␛[0m [link=x]y[/link]"


def test_recognizer_filler_tokens_are_not_shown() -> None:
    assert recognized("<garbage> family [unk] here <sil>") == "family here"
    assert recognized("[bold] stays") == "[bold] stays"


def test_hostile_text_is_literal_in_journal_session_and_card() -> None:
    asyncio.run(hostile_text())


async def hostile_text() -> None:
    journal = FakeJournal([EntryView(1, "2026-01-05 09:30", "stop", NASTY, NASTY, tags=(NASTY[:7],))])
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    config = ready_config()
    config.safety.resources = [Resource(NASTY, "[red]555[/red]", NASTY)]
    app = VoiceguideApp(config, services(journal, mic=mic), cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        shown = screen_text(pilot)
        assert shown.count(SHOWN) >= 2, shown  # the entry's text and its prompt
        assert "#[bold]" in shown and SHOWN[:40] in shown  # the tag, the list line
        await pilot.press("slash", *"bold")
        await settle(pilot)
        assert "«bold»" in screen_text(pilot) or SHOWN in screen_text(pilot)
        await pilot.press("escape", "escape")
        await pilot.press("1")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await say(pilot, recognizer, mic, NASTY)  # heard in number mode: not a number, shown as said
        assert SHOWN in screen_text(pilot)
        await pilot.press("f2")
        await settle(pilot)
        shown = screen_text(pilot)
        assert SHOWN in shown and "[red]555[/red]" in shown
