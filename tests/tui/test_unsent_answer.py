"""Words typed into the answer box belong to the question they were typed for, however the step is left."""

from __future__ import annotations

import asyncio

from textual.widgets import Input

from tests.tui.fakes import FakeJournal, FixedClock, services
from tests.tui.helpers import rate_and_breathe_to_observe, ready_config, settle
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.session import SessionScreen


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
