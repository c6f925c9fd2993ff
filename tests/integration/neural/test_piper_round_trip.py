"""A Piper prompt played through the virtual speaker is heard back by Whisper as the same words."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests.virtual_audio import Recording, VirtualAudio
from voiceguide.audio.sink import SoundDeviceSink
from voiceguide.practices.library import stop_prompts
from voiceguide.speech.piper_speaker import PiperSpeaker
from voiceguide.speech.scoring import word_error_rate
from voiceguide.speech.speaker import VoiceChoice
from voiceguide.speech.whisper_engine import WhisperTranscriber

pytestmark = pytest.mark.devices

RECORDED_BYTES_PER_SECOND = 32000


def wait_until_recorded(recording: Recording, seconds: float, timeout: float) -> None:
    """Block until the monitor recording holds at least `seconds` of sound (parecord writes in real time)."""
    deadline = time.monotonic() + timeout
    while recording.path.stat().st_size < 44 + seconds * RECORDED_BYTES_PER_SECOND:
        assert time.monotonic() < deadline, f"the recording did not reach {seconds:.1f} s"
        time.sleep(0.05)


def test_a_piper_prompt_played_aloud_is_recognized_back(
    virtual_audio: VirtualAudio, piper: PiperSpeaker, whisper: WhisperTranscriber
) -> None:
    prompt = stop_prompts()[-1]
    speech = piper.synthesize(prompt, VoiceChoice(rate=150, volume=0.9))
    sink = SoundDeviceSink("pulse", rate=speech.fmt.rate)
    sink.open()  # streaming silence, as in a session, before the prompt is spoken
    recording = virtual_audio.record()
    try:
        wait_until_recorded(recording, 0.2, timeout=10)  # the monitor is being captured before we speak
        sink.play(speech)
        assert sink.wait(timeout=speech.duration + 10)
        wait_until_recorded(recording, 0.2 + speech.duration + 0.3, timeout=speech.duration + 10)
    finally:
        played = recording.stop()
        sink.close()

    assert np.abs(played).max() > 2000, "the speaker stayed silent"
    heard = whisper.transcribe(played.astype("<i2").tobytes())
    assert word_error_rate([prompt], [heard]) <= 0.15, heard
