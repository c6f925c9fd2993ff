"""Settings take effect in the running app: each test fails if its setting were ignored."""

from __future__ import annotations

import asyncio

from tests.tui.fakes import ChunkMic, FakeJournal, FixedClock, ScriptedRecognizer, services
from tests.tui.helpers import rate_and_breathe_to_observe, ready_config, say, settle
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.session import SessionScreen


def test_the_configured_silence_ends_a_spoken_answer() -> None:
    asyncio.run(configured_silence(2.5))


def test_the_default_silence_is_four_seconds_not_six() -> None:
    asyncio.run(configured_silence(None))


async def configured_silence(seconds: float | None) -> None:
    """STOP's Observe answer: quiet just short of the silence keeps listening, the silence moves on."""
    config = ready_config()
    if seconds is not None:
        config.listen.silence_timeout = seconds
    expected = seconds or 4.0
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
        await say(pilot, recognizer, mic, "heavy shoulders")
        clock.now += expected - 0.1
        session.check_silence()
        await settle(pilot)
        assert session.step.text.startswith("Observe"), "still listening just before the silence is up"
        clock.now += 0.1
        session.check_silence()
        await settle(pilot)
        assert session.step.text.startswith("Proceed"), f"{expected:g} s of silence ended the answer"
        assert expected < 6.0 and [e.text for e in journal.entries] == ["heavy shoulders"]


def test_the_configured_end_phrase_ends_a_spoken_answer() -> None:
    asyncio.run(configured_end_phrase())


async def configured_end_phrase() -> None:
    config = ready_config()
    config.listen.end_phrase = "That is all"
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
        await say(pilot, recognizer, mic, "heavy shoulders that is all")
        assert session.step.text.startswith("Proceed"), "the configured phrase ended the answer at once"
        assert [e.text for e in journal.entries] == ["heavy shoulders"]
