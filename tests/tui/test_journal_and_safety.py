"""A spoken answer reaches the real journal screen and its search; the support card opens from anywhere."""

from __future__ import annotations

import asyncio
import errno
import inspect
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from textual.pilot import Pilot
from textual.widgets import Button, Input, OptionList, Select, Sparkline, Static, Switch, TextArea

from tests.tui.fakes import ChunkMic, FixedClock, RealJournal, ScriptedRecognizer, services
from tests.tui.helpers import (
    keep_spoken,
    quit_with,
    rate_and_breathe_to_observe,
    ready_config,
    say,
    screen_text,
    settle,
    spoken_to_app,
)
from voiceguide.audio.format import AudioFormat, Pcm, read_wav
from voiceguide.config import Config
from voiceguide.journal import SqliteJournal
from voiceguide.practices.model import RatingWhich
from voiceguide.speech.recognizer import Transcript
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import SilentSpeech, VoiceStatus
from voiceguide.tui.screens.first_run import FirstRunScreen
from voiceguide.tui.screens.help import HelpScreen, help_table
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.screens.journal import JournalScreen
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.screens.settings import TEST_PHRASE as SETTINGS_TEST_PHRASE
from voiceguide.tui.screens.settings import SettingsScreen
from voiceguide.tui.screens.support_card import SupportCardScreen
from voiceguide.tui.services import Voice


@dataclass
class VoicedApp:
    """The app over the real journal in `tmp_path/data`, heard through a scripted recognizer."""

    app: VoiceguideApp
    recognizer: ScriptedRecognizer
    mic: ChunkMic
    clock: FixedClock
    journal: RealJournal


def voiced_app(tmp_path: Path, record_audio: bool = False,
               app_class: type[VoiceguideApp] = VoiceguideApp) -> VoicedApp:
    clock = FixedClock()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    journal = RealJournal(str(tmp_path / "data"))
    app_services = services(mic=mic, clock=clock)
    app_services.journal = journal
    config = ready_config()
    config.journal.record_audio = record_audio
    return VoicedApp(app_class(config, app_services, cursor_blink=False), recognizer, mic, clock, journal)


async def answer_observe_by_voice(pilot: Pilot[int], app: VoiceguideApp, recognizer: ScriptedRecognizer,
                                  mic: ChunkMic, clock: FixedClock) -> SessionScreen:
    """From the home screen: STOP started, rated 6, breathed through, and its observe step answered by
    voice ("my jaw is clenched", "and my hands are cold", "i'm done")."""
    await settle(pilot)
    await pilot.press("1")
    await settle(pilot)
    session = app.screen
    assert isinstance(session, SessionScreen)
    await rate_and_breathe_to_observe(pilot, session, clock, "6")
    for phrase in ("my jaw is clenched", "and my hands are cold", "i'm done"):
        await say(pilot, recognizer, mic, phrase)
    return session


def test_a_listen_answer_shows_in_the_journal_and_its_search(tmp_path: Path) -> None:
    asyncio.run(answer_in_journal(tmp_path))


async def answer_in_journal(tmp_path: Path) -> None:
    voiced = voiced_app(tmp_path)
    app, journal = voiced.app, voiced.journal
    async with app.run_test(size=(120, 40)) as pilot:
        session = await answer_observe_by_voice(pilot, app, voiced.recognizer, voiced.mic, voiced.clock)
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
        assert "No entry matches this search." in screen_text(pilot)
    entries_kept = journal.recent()
    assert [e.text for e in entries_kept] == ["my jaw is clenched and my hands are cold"]
    assert not (tmp_path / "data" / "audio").exists()  # record_audio is off by default: no audio file


def test_with_record_audio_on_a_spoken_answer_keeps_its_recording(tmp_path: Path) -> None:
    app = asyncio.run(answer_recorded(tmp_path))
    assert not app.save_errors
    with SqliteJournal(tmp_path / "data") as kept:
        entries = {entry.step: entry for entry in kept.list_entries()}
    observe = entries["observe"]
    assert observe.text == "my jaw is clenched and my hands are cold" and observe.audio == "audio/entry-1.wav"
    wav = tmp_path / "data" / "audio" / "entry-1.wav"
    assert read_wav(wav).data == b"\x00\x00" * 320 * 3  # the three chunks of the answer, nothing else
    assert stat.S_IMODE(wav.stat().st_mode) == 0o600 and stat.S_IMODE(wav.parent.stat().st_mode) == 0o700
    # quitting mid-way through the next answer kept its recording too, and left no temporary file
    assert sorted(p.name for p in wav.parent.iterdir()) == ["entry-1.wav", "entry-2.wav"]


def test_a_recording_the_journal_cannot_keep_is_one_notice_and_the_words_stay(tmp_path: Path) -> None:
    def disk_full(entry_id: int, wav: Path) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    app = asyncio.run(answer_recorded(tmp_path, attach=disk_full))
    assert app.save_errors == ["the recording of this answer could not be kept (No space left on device); "
                               "its words are saved"]
    with SqliteJournal(tmp_path / "data") as kept:
        observe = next(entry for entry in kept.list_entries() if entry.step == "observe")
    assert (observe.text, observe.audio) == ("my jaw is clenched and my hands are cold", None)
    assert list((tmp_path / "data" / "audio").iterdir()) == []


async def answer_recorded(tmp_path: Path, attach: Callable[[int, Path], Path] | None = None) -> VoiceguideApp:
    """STOP with record_audio on: the observe step answered by voice, then one phrase of the next answer
    (its first chunk closes the first recording); `attach` stands in for the journal's attach_recording."""
    voiced = voiced_app(tmp_path, record_audio=True)
    app, recognizer, mic, journal = voiced.app, voiced.recognizer, voiced.mic, voiced.journal
    if attach is not None:
        journal.journal.attach_recording = attach  # type: ignore[method-assign, assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        session = await answer_observe_by_voice(pilot, app, recognizer, mic, voiced.clock)
        assert session.controller.listen_step == "proceed"
        await say(pilot, recognizer, mic, "a short walk")
        await settle(pilot)
    journal.journal.close()
    return app


def test_quitting_mid_answer_keeps_the_words_not_yet_settled_and_their_recording(tmp_path: Path) -> None:
    app = asyncio.run(quit_mid_answer(tmp_path, typed=""))
    assert not app.save_errors and not app.late_save_errors
    with SqliteJournal(tmp_path / "data") as kept:
        entries = {entry.step: entry for entry in kept.list_entries()}
    proceed = entries["proceed"]
    assert proceed.text == "a short walk and then call my sister"
    assert proceed.audio == "audio/entry-2.wav"
    assert read_wav(tmp_path / "data" / "audio" / "entry-2.wav").data == b"\x00\x00" * 320 * 2
    assert sorted(p.name for p in (tmp_path / "data" / "audio").iterdir()) == ["entry-1.wav", "entry-2.wav"]


def test_quitting_keeps_a_line_typed_but_not_sent(tmp_path: Path) -> None:
    app = asyncio.run(quit_mid_answer(tmp_path, typed="then tea"))
    assert not app.save_errors and not app.late_save_errors
    with SqliteJournal(tmp_path / "data") as kept:
        proceed = next(entry for entry in kept.list_entries() if entry.step == "proceed")
    assert proceed.text == "a short walk then tea and then call my sister"


async def quit_mid_answer(tmp_path: Path, typed: str) -> VoiceguideApp:
    """STOP with record_audio on, in its proceed answer: "a short walk" settled, `typed` in the answer
    box (not sent), "and then call my sister" heard but not settled when Ctrl+Q is pressed."""
    voiced = voiced_app(tmp_path, record_audio=True)
    app, recognizer, mic, journal = voiced.app, voiced.recognizer, voiced.mic, voiced.journal
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_observe_by_voice(pilot, app, recognizer, mic, voiced.clock)
        await say(pilot, recognizer, mic, "a short walk")
        if typed:
            await pilot.press("tab")
            await settle(pilot)
            assert isinstance(app.focused, Input)
            await pilot.press(*typed)
        recognizer.unsettled.append("and then call my sister")
        mic.feed()  # the chunk that carried the unsettled words, recorded with the answer
        await pilot.pause(0.05)
        await quit_with(pilot, "ctrl+q")
    journal.journal.close()
    return app


class UnmountingApp(VoiceguideApp):
    """The app, saying when it unmounts: its message loop has stopped, and only on_unmount is left."""

    CSS_PATH = str(Path(inspect.getfile(VoiceguideApp)).with_name(str(VoiceguideApp.CSS_PATH)))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unmounting = threading.Event()

    def on_unmount(self) -> None:
        self.unmounting.set()
        super().on_unmount()


def test_words_settled_after_the_app_stopped_taking_messages_are_still_saved(tmp_path: Path) -> None:
    """Ctrl+Q twice (quit at once) while the last words are still being settled: they and the answer's
    recording only come once the app is unmounting, and are saved all the same."""
    voiced = voiced_app(tmp_path, record_audio=True, app_class=UnmountingApp)
    app = cast(UnmountingApp, voiced.app)
    settle_words = voiced.recognizer.flush

    def slow_flush() -> list[Transcript]:
        assert app.unmounting.wait(10), "the app never unmounted"
        return settle_words()

    async def quit_twice() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await answer_observe_by_voice(pilot, app, voiced.recognizer, voiced.mic, voiced.clock)
            await say(pilot, voiced.recognizer, voiced.mic, "a short walk")
            voiced.recognizer.unsettled.append("and then call my sister")
            voiced.recognizer.flush = slow_flush  # type: ignore[method-assign]
            voiced.mic.feed()
            await pilot.pause(0.05)
            await quit_with(pilot, "ctrl+q", "ctrl+q")

    asyncio.run(quit_twice())
    voiced.journal.journal.close()
    assert not app.save_errors and not app.late_save_errors
    with SqliteJournal(tmp_path / "data") as kept:
        proceed = next(entry for entry in kept.list_entries() if entry.step == "proceed")
    assert (proceed.text, proceed.audio) == ("a short walk and then call my sister", "audio/entry-2.wav")
    assert sorted(p.name for p in (tmp_path / "data" / "audio").iterdir()) == ["entry-1.wav", "entry-2.wav"]


def test_a_journal_write_that_fails_while_the_app_closes_is_reported_after_it(tmp_path: Path) -> None:
    app = UnmountingApp(ready_config(), services(), cursor_blink=False)  # no microphone: quits at once

    def write_on_a_full_disk() -> None:
        assert app.unmounting.wait(10), "the app never unmounted"
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    async def write_then_quit() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            app.write_journal(write_on_a_full_disk)
            await pilot.pause(0.05)  # the drain worker is in the write
            await quit_with(pilot, "ctrl+q")

    asyncio.run(write_then_quit())
    assert app.late_save_errors == ["could not save to the journal: [Errno 28] No space left on device"]


def test_journal_edit_and_tags(tmp_path: Path) -> None:
    asyncio.run(edit_and_tag(tmp_path))


def app_with_one_answer(tmp_path: Path, answer: str) -> tuple[VoiceguideApp, RealJournal]:
    """The app over a real journal holding one spoken answer to STOP's Observe step."""
    journal = RealJournal(str(tmp_path / "data"))
    journal.recorder("stop").answer("observe", "Observe.", answer, "spoken")
    app_services = services()
    app_services.journal = journal
    return VoiceguideApp(ready_config(), app_services, cursor_blink=False), journal


async def edit_and_tag(tmp_path: Path) -> None:
    app, journal = app_with_one_answer(tmp_path, "first words")
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


def test_leaving_an_edit_with_changes_asks_once_and_a_search_without_matches_says_so(tmp_path: Path) -> None:
    asyncio.run(edit_left_unsaved(tmp_path))


async def edit_left_unsaved(tmp_path: Path) -> None:
    app, journal = app_with_one_answer(tmp_path, "first words")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        assert "^s Save" not in screen_text(pilot)  # offered only while editing
        await pilot.press("e")
        await settle(pilot)
        assert "^s Save" in screen_text(pilot)
        await pilot.press("end", *" and more", "escape")
        await settle(pilot)
        editor = app.screen.query_one(TextArea)
        assert editor.display and editor.text == "first words and more"  # still there, with a warning
        assert [n.message for n in app._notifications][-1] == (
            "This change is not saved. Ctrl+S saves it; Esc again leaves it unsaved.")
        await pilot.press("escape")
        await settle(pilot)
        assert not editor.display
        await pilot.press("slash", *"zebra")
        await settle(pilot)
        assert "No entry matches this search." in screen_text(pilot)
        await pilot.press("ctrl+u", *"first", "down")  # ↓ from the search box into what it found
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.focused, TextArea) and app.focused.text == "first words"
    assert journal.recent()[0].text == "first words"


def test_the_journal_screen_says_where_an_answers_recording_is(tmp_path: Path) -> None:
    asyncio.run(recording_shown(tmp_path))


async def recording_shown(tmp_path: Path) -> None:
    app, journal = app_with_one_answer(tmp_path, "recorded words")
    (entry,) = journal.recent()
    assert entry.recording == ""
    journal.journal.attach_audio(entry.id, Pcm(b"\x00\x00" * 1600, AudioFormat(16000, 2, 1)))
    where = str((tmp_path / "data" / "audio" / f"entry-{entry.id}.wav").absolute())
    assert journal.recent()[0].recording == where
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        assert f"Recording: {where}" in screen_text(pilot)


def test_a_phrase_typed_half_way_says_how_to_search(tmp_path: Path) -> None:
    asyncio.run(phrase_half_way(tmp_path))


async def phrase_half_way(tmp_path: Path) -> None:
    app, _journal = app_with_one_answer(tmp_path, "I felt alone at work")
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
    app, recognizer, mic = spoken_to_app()
    spoken = keep_spoken(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await say(pilot, recognizer, mic, "i want to kill myself")
        assert isinstance(app.screen, SupportCardScreen)
        assert session.step.paused
        assert any("9 8 8" in text for text in spoken), spoken  # said digit by digit
        message = " ".join(str(app.screen.query_one("#support-message", Static).render()).split())
        assert "call or text 988" in message and "9 8 8" not in message  # and shown as written


def test_the_card_opens_and_closes_by_voice_alone() -> None:
    asyncio.run(card_by_voice())


async def card_by_voice() -> None:
    app, recognizer, mic = spoken_to_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await say(pilot, recognizer, mic, "need help")  # the "i" lost by the recognizer
        assert isinstance(app.screen, SupportCardScreen)
        assert session.step.paused
        await say(pilot, recognizer, mic, "the weather")  # not a closing word: the card stays
        assert isinstance(app.screen, SupportCardScreen)
        await say(pilot, recognizer, mic, "go back")
        assert app.screen is session and session.step.paused  # closed; the practice waits to be resumed
        await say(pilot, recognizer, mic, "resume")
        assert not session.step.paused


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
        table = str(help_table())  # all of it, also below the scroll
        for words in ("In the journal", "edit the chosen entry (Ctrl+S saves)", "+tag adds", "quit"):
            assert words in table, words
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
    from voiceguide.safety.calm_words import ESCALATION_OFFER

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


def test_support_card_opens_by_the_spoken_phrase_and_by_f2_from_every_screen_first_run_too() -> None:
    asyncio.run(support_spoken_everywhere())


async def support_spoken_everywhere() -> None:
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app = VoiceguideApp(Config(), services(mic=mic), cursor_blink=False)  # first run not yet done
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        for opener in ((), ("enter",), ("j",), ("o",), ("1",), ("question_mark",)):
            await pilot.press(*opener)
            await settle(pilot)
            under = app.screen
            await say(pilot, recognizer, mic, "i need help")
            assert isinstance(app.screen, SupportCardScreen), f"no card over {type(under).__name__}"
            assert "988" in screen_text(pilot)
            await pilot.press("escape")
            assert app.screen is under
            await pilot.press("f2")  # and by its key, here too
            await settle(pilot)
            assert isinstance(app.screen, SupportCardScreen), f"F2 opened no card over {type(under).__name__}"
            await pilot.press("escape")
            assert app.screen is under
            if isinstance(under, SessionScreen):
                assert under.step.paused, "the practice waits while the card is open"
                await pilot.press("p", "escape")  # resume; then leave, which asks first
                await settle(pilot)
                await pilot.press("y")
                await settle(pilot)
            if not isinstance(under, (FirstRunScreen, HomeScreen)):
                await pilot.press("escape")
                await settle(pilot)
            assert isinstance(app.screen, (FirstRunScreen, HomeScreen)), app.screen


def test_every_setting_is_saved_to_the_config_and_the_voice_can_be_tested() -> None:
    asyncio.run(every_setting())


async def every_setting() -> None:
    saved: list = []
    app = VoiceguideApp(ready_config(), services(saved=saved), cursor_blink=False)
    spoken = keep_spoken(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert "Microphones found: 0 pulse, 1 USB headset" in screen_text(pilot)  # listed by a worker
        screen.query_one("#test-voice", Button).press()
        await settle(pilot)
        assert "No speaker is available" in screen_text(pilot) and not spoken  # the fakes have none
        assert app.voice is not None
        app.voice.speech.description = "on (test)"
        screen.query_one("#test-voice", Button).press()
        await settle(pilot)
        assert spoken == [SETTINGS_TEST_PHRASE]
        for field, value in (("#rate", "120"), ("#voice", "en-gb"), ("#volume", "0.5"),
                             ("#input-device", "USB headset"), ("#output-device", "1"), ("#silence", "7.5")):
            screen.query_one(field, Input).value = value
        screen.query_one("#engine", Select).value = "pocketsphinx"
        screen.query_one("#cue-style", Select).value = "words"
        screen.query_one("#theme", Select).value = "voiceguide-high-contrast"
        screen.query_one("#reduced-motion", Switch).value = True
        screen.query_one("#record-audio", Switch).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Saved." in screen_text(pilot)
    (config,) = saved
    assert config.journal.record_audio
    assert (config.voice.rate, config.voice.voice, config.voice.volume) == (120, "en-gb", 0.5)
    assert (config.devices.input, config.devices.output) == ("USB headset", "1")
    assert (config.listen.engine, config.listen.silence_timeout) == ("pocketsphinx", 7.5)
    assert (config.voice.cue_style, config.ui.theme, config.ui.reduced_motion) == \
        ("words", "voiceguide-high-contrast", True)
    assert app.config.listen.silence_timeout == 7.5, "the running app uses the saved settings"


def test_stats_panel_charts_ratings_before_and_after_entries_per_week_and_triggers(tmp_path: Path) -> None:
    asyncio.run(stats_panel(tmp_path))


async def stats_panel(tmp_path: Path) -> None:
    journal = RealJournal(str(tmp_path / "data"))
    for practice, before, after in (("stop", 7, 3), ("stop", 9, 8), ("box-breathing", 6, 6)):
        recorder = journal.recorder(practice)
        recorder.rating(RatingWhich.BEFORE, before)
        recorder.answer("observe", "Observe.", f"{practice} {before}", "typed")
        recorder.rating(RatingWhich.AFTER, after)
    for entry in journal.recent():
        journal.tag(entry.id, ["trigger:work"] + (["trigger:noise"] if entry.practice == "stop" else []), [])
    app_services = services()
    app_services.journal = journal
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Distress before → after" in shown
        assert "box-breathing ███   6.0 → ███   6.0 (1)" in shown, shown  # 0-10 drawn over 5 cells
        assert "stop          ████  8.0 → ██▊   5.5 (2)" in shown, shown  # averages of 7→3 and 9→8
        assert "Most frequent triggers" in shown
        assert "work █████ 3   noise ███▍ 2" in shown, shown  # bars scaled to the most frequent
        assert app.screen.query_one(Sparkline).data == [3.0]  # entries per week


class ConfiguredSpeech(SilentSpeech):
    """A speaker that notes the voice, rate and volume each text is said with."""

    description = "on (test)"

    def __init__(self) -> None:
        self.choice = ("", 150, 0.9)
        self.said: list[tuple[str, tuple[str, int, float]]] = []

    def configure(self, voice: str, rate: int, volume: float) -> None:
        self.choice = (voice, rate, volume)

    def say(self, text: str) -> None:
        self.said.append((text, self.choice))


def test_the_voice_test_speaks_with_the_settings_on_screen() -> None:
    asyncio.run(voice_test_uses_form())


async def voice_test_uses_form() -> None:
    speech = ConfiguredSpeech()
    app_services = services()
    app_services.open_voice = lambda config: Voice(speech, None, VoiceStatus(speaker="on (test)"))
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#rate", Input).value = "100"
        screen.query_one("#volume", Input).value = "0.4"
        screen.query_one("#test-voice", Button).press()
        await settle(pilot)
        assert speech.said == [(SETTINGS_TEST_PHRASE, ("", 100, 0.4))], "heard as set, before saving"
        await pilot.press("escape")  # leaving without saving goes back to the saved voice
        await settle(pilot)
        app.speak("after")
        await settle(pilot)
        assert speech.said[-1] == ("after", ("", 150, 0.9))
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#rate", Input).value = "120"
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.speak("saved")
        await settle(pilot)
        assert speech.said[-1] == ("saved", ("", 120, 0.9)), "saved settings apply without a restart"
