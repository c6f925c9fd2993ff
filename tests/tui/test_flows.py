"""Pilot tests of each flow over the real STOP practice and runner: keys, voice, ratings, journal."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.pilot import Pilot

from tests.tui.fakes import FakeJournal, FixedClock, services
from voiceguide.config import Config
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.screens.session import SessionScreen


def ready_config() -> Config:
    config = Config()
    config.ui.first_run_done = True
    return config


async def settle(pilot: Pilot[int]) -> None:
    """Let the workers (silent speech, journal writes) finish and their messages be handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def breathe_through(pilot: Pilot[int], session: SessionScreen, clock: FixedClock,
                          until: Callable[[], bool]) -> list[str]:
    """Move the clock from deadline to deadline until `until()`; returns the phases shown."""
    phases: list[str] = []
    for _ in range(200):
        if until():
            return phases
        if session.step.phase and (not phases or phases[-1] != session.step.phase):
            phases.append(session.step.phase)
        assert session.deadline is not None, f"stuck at {session.step}"
        clock.now = session.deadline
        session.check_deadline()
        await settle(pilot)
    raise AssertionError("the breathing never ended")


def test_stop_by_keyboard_alone() -> None:
    asyncio.run(stop_by_keyboard())


async def stop_by_keyboard() -> None:
    clock = FixedClock()
    journal = FakeJournal()
    app = VoiceguideApp(ready_config(), services(journal, clock=clock), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        session = app.screen
        assert session.step.kind == "rate" and session.step.index == 1
        await pilot.press("7")
        await settle(pilot)
        phases = await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
        assert {"inhale", "exhale"} <= set(phases)
        await pilot.press("n")
        await settle(pilot)
        assert session.step.kind == "listen"
        await pilot.press(*"tight chest", "enter")
        await settle(pilot)
        assert session.step.text.startswith("Proceed")
        await pilot.press(*"call my sister", "enter")
        await settle(pilot)
        assert session.step.kind == "rate"
        await pilot.press("3")
        await settle(pilot)
        assert session.ended
        ratings = [(r.rating_when, r.rating) for r in journal.records if r.rating is not None]
        assert ratings == [("before", 7), ("after", 3)]
        assert [e.text for e in journal.entries] == ["tight chest", "call my sister"]
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)
