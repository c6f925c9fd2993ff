"""Reply latency where the user hears it: shared command clips spoken into a real session of `run stop
--no-tui` on the virtual devices, and the speaker's monitor recorded, from the end of each spoken word to
the first audible sample of what voiceguide said back."""

from __future__ import annotations

import itertools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from benchmarks.app_process import end_app
from benchmarks.figure import Figure
from tests.integration.spoken_crisis_run import first_sound, loud_end
from voiceguide.audio.format import read_wav

if TYPE_CHECKING:
    from tests.virtual_audio import VirtualAudio

ROOT = Path(__file__).resolve().parents[2]
RATE = 16000
MISSED_AFTER = 6.0  # seconds without the step moving on: the word was not taken, it is typed instead
# What each step of the STOP practice is answered with: a spoken word of the kind (clips rotate over the
# shared recordings of it) or a typed line (the listen steps, and the breathing, whose cues would be
# taken for a reply). Steps not named here move on by themselves.
SPOKEN = {1: "number", 3: "go", 5: "no", 8: "number"}
TYPED = {4: "next", 6: "a little calmer", 7: "talk to them later"}
FALLBACK = {"number": "5", "go": "next", "no": "no"}


@dataclass
class SessionReplies:
    """What one session gave: the reply latencies (seconds) and the words it did not take."""

    latencies: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    problem: str = ""


def clip_cycles(speech: Path) -> dict[str, itertools.cycle[Path]]:
    """Endless rotations over the shared clips of a number (four to six), "go" and "no"."""
    commands = sorted((speech / "commands").glob("*.wav"))
    pick = {"number": ("four_", "five_", "six_"), "go": ("go_",), "no": ("no_",)}
    return {kind: itertools.cycle([p for p in commands if p.name.startswith(starts)])
            for kind, starts in pick.items()}


def spoken_session(audio: VirtualAudio, env: dict[str, str], clips: dict[str, itertools.cycle[Path]],
                   timeout: float = 240.0) -> SessionReplies:
    """One session walked by voice where it can be, timed on the speaker's monitor."""
    result = SessionReplies()
    spoken_ends: list[tuple[float, int, str]] = []  # (monotonic end of speech, step, clip name)
    recording = audio.record()
    app = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui"], env=env, cwd=ROOT,
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    assert app.stdin is not None and app.stdout is not None
    stdin = app.stdin
    step = [0]
    lock = threading.Lock()

    def type_line(text: str) -> None:
        with lock:
            if app.poll() is None:
                stdin.write(text + "\n")
                stdin.flush()

    missed_steps: set[int] = set()

    def not_taken(at_step: int, kind: str, name: str) -> None:
        if step[0] == at_step:
            missed_steps.add(at_step)
            result.missed.append(name)
            type_line(FALLBACK[kind])

    timers: list[threading.Timer] = []
    answered: set[int] = set()
    killer = threading.Timer(timeout, app.kill)
    killer.start()
    try:
        for line in app.stdout:
            if (shown := re.match(r"\[(\d+)/\d+\]", line)) is not None:
                step[0] = int(shown[1])
            elif line.startswith("  (listening") and step[0] not in answered:
                answered.add(step[0])
                if step[0] in SPOKEN:
                    time.sleep(0.5)  # a person takes a moment before answering
                    kind = SPOKEN[step[0]]
                    clip = next(clips[kind])
                    samples = read_wav(clip).resampled(RATE).samples()
                    fed_from = time.monotonic() + audio.speak(samples) - samples.size / RATE
                    spoken_ends.append((fed_from + loud_end(samples), step[0], clip.name))
                    timer = threading.Timer(samples.size / RATE + MISSED_AFTER, not_taken,
                                            (step[0], kind, clip.name))
                    timer.start()
                    timers.append(timer)
                elif step[0] in TYPED:
                    type_line(TYPED[step[0]])
        app.wait(timeout=30)
    finally:
        killer.cancel()
        for timer in timers:
            timer.cancel()
        end_app(app)
    time.sleep(0.5)
    played = recording.stop()
    if app.returncode != 0:
        result.problem = f"the session ended with exit {app.returncode}"
    for ended, at_step, _ in spoken_ends:
        if at_step in missed_steps:
            continue
        after = ended - recording.started
        reply = first_sound(played, after)
        if reply is not None:
            result.latencies.append(reply - after)
    return result


def reply_figures(audio: VirtualAudio, speech: Path, cached_sessions: int = 3) -> list[Figure]:
    """Reply latency on a first run (nothing cached: prompts synthesized as they come, the Whisper copy
    made) and on later runs once `voiceguide prepare stop` has kept the prompts."""
    figures: list[Figure] = []
    clips = clip_cycles(speech)
    with tempfile.TemporaryDirectory(prefix="vg-bench-reply-") as home:
        env = os.environ | audio.env | {"VOICEGUIDE_DATA_DIR": f"{home}/data",
                                        "VOICEGUIDE_CONFIG_DIR": f"{home}/config",
                                        "VOICEGUIDE_CACHE_DIR": f"{home}/cache"}
        first = spoken_session(audio, env, clips)
        figures += _figures("first run", [first], max_target=0.8)
        prepared = subprocess.run([sys.executable, "-m", "voiceguide", "prepare", "stop"], env=env, cwd=ROOT,
                                  capture_output=True, text=True, timeout=300)
        if prepared.returncode != 0:
            return [*figures, Figure(f"`voiceguide prepare stop` failed: {prepared.stderr.strip()[-200:]}",
                                     0, "")]
        later = [spoken_session(audio, env, clips) for _ in range(cached_sessions)]
        figures += _figures("cached run", later, median_target=0.4, p95_target=0.6)
    return figures


def _figures(label: str, sessions: list[SessionReplies], median_target: float | None = None,
             p95_target: float | None = None, max_target: float | None = None) -> list[Figure]:
    latencies = [x for s in sessions for x in s.latencies]
    missed = [m for s in sessions for m in s.missed]
    problems = "; ".join(s.problem for s in sessions if s.problem)
    name = f"reply latency, end of speech to first audible reply, {label}"
    if not latencies:
        return [Figure(f"{name}: no reply was timed ({problems or 'no word taken'})", 0, "")]
    values = np.array(latencies) * 1000
    median, p95, worst = float(np.median(values)), float(np.percentile(values, 95)), float(values.max())
    note = f"{len(latencies)} replies, {len(missed)} words not taken" + (f"; {problems}" if problems else "")

    def target(value: float, limit: float | None) -> tuple[str, bool | None]:
        return ("", None) if limit is None else (f"<= {limit * 1000:.0f} ms", value <= limit * 1000)

    return [Figure(f"{name}, median ({note})", median, "ms", *target(median, median_target)),
            Figure(f"{name}, p95", p95, "ms", *target(p95, p95_target)),
            Figure(f"{name}, max", worst, "ms", *target(worst, max_target)),
            Figure(f"{name}, mean", statistics.fmean(values), "ms")]
