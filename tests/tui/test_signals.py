"""SIGINT, SIGTERM and SIGHUP end the terminal app through its own exit, on its event loop."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from tests.tui.fakes import ChunkMic, ScriptedRecognizer, services
from tests.tui.helpers import ready_config, settle
from voiceguide.tui.app import VoiceguideApp


def previous_handler(signum: int, frame: object) -> None:
    raise AssertionError(f"the app's loop should have taken signal {signum}")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_mid_session_quits_the_app_in_order(signum: int) -> None:
    saved = {s: signal.signal(s, previous_handler) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        app, mic = asyncio.run(signalled_mid_session(signum))
        assert app.ended_by_signal == signum
        assert app.return_code == 128 + signum
        assert mic.closed, "the microphone was not closed"
        for s in saved:  # the handlers from before the app are back
            assert signal.getsignal(s) is previous_handler
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


async def signalled_mid_session(signum: int) -> tuple[VoiceguideApp, ChunkMic]:
    mic = ChunkMic(ScriptedRecognizer())
    app = VoiceguideApp(ready_config(), services(mic=mic), "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        os.kill(os.getpid(), signum)
        for _ in range(150):  # the app first lets the listen worker settle the last words, then exits
            await asyncio.sleep(0.02)
            if app.ended_by_signal is not None and not app.is_running:
                break
    return app, mic
