"""The configured silence ends a spoken answer: `silence_timeout = 2.5` under [listen] brings the next prompt
within 4 s of the last word, in `run --no-tui` through the virtual microphone and speaker."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.faults.harness import child_env
from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.session import SETTLING_SECONDS

pytestmark = pytest.mark.devices

SHORT = "sentences/librivox_sense_and_sensibility_01_austen_64kb-0880.wav"  # "he was not an ill…" (8)
LONG = "sentences/librivox_sense_and_sensibility_01_austen_64kb-0890.wav"  # "unless to be rather cold…" (14)
PRACTICE = """id = "one-answer"
title = "One answer"
summary = "A single question."
category = "reflect"
minutes = 1
source = "A test of how an answer ends."

[[steps]]
id = "question"
kind = "listen"
prompt = "What happened?"
field = "what"

[[steps]]
kind = "say"
text = "Thank you."
"""


def trailing_quiet(samples: np.ndarray) -> float:
    """Seconds of quiet after the last word of a clip (10 ms blocks under a tenth of the loudest)."""
    blocks = samples[: samples.size // 160 * 160].astype(np.float32).reshape(-1, 160)
    loudness = np.sqrt((blocks**2).mean(axis=1))
    last = np.flatnonzero(loudness > 0.1 * loudness.max())[-1]
    return (blocks.shape[0] - last - 1) * 0.01


def seconds_to_next_prompt(audio: VirtualAudio, tmp_path: Path, speech_dir: Path, silence: float | None,
                           sentence: str | np.ndarray) -> float:
    """From the last word of a spoken answer (a clip, or samples) to the next step appearing (its prompt
    starts playing then); `silence` None: the default."""
    config = tmp_path / "config"
    (config / "practices").mkdir(parents=True, exist_ok=True)
    (config / "practices" / "one-answer.toml").write_text(PRACTICE, encoding="utf-8")
    settings = "" if silence is None else f"[listen]\nsilence_timeout = {silence}\n"
    (config / "config.toml").write_text(settings, encoding="utf-8")
    env = child_env(audio.env, VOICEGUIDE_DATA_DIR=str(tmp_path / "data"), VOICEGUIDE_CONFIG_DIR=str(config))
    process = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "one-answer", "--no-tui",
                                "--input-device", "pulse", "--output-device", "pulse"], env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put((time.monotonic(), line.rstrip("\n")))
        lines.put((time.monotonic(), "(the process ended)"))

    threading.Thread(target=read, daemon=True).start()
    answer = read_wav(speech_dir / sentence).resampled(16000).samples() if isinstance(sentence, str) \
        else sentence
    spoken_until = None
    output: list[str] = []
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            try:
                at, line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            output.append(line)
            if line == "(the process ended)":
                break
            if "(listening:" in line and spoken_until is None:
                spoken_until = time.monotonic() + audio.speak(answer) - trailing_quiet(answer)
            if line.startswith("[2/2]"):
                assert spoken_until is not None, output
                return at - spoken_until
    finally:
        process.kill()
        process.wait(timeout=10)
    raise AssertionError(f"the answer never ended: {output}")


def test_the_silence_is_kept_for_a_configured_a_long_and_a_short_answer(
        virtual_audio: VirtualAudio, tmp_path: Path, speech_dir: Path) -> None:
    # The first run in a fresh cache also stores Whisper's int8 copy (a first run's cost, measured by
    # `scripts/bench.py voice`): the answer is timed on the run after it.
    seconds_to_next_prompt(virtual_audio, tmp_path / "first", speech_dir, 2.5, LONG)
    waited = seconds_to_next_prompt(virtual_audio, tmp_path / "second", speech_dir, 2.5, LONG)
    # The last word's end is estimated from the clip's loudness, and silence counts from the last audio
    # that changed the reading: a few tenths of a second either way. An answer also waits for the reading
    # of words already said (up to SETTLING_SECONDS past the silence, when Whisper is slow on a busy
    # machine): so the lower bounds say the silence was kept, the upper ones only that the answer ended.
    # That a short answer ends sooner than a long one is asserted exactly in tests/unit/test_answer_ending.py
    # and tests/tui/test_settings_effect.py; scripts/bench.py voice has the figure (target 2.5 s).
    early, late = 0.6, SETTLING_SECONDS + 0.5  # measured here: up to 0.45 s early (2.15 s for 2.5 s)
    assert 2.5 - early <= waited <= 2.5 + late, f"the next prompt came {waited:.2f} s after the last word"
    long = seconds_to_next_prompt(virtual_audio, tmp_path / "long", speech_dir, None, LONG)
    assert 4.0 - early <= long <= 4.0 + late, f"a long answer: next prompt after {long:.2f} s"
    short = seconds_to_next_prompt(virtual_audio, tmp_path / "short", speech_dir, None, SHORT)
    assert 2.0 - early <= short <= 2.0 + late, f"a short answer: next prompt after {short:.2f} s"


def with_pauses(samples: np.ndarray, pause: float, count: int) -> np.ndarray:
    """The clip with `pause` seconds of silence inserted at `count` gaps between its words (the quietest
    10 ms blocks between its first and last loud ones, a quarter of a second apart at least)."""
    blocks = samples[: samples.size // 160 * 160].astype(np.float32).reshape(-1, 160)
    loudness = np.sqrt((blocks**2).mean(axis=1))
    loud = np.flatnonzero(loudness > 0.1 * loudness.max())
    inside = np.arange(loud[0] + 25, loud[-1] - 25)
    cuts: list[int] = []
    for block in inside[np.argsort(loudness[inside], kind="stable")]:
        if all(abs(int(block) - other) >= 25 for other in cuts):
            cuts.append(int(block))
        if len(cuts) == count:
            break
    pieces, start = [], 0
    for block in sorted(cuts):
        pieces += [samples[start: block * 160], np.zeros(int(pause * 16000), np.int16)]
        start = block * 160
    return np.concatenate([*pieces, samples[start:]])


def test_a_short_answer_with_pauses_to_think_is_not_cut(virtual_audio: VirtualAudio, tmp_path: Path,
                                                       speech_dir: Path) -> None:
    """Pauses of 1.5 s between words do not end a short answer: it is kept whole, in one answer."""
    from voiceguide.journal.store import SqliteJournal

    sentence = read_wav(speech_dir / SHORT).resampled(16000).samples()
    paused = with_pauses(sentence, 1.5, 3)
    assert paused.size == sentence.size + 3 * 24000
    seconds_to_next_prompt(virtual_audio, tmp_path / "warm", speech_dir, None, SHORT)  # Whisper's copy
    waited = seconds_to_next_prompt(virtual_audio, tmp_path / "paused", speech_dir, None, paused)
    assert waited >= 1.6, f"the answer ended {waited:.2f} s after its last word"
    with SqliteJournal(tmp_path / "paused" / "data") as journal:
        [entry] = journal.list_entries()
    words = entry.text.lower()
    assert "was" in words and "young man" in words, entry.text  # its first words and its last
