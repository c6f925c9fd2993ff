"""Words typed into the answer box belong to the question they were typed for, however the step is left."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.fakes import FakeJournal, FixedClock, services
from tests.tui.helpers import rate_and_breathe_to_observe, ready_config, screen_text, settle
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import VoiceStatus
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.services import Voice
from voiceguide.voice.speech import ReadingSpeech


def test_typed_then_esc_and_enter_keeps_the_words_under_their_own_question() -> None:
    asyncio.run(typed_then_moved_on_by_key())


async def typed_then_moved_on_by_key() -> None:
    clock = FixedClock()
    journal = FakeJournal()
    app = VoiceguideApp(ready_config(), services(journal, clock=clock), "stop", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await rate_and_breathe_to_observe(pilot, session, clock, "6")
        await pilot.press(*"my stomach is in knots")
        await pilot.press("escape")  # out of the answer box: keys are commands again
        await pilot.press("enter")  # go on
        await settle(pilot)
        assert session.step.text.startswith("Proceed")
        assert session.query_one(Input).value == "", "the words went with their question"
        kept = [(e.prompt.split(".")[0], e.text) for e in journal.entries]
        assert kept == [("Observe", "my stomach is in knots")]


def test_typed_while_the_question_is_read_then_moved_on_by_key_keeps_the_words() -> None:
    asyncio.run(typed_while_read_then_moved_on_by_key())


async def typed_while_read_then_moved_on_by_key() -> None:
    """No speaker: Observe stays on its reading time; words typed, then Esc and Enter, are its answer."""
    journal = FakeJournal()
    app_services = services(journal)
    app_services.open_voice = lambda config: Voice(ReadingSpeech(rate=400), None, VoiceStatus())
    app = VoiceguideApp(ready_config(), app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot, app, "How strong is the feeling")
        for _ in range(500):  # the voice loads after the first screen
            if app.voice is not None:
                break
            await pilot.pause(0.02)
        await pilot.press("6")
        await shown(pilot, app, "Step 3 of 9")
        await pilot.press("enter")
        await shown(pilot, app, "Step 4 of 9")
        await pilot.press("s")
        await shown(pilot, app, "a few more breaths")
        await pilot.press("n")
        session = await shown(pilot, app, "Observe")
        assert session.speaking, "the question is still on its reading time"
        await pilot.press(*"my stomach is in knots")
        await pilot.press("escape", "enter")
        await shown(pilot, app, "Proceed")
    assert [e.text for e in journal.entries] == ["my stomach is in knots"]


async def shown(pilot: Pilot[int], app: VoiceguideApp, text: str) -> SessionScreen:
    for _ in range(500):
        if text in screen_text(pilot):
            break
        await pilot.pause(0.02)
    assert text in screen_text(pilot), screen_text(pilot)
    session = app.screen
    assert isinstance(session, SessionScreen)
    return session
