"""The first prompt of a session is heard whole: the speaker's monitor through 20 starts of the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.virtual_audio import RATE, VirtualAudio
from voiceguide.config import load_config
from voiceguide.speech.engines import open_speaker
from voiceguide.speech.prompt_store import PromptStore
from voiceguide.speech.speaker import SpeechCache, VoiceChoice

pytestmark = pytest.mark.devices

REPO = Path(__file__).resolve().parents[2]
STARTS = 20
AUDIBLE = 300  # 16-bit units, about -41 dBFS: the prompt's quietest syllables are well above it


def audible(samples: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.abs(samples.astype(np.int32)) > AUDIBLE)


def start_and_hear_first_prompt(virtual_audio: VirtualAudio, env: dict[str, str]) -> tuple[str, np.ndarray]:
    """One start of `run stop --no-tui`: the first prompt's text and what the speaker played until the
    app listened after it."""
    recording = virtual_audio.record()
    app = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui"], cwd=REPO,
                           env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    assert app.stdout is not None
    prompt = ""
    killed: list[bool] = []

    def kill() -> None:  # a start that never listens fails here instead of hanging
        killed.append(True)
        app.kill()

    stuck = threading.Timer(60.0, kill)
    stuck.start()
    try:
        for line in app.stdout:
            if line.startswith("[1/"):
                prompt = line.split("] ", 1)[1].strip()
            elif line.startswith("  (listening") and prompt:
                break
        time.sleep(0.3)  # the prompt's last block leaves the sound server
        played = recording.stop()
    finally:
        stuck.cancel()
        app.send_signal(signal.SIGINT)
        try:
            app.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.communicate()
    assert prompt and not killed, "the app did not reach listening after its first prompt within 60 s"
    return prompt, played


def test_every_first_prompt_is_heard_from_its_first_word(virtual_audio: VirtualAudio) -> None:
    env = os.environ | virtual_audio.env
    prepared = subprocess.run([sys.executable, "-m", "voiceguide", "prepare", "stop"], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300)
    assert prepared.returncode == 0, prepared.stderr
    config = load_config()
    speaker = open_speaker(config)
    cache = SpeechCache(speaker, VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume),
                        PromptStore.default())
    references: dict[str, np.ndarray] = {}
    cuts = []
    try:
        for start in range(STARTS):
            prompt, played = start_and_hear_first_prompt(virtual_audio, env)
            if prompt not in references:  # the cached audio the app played
                pcm = cache.get(prompt).resampled(RATE)
                references[prompt] = np.frombuffer(pcm.data, dtype="<i2")
            reference = references[prompt]
            said, heard = audible(reference), audible(played)
            assert heard.size, f"start {start}: nothing was heard"
            # where in the prompt the first sound heard comes from
            piece = played[heard[0]:heard[0] + RATE // 2].astype(np.float32)
            place = int(np.argmax(np.correlate(reference.astype(np.float32), piece, mode="valid")))
            missing = (place - said[0]) / RATE
            length, full = (heard[-1] - heard[0]) / RATE, (said[-1] - said[0]) / RATE
            if missing > 0.02 or abs(length - full) > 0.05 * full:
                cuts.append(f"start {start}: first {missing:.2f} s missing, {length:.2f} of {full:.2f} s")
    finally:
        speaker.close()
    assert not cuts, cuts
