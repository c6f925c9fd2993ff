"""Snapshots of every screen at 80x24 and 120x40 (fixed clock and data, cursor blink off)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.tui.fakes import FakeJournal, FixedClock, services
from tests.tui.helpers import ready_config, settle
from voiceguide.config import Config
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import EntryView
from voiceguide.tui.screens.session import SessionScreen

SIZES = [(80, 24), (120, 40)]

ENTRIES = (
    EntryView(1, "2026-01-05 09:30", "stop", "Observe. Notice what you feel.", "A knot in my stomach and "
              "a tight jaw. I keep replaying the argument.", tags=("emotion:anger", "trigger:work"),
              before=7, after=4),
    EntryView(2, "2026-01-06 21:10", "daily-check-in", "What went well today?", "I asked for help.",
              tags=("win",)),
)


def fixed_app(config: Config | None = None, practice: str | None = None) -> tuple[VoiceguideApp, FixedClock]:
    clock = FixedClock()
    app = VoiceguideApp(config or ready_config(), services(FakeJournal(ENTRIES), clock=clock), practice,
                        cursor_blink=False)
    return app, clock


def keys(*pressed: str) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press(*pressed)
        await settle(pilot)

    return run_before


def mid_breath(app: VoiceguideApp, clock: FixedClock) -> Callable[[Pilot[int]], Awaitable[None]]:
    """STOP, rated 7, the pause over, half-way through the first in-breath."""

    async def run_before(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("7")
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        while session.step.phase != "inhale":
            assert session.deadline is not None
            clock.now = session.deadline
            session.check_deadline()
            await settle(pilot)
        assert session.deadline is not None
        clock.now = session.deadline - 2.0
        await pilot.pause(0.15)  # one pacer frame

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ["home", "first_run", "session", "journal", "settings", "support_card",
                                    "help"])
def test_screen(snap_compare: Callable[..., bool], screen: str, size: tuple[int, int]) -> None:
    config = ready_config()
    if screen == "first_run":
        config = Config()
    app, clock = fixed_app(config, "stop" if screen == "session" else None)
    run_before = {
        "home": keys(),
        "first_run": keys(),
        "session": mid_breath(app, clock),
        "journal": keys("j"),
        "settings": keys("o"),
        "support_card": keys("f2"),
        "help": keys("question_mark"),
    }[screen]
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_session_reduced_motion(snap_compare: Callable[..., bool]) -> None:
    config = ready_config()
    config.ui.reduced_motion = True
    app, clock = fixed_app(config, "stop")
    assert snap_compare(app, terminal_size=(80, 24), run_before=mid_breath(app, clock))


def test_home_high_contrast(snap_compare: Callable[..., bool]) -> None:
    config = ready_config()
    config.ui.theme = "voiceguide-high-contrast"
    app, _ = fixed_app(config)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys())
