"""The app over the real audio path (virtual PulseAudio): it speaks a step and shows what the mic heard."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.tui.fakes import FakeJournal, services
from tests.tui.helpers import ready_config
from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.session import SessionScreen
from voiceguide.tui.services import open_voice
from voiceguide.tui.widgets.mic_level import MicLevel
from voiceguide.tui.widgets.transcript import Transcript

pytestmark = pytest.mark.devices


def spoken_word(tmp_path: Path, word: str) -> np.ndarray:
    wav = tmp_path / f"{word}.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), word], check=True)
    return read_wav(wav).resampled(16000).samples()


def test_app_speaks_and_shows_what_it_heard(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    asyncio.run(speak_and_hear(virtual_audio, tmp_path))


async def speak_and_hear(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    seven = spoken_word(tmp_path, "seven")
    config = ready_config()
    config.devices.input = config.devices.output = "pulse"
    journal = FakeJournal()
    app_services = services(journal)
    app_services.open_voice = open_voice
    app_services.clock = __import__("time").monotonic
    recording = virtual_audio.record()
    app = VoiceguideApp(config, app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        session = app.screen
        assert isinstance(session, SessionScreen)
        for _ in range(600):  # the voice loads, the rating prompt is spoken, then it listens for a number
            if app.voice is not None and not session.speaking and app.listening.mode is ListenMode.NUMBER:
                break
            await pilot.pause(0.05)
        assert app.voice is not None and app.voice.mic is not None, app.voice_status.line()
        assert "mic on" in app.voice_status.line() and "speaker on" in app.voice_status.line()
        assert not session.speaking and app.listening.mode is ListenMode.NUMBER
        await asyncio.sleep(config.listen.hold_off + 0.3)  # past the hold-off after speaking
        virtual_audio.speak(seven)
        transcript = session.query_one(Transcript)
        meter = session.query_one(MicLevel)
        loudest = meter.level_db
        for _ in range(300):  # real recognition: how well is the voice package's business; here, the path
            loudest = max(loudest, meter.level_db)
            if transcript.settled:
                break
            await pilot.pause(0.02)
        assert transcript.settled, "nothing the microphone heard reached the screen"
        assert loudest > -40, "the level meter never moved"
    played = recording.stop()
    assert np.abs(played.astype(np.int32)).max() > 1000, "the prompt never reached the speaker"
