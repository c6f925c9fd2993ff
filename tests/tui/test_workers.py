"""The voice opens in a worker after the first screen is drawn; quitting stops speech and every worker."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from tests.tui.fakes import ChunkMic, HeldSpeech, QuietSink, ScriptedRecognizer, services
from tests.tui.helpers import ready_config, screen_text, settle
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.config import Config
from voiceguide.errors import EngineError
from voiceguide.speech.speaker import DeferredSpeaker, SpeechCache, VoiceChoice
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import SilentSpeech, VoiceStatus
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.screens.settings import SettingsScreen
from voiceguide.tui.services import TIMING_ENV, Voice
from voiceguide.voice.speech import SinkSpeech


def test_the_voice_loads_in_a_worker_after_the_first_screen_and_quitting_stops_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    timing = tmp_path / "timing.txt"
    monkeypatch.setenv(TIMING_ENV, str(timing))
    before = set(threading.enumerate())
    asyncio.run(voice_in_worker(timing))
    left = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert not left, f"still running after quitting: {left}"


async def voice_in_worker(timing: Path) -> None:
    release, entered = threading.Event(), threading.Event()
    opened: dict[str, object] = {}
    speech = HeldSpeech()
    mic = ChunkMic(ScriptedRecognizer())

    def slow_open_voice(config: Config) -> Voice:
        opened["thread"] = threading.current_thread()
        opened["timing"] = timing.read_text() if timing.exists() else ""
        entered.set()
        release.wait(30)  # a recognizer model taking its time to load
        return Voice(speech, mic, VoiceStatus(engine="scripted", model="tiny", mic="on (test)",
                                              speaker="on (test)"))

    app_services = services()
    app_services.open_voice = slow_open_voice
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(200):
                if entered.is_set():
                    break
                await pilot.pause(0.01)
            assert entered.is_set(), "the voice never started opening"
            assert opened["thread"] is not threading.main_thread(), "the voice opened on the event loop"
            assert "first_screen" in str(opened["timing"]), "the voice opened before the first screen"
            assert isinstance(app.screen, HomeScreen)
            shown = screen_text(pilot)
            assert "RIGHT NOW" in shown and "engine loading…" in shown  # usable while the model loads
            await pilot.press("o")  # and it answers keys
            assert isinstance(app.screen, SettingsScreen)
            await pilot.press("escape")
            release.set()
            await settle(pilot)
            assert "engine scripted (tiny) · mic on (test) · speaker on (test)" in screen_text(pilot)
            app.speak("A long calm sentence that is still being spoken when the user quits.")
            for _ in range(500):
                if speech.saying.is_set():
                    break
                await pilot.pause(0.01)
            assert speech.saying.is_set()
            await pilot.press("ctrl+q")
        assert speech.returned.wait(5), "quitting cut the speech off"
        assert mic.closed, "quitting ended the listen worker, which closed the microphone"
    finally:  # a failed check must not leave a worker waiting
        release.set()
        speech.stop()


class EspeakStandIn:
    """The voice a failed neural voice falls back to: a tenth of a second of silence per text."""

    name = "pyttsx3"

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        return Pcm(b"\x00\x00" * 1600, AudioFormat(rate=16000))

    def close(self) -> None:
        return None


def test_a_voice_that_falls_back_at_its_first_prompt_says_so_on_the_status_line() -> None:
    asyncio.run(voice_falls_back())


async def voice_falls_back() -> None:
    def broken_piper() -> EspeakStandIn:
        raise EngineError("the Piper voice en.onnx cannot be loaded: InvalidProtobuf")

    deferred = DeferredSpeaker("piper", "piper-v1", broken_piper, EspeakStandIn)
    speech = SinkSpeech(SpeechCache(deferred, VoiceChoice()), QuietSink(), 0.0, "on (test)")  # type: ignore[arg-type]
    app_services = services()
    app_services.open_voice = lambda config: Voice(speech, None, VoiceStatus(speaker="on (test)"))
    app = VoiceguideApp(ready_config(), app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        for _ in range(100):
            if "speaking with" in app.voice_status.problem:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        expected = "speaking with pyttsx3: the Piper voice en.onnx cannot be loaded: InvalidProtobuf"
        assert app.voice_status.problem == expected
        assert expected in screen_text(pilot)
        app.speak("Once more.")  # said again: the status line names it once
        await pilot.pause(0.1)
        assert app.voice_status.problem == expected


def test_why_audio_is_missing_is_shown_in_full_once_the_voice_has_loaded() -> None:
    asyncio.run(audio_problem_in_full())


async def audio_problem_in_full() -> None:
    problem = ("no microphone found: plug one in, or choose one with --input-device "
               "(voiceguide devices lists them); the speaker could not be opened either")
    app_services = services()
    app_services.open_voice = lambda config: Voice(SilentSpeech(), None, VoiceStatus(problem=problem))
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        notes = [(n.title, n.message) for n in app._notifications]
        assert notes == [("Audio", problem)]
