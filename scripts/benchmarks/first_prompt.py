"""Whether the first prompt of a session is heard whole: the speaker's monitor through many starts of
`run stop --no-tui` with its prompts cached, each first prompt compared with the cached audio played."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from benchmarks.app_process import end_app
from benchmarks.figure import Figure

if TYPE_CHECKING:
    from tests.virtual_audio import VirtualAudio

ROOT = Path(__file__).resolve().parents[2]
RATE = 16000
AUDIBLE = 300  # 16-bit units, about -41 dBFS: the prompt's quietest syllables are well above it
MAX_RECORDER_LOSS = 1.0  # seconds; Recording.stop drains parecord to within 0.5 s of now


def audible(samples: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.abs(samples.astype(np.int32)) > AUDIBLE)


def hear_first_prompt(audio: VirtualAudio, env: dict[str, str]) -> tuple[str, np.ndarray, float]:
    """One start: the first prompt's text, what the speaker played until the app listened after it, and
    how many seconds of that the recorder lost (a starved parecord's gap closes up, voiding the take)."""
    recording = audio.record()
    app = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui"], cwd=ROOT,
                           env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    assert app.stdout is not None
    prompt = ""
    stuck = threading.Timer(60.0, app.kill)  # a start that never listens ends here instead of hanging
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
        end_app(app)
    return prompt, played, recording.lost_seconds(played)


def cut_of(reference: np.ndarray, played: np.ndarray) -> tuple[float, float, float]:
    """Seconds of the prompt's start missing, seconds heard and the prompt's audible length."""
    said, heard = audible(reference), audible(played)
    full = (said[-1] - said[0]) / RATE
    if not heard.size:
        return full, 0.0, full
    piece = played[heard[0]:heard[0] + RATE // 2].astype(np.float32)  # where the first sound heard is from
    place = int(np.argmax(np.correlate(reference.astype(np.float32), piece, mode="valid")))
    return (place - said[0]) / RATE, (heard[-1] - heard[0]) / RATE, full


def first_prompt_figures(audio: VirtualAudio, starts: int = 20) -> list[Figure]:
    from voiceguide.config import load_config
    from voiceguide.speech.engines import open_speaker
    from voiceguide.speech.prompt_store import PromptStore
    from voiceguide.speech.speaker import SpeechCache, VoiceChoice

    with tempfile.TemporaryDirectory(prefix="vg-bench-first-") as home:
        dirs = {"VOICEGUIDE_DATA_DIR": f"{home}/data", "VOICEGUIDE_CONFIG_DIR": f"{home}/config",
                "VOICEGUIDE_CACHE_DIR": f"{home}/cache"}
        env = os.environ | audio.env | dirs
        prepared = subprocess.run([sys.executable, "-m", "voiceguide", "prepare", "stop"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)
        if prepared.returncode != 0:
            problem = prepared.stderr.strip()[-200:]
            return [Figure(f"first prompt: `voiceguide prepare stop` failed: {problem}", 0, "")]
        saved = {key: os.environ.get(key) for key in dirs}
        os.environ.update(dirs)  # the cache this process reads the played prompts from
        try:
            config = load_config()
            speaker = open_speaker(config)
            cache = SpeechCache(speaker, VoiceChoice(config.voice.voice, config.voice.rate,
                                                     config.voice.volume), PromptStore.default())
            cuts, void, whole = [], 0, 0
            references: dict[str, np.ndarray] = {}
            for start in range(starts):
                prompt, played, lost = hear_first_prompt(audio, env)
                if lost > MAX_RECORDER_LOSS or not prompt:
                    void += 1
                    continue
                if prompt not in references:
                    references[prompt] = np.frombuffer(cache.get(prompt).resampled(RATE).data, dtype="<i2")
                missing, heard, full = cut_of(references[prompt], played)
                if missing > 0.02 or abs(heard - full) > 0.05 * full:
                    cuts.append(f"start {start}: {missing:.2f} s missing, {heard:.2f} of {full:.2f} s heard")
                else:
                    whole += 1
            speaker.close()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    measured = whole + len(cuts)
    detail = "; ".join(cuts) or "none cut"
    name = f"first prompt heard whole, {measured} cached starts of `run stop --no-tui` ({detail}"
    name += f"; {void} takes void: the recorder lost audio)" if void else ")"
    return [Figure(name, 100 * whole / max(1, measured), "%", "100 %", measured > 0 and whole == measured)]
