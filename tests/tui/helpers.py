"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from tests.tui.fakes import ChunkMic, FixedClock, ScriptedRecognizer, services
from voiceguide.config import Config
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.session import SessionScreen

NEVER_ENDING = {"listen"}  # worker groups that run until the app quits


def keep_spoken(app: VoiceguideApp) -> list[str]:
    """Every text the app asks to speak from now on, in order (it is still spoken)."""
    spoken: list[str] = []
    speak = app.speak

    def speak_and_keep(text: str) -> int:
        spoken.append(text)
        return speak(text)

    app.speak = speak_and_keep  # type: ignore[method-assign]
    return spoken


def ready_config() -> Config:
    """Defaults, with the first-run screen already seen."""
    config = Config()
    config.ui.first_run_done = True
    return config


def spoken_to_app(practice: str = "stop") -> tuple[VoiceguideApp, ScriptedRecognizer, ChunkMic]:
    """The app in `practice`, its microphone scripted: `say(pilot, recognizer, mic, ...)` speaks into it."""
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    return VoiceguideApp(ready_config(), services(mic=mic), practice, cursor_blink=False), recognizer, mic


async def settle(pilot: Pilot[int]) -> None:
    """Let the short workers (silent speech, journal reads and writes) finish and their messages land."""
    for _ in range(3):
        for worker in [w for w in pilot.app.workers if w.group not in NEVER_ENDING]:
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        await pilot.pause()


async def say(pilot: Pilot[int], recognizer: ScriptedRecognizer, mic: ChunkMic, phrase: str) -> None:
    """The scripted recognizer hears `phrase` from the next chunk of microphone audio."""
    recognizer.phrases.append(phrase)
    mic.feed()
    for _ in range(200):
        if not recognizer.phrases:
            break
        await pilot.pause(0.005)
    assert not recognizer.phrases, f"the listen worker never took {phrase!r}"
    await pilot.pause(0.02)
    await settle(pilot)


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


async def rate_and_breathe_to_observe(pilot: Pilot[int], session: SessionScreen, clock: FixedClock,
                                     rating: str) -> None:
    """In STOP: rate by key, breathe through, say no to more breaths; Observe is then listening."""
    await pilot.press(rating)
    await settle(pilot)
    await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
    await pilot.press("n")
    await settle(pilot)


def screen_text(pilot: Pilot[int]) -> str:
    """Everything the current screen shows, as plain text."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def quit_with(pilot: Pilot[int], *keys: str) -> None:
    """Press the quit `keys` and wait (up to 5 s) until the app has exited, its last words saved."""
    await pilot.press(*keys)
    for _ in range(250):
        await pilot.pause(0.02)
        if not pilot.app.is_running:
            return
