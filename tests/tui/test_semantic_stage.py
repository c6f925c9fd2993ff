"""The semantic safety stage in the app: computed in the listen worker (or on Enter for a typed line), only
looked up on the event loop."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import Input

from tests.tui.helpers import say, settle, spoken_to_app
from tests.unit.safety.test_semantic import RISKY, TYPED_RISKY, FakeModel, fake_stage
from voiceguide.safety import semantic
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.screens.support_card import SupportCardScreen


def test_a_statement_only_the_stage_catches_opens_the_card_without_embedding_on_the_loop(
        monkeypatch: pytest.MonkeyPatch) -> None:
    model = FakeModel()
    monkeypatch.setattr(semantic, "STAGE", fake_stage(model))
    asyncio.run(stage_crisis(model))


async def stage_crisis(model: FakeModel) -> None:
    app, recognizer, mic = spoken_to_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert semantic.STAGE.ready  # loaded by its own worker after the first screen
        loop_thread = threading.current_thread().name
        model.calls.clear()
        model.threads.clear()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await say(pilot, recognizer, mic, RISKY)
        assert isinstance(app.screen, SupportCardScreen)
        assert session.step.paused
        assert RISKY in model.calls  # the final was embedded, the partial before it was not
        assert RISKY[: len(RISKY) // 2] not in model.calls
        assert loop_thread not in model.threads
        await pilot.press("escape")
        await settle(pilot)
        app.hear("words no worker prepared", True)  # on the loop: looked up, never embedded
        assert "words no worker prepared" not in model.calls
        assert app.screen is session
        answer = session.query_one(Input)
        session.on_input_submitted(Input.Submitted(answer, TYPED_RISKY))  # one typed line: embedded on Enter
        await settle(pilot)
        assert TYPED_RISKY in model.calls
        assert isinstance(app.screen, SupportCardScreen)
