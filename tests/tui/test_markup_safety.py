"""User text is data: brackets and ANSI escapes are shown literally on every screen that shows user text."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.tui.fakes import NASTY, ChunkMic, FakeJournal, RealJournal, ScriptedRecognizer, services
from tests.tui.helpers import ready_config, say, screen_text, settle
from voiceguide.config import Resource
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import EntryView, JournalStats, RatingChange
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.text import recognized, restore_controls, visible

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


def test_hostile_text_is_literal_in_real_search_stats_and_the_editor(tmp_path: Path) -> None:
    asyncio.run(hostile_journal(tmp_path))


class HostileStats(RealJournal):
    """The real journal, with a trigger and a practice name made of hostile text in its stats."""

    def stats(self) -> JournalStats:
        real = super().stats()
        return replace(real, rating_change=[RatingChange(NASTY, 5.0, 3.0, 1)], top_triggers=[(NASTY, 3)])


def no_raw_escape(pilot: Pilot[int]) -> bool:
    """No segment sent to the terminal carries a raw control character."""
    strips = pilot.app.screen._compositor.render_strips()
    return not any(ch in segment.text for strip in strips for segment in strip for ch in "\x1b\x07\x08")


async def hostile_journal(tmp_path: Path) -> None:
    journal = HostileStats(str(tmp_path / "data"))
    journal.recorder("stop").answer("observe", NASTY, NASTY, "spoken")
    app_services = services()
    app_services.journal = journal
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        shown = screen_text(pilot)
        assert f"{SHOWN} █████ 3" in shown, shown  # stats: the triggers chart
        assert "[bold]not bol ██▌   5.0" in shown  # stats: the practice name in the ratings chart
        assert no_raw_escape(pilot)
        await pilot.press("slash", *"oops")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "[/ «oops» ␛[31mred" in shown, shown  # the real search snippet, marked as text
        assert no_raw_escape(pilot)
        await pilot.press("enter", "e")  # to the list, then edit the entry
        await settle(pilot)
        editor = app.focused
        assert isinstance(editor, TextArea)
        assert editor.text == SHOWN and SHOWN in screen_text(pilot)
        assert no_raw_escape(pilot), "the editor sent the entry's escapes to the terminal"
        await pilot.press("ctrl+s")  # saving unchanged text leaves the entry as it was
        await settle(pilot)
        assert journal.recent()[0].text == NASTY
        await pilot.press("e", "end", *" and more")  # an edit elsewhere keeps the escapes as they were
        await pilot.press("ctrl+s")
        await settle(pilot)
        for _ in range(50):
            if journal.recent()[0].text != NASTY:
                break
            await pilot.pause(0.02)
    (entry,) = journal.recent()
    assert entry.text == NASTY + " and more"


def test_an_edit_keeps_the_control_characters_of_what_it_left_unchanged_and_what_was_typed() -> None:
    original = "tired\x1b[0m and\x07"
    edited = visible(original).replace("tired", "so tired") + " ␛ ␇ ␀"
    assert restore_controls(edited, original) == "so tired\x1b[0m and\x07 ␛ ␇ ␀"
    both = "the sign ␛ means ESC\x1b[0m"  # a picture the user wrote, and a real escape
    assert restore_controls(visible(both).replace("sign", "symbol"), both) == "the symbol ␛ means ESC\x1b[0m"
    assert restore_controls(visible(both).replace("\u241b[0m", ""), both) == "the sign ␛ means ESC"
    assert restore_controls("plain text, edited", "plain text") == "plain text, edited"
