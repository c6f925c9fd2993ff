"""A spoken answer reaches the real journal screen and its search; the support card opens from anywhere."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

from textual.widgets import Input, OptionList, Select, Switch

from tests.tui.fakes import ChunkMic, FixedClock, ScriptedRecognizer, services
from tests.tui.helpers import breathe_through, ready_config, say, screen_text, settle
from voiceguide.audio.format import read_wav
from voiceguide.journal import SqliteJournal
from voiceguide.tui.adapters import SqliteJournalPort
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.help import HelpScreen
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.screens.journal import JournalScreen
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.screens.settings import SettingsScreen
from voiceguide.tui.screens.support_card import SupportCardScreen


def test_a_listen_answer_shows_in_the_journal_and_its_search(tmp_path: Path) -> None:
    asyncio.run(answer_in_journal(tmp_path))


async def answer_in_journal(tmp_path: Path) -> None:
    clock = FixedClock()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    journal = SqliteJournalPort(str(tmp_path / "data"))
    app_services = services(mic=mic, clock=clock)
    app_services.journal = journal
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("6")
        await settle(pilot)
        await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
        await pilot.press("n")
        await settle(pilot)
        await say(pilot, recognizer, mic, "my jaw is clenched")
        await say(pilot, recognizer, mic, "and my hands are cold")
        await say(pilot, recognizer, mic, "i'm done")
        await pilot.press("escape", "e")  # out of the answer box; then end, which asks first
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert session.ended
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        shown = screen_text(pilot)
        assert "my jaw is clenched and my hands are cold" in shown
        assert "Observe" in shown  # the prompt it answered
        await pilot.press("slash", *"hands")
        await settle(pilot)
        entries = app.screen.query_one("#entries", OptionList)
        assert entries.option_count == 1
        assert "«hands»" in screen_text(pilot)  # the snippet marks the match, as text
        await pilot.press("ctrl+u", *"nothingsaidthis")
        await settle(pilot)
        assert "Nothing here yet." in screen_text(pilot)
    entries_kept = journal.recent()
    assert [e.text for e in entries_kept] == ["my jaw is clenched and my hands are cold"]
    assert not (tmp_path / "data" / "audio").exists()  # record_audio is off by default: no audio file


def test_with_record_audio_on_a_spoken_answer_keeps_its_recording(tmp_path: Path) -> None:
    asyncio.run(answer_recorded(tmp_path))


async def answer_recorded(tmp_path: Path) -> None:
    clock = FixedClock()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    journal = SqliteJournalPort(str(tmp_path / "data"))
    app_services = services(mic=mic, clock=clock)
    app_services.journal = journal
    config = ready_config()
    config.journal.record_audio = True
    app = VoiceguideApp(config, app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("6")
        await settle(pilot)
        await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
        await pilot.press("n")
        await settle(pilot)
        await say(pilot, recognizer, mic, "my jaw is clenched")
        await say(pilot, recognizer, mic, "and my hands are cold")
        await say(pilot, recognizer, mic, "i'm done")
        assert session.controller.listen_step == "proceed"
        await say(pilot, recognizer, mic, "a short walk")  # its first chunk closes the first recording
        await settle(pilot)
        assert not app.save_errors
    with SqliteJournal(tmp_path / "data") as kept:
        entries = {entry.step: entry for entry in kept.list_entries()}
    observe = entries["observe"]
    assert observe.text == "my jaw is clenched and my hands are cold" and observe.audio == "audio/entry-1.wav"
    wav = tmp_path / "data" / "audio" / "entry-1.wav"
    assert read_wav(wav).data == b"\x00\x00" * 320 * 3  # the three chunks of the answer, nothing else
    assert stat.S_IMODE(wav.stat().st_mode) == 0o600 and stat.S_IMODE(wav.parent.stat().st_mode) == 0o700
    assert [p.name for p in wav.parent.iterdir()] == ["entry-1.wav"]  # quitting left no temporary file


def test_journal_edit_and_tags(tmp_path: Path) -> None:
    asyncio.run(edit_and_tag(tmp_path))


async def edit_and_tag(tmp_path: Path) -> None:
    journal = SqliteJournalPort(str(tmp_path / "data"))
    journal.recorder("stop").answer("observe", "Observe.", "first words", "spoken")
    app_services = services()
    app_services.journal = journal
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("e", "ctrl+a", "ctrl+k")  # TextArea: select to line start, delete the line
        await pilot.press(*"better words", "ctrl+s")
        await settle(pilot)
        await pilot.press("t", *"+trigger:work +calm", "enter")
        await settle(pilot)
        assert "better words" in screen_text(pilot)
        assert "#trigger:work" in screen_text(pilot)
    (entry,) = journal.recent()
    assert entry.text == "better words"
    assert set(entry.tags) == {"trigger:work", "calm"}


def test_a_phrase_typed_half_way_says_how_to_search(tmp_path: Path) -> None:
    asyncio.run(phrase_half_way(tmp_path))


async def phrase_half_way(tmp_path: Path) -> None:
    journal = SqliteJournalPort(str(tmp_path / "data"))
    journal.recorder("stop").answer("observe", "Observe.", "I felt alone at work", "spoken")
    app_services = services()
    app_services.journal = journal
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("slash", *'"felt al')
        await settle(pilot)
        shown = screen_text(pilot)
        assert "double quote is not closed" in shown and "Cannot read the journal" not in shown
        await pilot.press(*'one"')
        await settle(pilot)
        assert "«felt alone»" in screen_text(pilot)


def test_support_card_opens_by_one_key_from_every_screen() -> None:
    asyncio.run(support_everywhere())


async def support_everywhere() -> None:
    app = VoiceguideApp(ready_config(), services(), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for opener in ((), ("j",), ("o",), ("1",), ("question_mark",)):
            await pilot.press(*opener)
            await settle(pilot)
            under = type(app.screen)
            await pilot.press("f2")
            await settle(pilot)
            assert isinstance(app.screen, SupportCardScreen), f"no card over {under.__name__}"
            assert "988" in screen_text(pilot)  # the US default from the safety package
            await pilot.press("escape")
            assert type(app.screen) is under
            if isinstance(app.screen, SessionScreen):
                assert app.screen.step.paused, "the practice waits while the card is open"
                await pilot.press("p")  # resume
                await settle(pilot)
                assert not app.screen.step.paused
            if under is not HomeScreen:
                await pilot.press("escape")
                await settle(pilot)
            if isinstance(app.screen, SessionScreen):  # leaving a session asks first
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, HomeScreen), app.screen


def test_a_crisis_statement_pauses_and_opens_the_card_with_words() -> None:
    asyncio.run(crisis_statement())


async def crisis_statement() -> None:
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    spoken: list[str] = []
    app = VoiceguideApp(ready_config(), services(mic=mic), "stop", cursor_blink=False)
    original_speak = app.speak

    def speak_and_keep(text: str) -> int:
        spoken.append(text)
        return original_speak(text)

    app.speak = speak_and_keep  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await say(pilot, recognizer, mic, "i want to kill myself")
        assert isinstance(app.screen, SupportCardScreen)
        assert session.step.paused
        assert any("988" in text or "9 8 8" in text for text in spoken), spoken


def test_help_lists_keys_and_spoken_commands() -> None:
    asyncio.run(help_overlay())


async def help_overlay() -> None:
    app = VoiceguideApp(ready_config(), services(), cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        for words in ("next, go on", "slower", "faster", "resume", "I need help", "0-9, t (10)", "F2"):
            assert words in text, words
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


def test_settings_are_saved_and_theme_switches() -> None:
    asyncio.run(settings_saved())


async def settings_saved() -> None:
    saved: list = []
    app = VoiceguideApp(ready_config(), services(saved=saved), cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, SettingsScreen)
        screen = app.screen
        rate = screen.query_one("#rate", Input)
        rate.value = "500"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not saved and "Speaking rate must be between 80 and 250" in screen_text(pilot)
        rate.value = "130"
        screen.query_one("#theme", Select).value = "voiceguide-high-contrast"
        screen.query_one("#reduced-motion", Switch).value = True
        record = screen.query_one("#record-audio", Switch)
        assert record.value is False  # recording answers is off by default
        record.scroll_visible(animate=False)
        await pilot.pause()
        assert "Keep recordings of spoken answers (WAV)" in screen_text(pilot)
        record.value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert saved and saved[-1].voice.rate == 130
        assert saved[-1].ui.theme == "voiceguide-high-contrast" and saved[-1].ui.reduced_motion
        assert saved[-1].journal.record_audio and app.config.journal.record_audio
        assert app.theme == "voiceguide-high-contrast"


def test_distress_not_falling_offers_the_card_after_the_practice() -> None:
    asyncio.run(escalation())


async def escalation() -> None:
    from voiceguide.safety.messages import ESCALATION_OFFER

    app = VoiceguideApp(ready_config(), services(), "stop", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("5")
        await settle(pilot)
        for _ in range(12):  # skip through to the closing rating
            if session.step.kind == "rate":
                break
            await pilot.press("escape" if isinstance(app.focused, Input) else "s")
            await settle(pilot)
        assert session.step.kind == "rate", session.step
        await pilot.press("9")
        await settle(pilot)
        assert session.ended
        assert isinstance(app.screen, SupportCardScreen)
        assert ESCALATION_OFFER[:40] in " ".join(screen_text(pilot).split())
