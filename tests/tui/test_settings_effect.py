"""Settings take effect in the running app: each test fails if its setting were ignored."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.fakes import ChunkMic, FakeJournal, FixedClock, ScriptedRecognizer, services
from tests.tui.helpers import (
    breathe_through,
    keep_spoken,
    rate_and_breathe_to_observe,
    ready_config,
    say,
    settle,
)
from tests.tui.test_journal_and_safety import ConfiguredSpeech
from voiceguide.config import Config
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import VoiceStatus
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.screens.settings import SettingsScreen
from voiceguide.tui.services import Voice


@dataclass
class AtObserve:
    """STOP walked by the fakes to its Observe question, listening."""

    pilot: Pilot[int]
    session: SessionScreen
    clock: FixedClock
    journal: FakeJournal
    recognizer: ScriptedRecognizer
    mic: ChunkMic


@asynccontextmanager
async def at_observe(config: Config) -> AsyncIterator[AtObserve]:
    clock = FixedClock()
    journal = FakeJournal()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app = VoiceguideApp(config, services(journal, mic=mic, clock=clock), "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await rate_and_breathe_to_observe(pilot, session, clock, "5")
        yield AtObserve(pilot, session, clock, journal, recognizer, mic)


def test_the_configured_silence_ends_a_spoken_answer() -> None:
    asyncio.run(configured_silence(2.5))


def test_the_default_silence_is_four_seconds_not_six() -> None:
    asyncio.run(configured_silence(None))


LONG_ANSWER = "heavy shoulders and a tight jaw and my hands keep shaking"  # more than eight words


def test_a_short_answer_ends_after_two_seconds_in_the_app() -> None:
    asyncio.run(configured_silence(None, "heavy shoulders", 2.0))


async def configured_silence(seconds: float | None, answer: str = LONG_ANSWER,
                             expected: float | None = None) -> None:
    """STOP's Observe answer: quiet just short of the silence keeps listening, the silence moves on."""
    config = ready_config()
    if seconds is not None:
        config.listen.silence_timeout = seconds
    expected = expected or seconds or 4.0
    async with at_observe(config) as at:
        await say(at.pilot, at.recognizer, at.mic, answer)
        at.clock.now += expected - 0.1
        at.session.check_silence()
        await settle(at.pilot)
        assert at.session.step.text.startswith("Observe"), "still listening just before the silence is up"
        at.clock.now += 0.1
        at.session.check_silence()
        await settle(at.pilot)
        assert at.session.step.text.startswith("Proceed"), f"{expected:g} s of silence ended the answer"
        assert expected < 6.0 and [e.text for e in at.journal.entries] == [answer]


def test_the_configured_end_phrase_ends_a_spoken_answer() -> None:
    asyncio.run(configured_end_phrase())


async def configured_end_phrase() -> None:
    config = ready_config()
    config.listen.end_phrase = "That is all"
    async with at_observe(config) as at:
        await say(at.pilot, at.recognizer, at.mic, "heavy shoulders that is all")
        assert at.session.step.text.startswith("Proceed"), "the configured phrase ended the answer at once"
        assert [e.text for e in at.journal.entries] == ["heavy shoulders"]


def test_the_cue_style_setting_chooses_spoken_words_or_tones() -> None:
    assert asyncio.run(breathing_cues("words")) == (True, False)
    assert asyncio.run(breathing_cues("tones")) == (False, True)
    assert asyncio.run(breathing_cues("silent")) == (False, False)


async def breathing_cues(style: str) -> tuple[bool, bool]:
    """Whether STOP's breathing spoke its phase words, and whether it played tones."""
    config = ready_config()
    config.voice.cue_style = style
    clock = FixedClock()
    app = VoiceguideApp(config, services(clock=clock), "stop", cursor_blink=False)
    spoken = keep_spoken(app)
    tones: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert app.voice is not None
        app.voice.speech.cue = tones.append  # type: ignore[method-assign,assignment]
        await pilot.press("5")
        await settle(pilot)
        await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
    return "Breathe in" in spoken, "inhale" in tones


def test_a_voice_saved_in_settings_speaks_from_then_on() -> None:
    asyncio.run(saved_voice())


async def saved_voice() -> None:
    speech = ConfiguredSpeech()
    app_services = services()
    app_services.open_voice = lambda config: Voice(speech, None, VoiceStatus(speaker="on (test)"))
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#voice", Input).value = "en-gb"
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.speak("saved")
        await settle(pilot)
        assert speech.said[-1] == ("saved", ("en-gb", 150, 0.9))


def test_a_silence_saved_in_settings_ends_the_next_answers() -> None:
    asyncio.run(saved_silence())


async def saved_silence() -> None:
    clock = FixedClock()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app = VoiceguideApp(ready_config(), services(mic=mic, clock=clock), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        screen.query_one("#silence", Input).value = "2.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        app.start_session("stop")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await rate_and_breathe_to_observe(pilot, session, clock, "5")
        await say(pilot, recognizer, mic, "heavy shoulders")
        clock.now += 2.5
        session.check_silence()
        await settle(pilot)
        assert session.step.text.startswith("Proceed"), "the saved 2.5 s ended the answer"
