"""Pilot tests of each flow: STOP by keyboard, by voice, ratings, and a spoken answer found in the journal."""

from __future__ import annotations

import asyncio

from voiceguide.config import Config
from voiceguide.intents import IntentKind
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.screens.journal import JournalScreen
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.screens.support_card import SupportCardScreen
from voiceguide.tui.widgets.breath_pacer import BreathPacer

from tests.tui.fakes import ChunkMic, FakeJournal, FixedClock, ScriptedRecognizer, services


def ready_config() -> Config:
    config = Config()
    config.ui.first_run_done = True
    return config


def test_stop_by_keyboard_alone() -> None:
    asyncio.run(stop_by_keyboard())


async def stop_by_keyboard() -> None:
    clock = FixedClock()
    journal = FakeJournal()
    app = VoiceguideApp(ready_config(), services(journal, clock=clock), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        assert isinstance(app.screen, SessionScreen)
        session = app.screen
        assert session.step.kind == "rate"
        await pilot.press("7")
        assert session.step.text.startswith("Stop.")
        await pilot.press("enter")
        assert session.step.phase == "inhale"
        assert session.deadline == clock.now + 4.0
        clock.now += 4.0
        session.check_deadline()
        assert session.step.phase == "hold"
        clock.now += 2.0
        session.check_deadline()
        assert session.step.phase == "exhale"
        clock.now += 6.0
        session.check_deadline()
        await pilot.pause()
        assert session.step.kind == "listen"
        await pilot.press(*"tight chest", "enter")
        assert session.step.text.startswith("Proceed")
        await pilot.press("right")
        await pilot.press("t")
        assert session.ended
        await app.workers.wait_for_complete()
        records = journal.records
        assert [(r.rating_when, r.rating) for r in records if r.rating is not None] == [("before", 7),
                                                                                         ("after", 10)]
        assert [r.text for r in records if r.text] == ["tight chest"]
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
