"""Voice figures: command latency and accuracy, rejection of non-commands, dictation WER, cache start, CPU."""

from __future__ import annotations

import csv
import os
import re
import resource
import statistics
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
from benchmarks.first_prompt import first_prompt_figures
from benchmarks.reply_latency import reply_figures
from tests.conftest import SPEECH
from voiceguide.audio.format import read_wav
from voiceguide.config import Config
from voiceguide.speech.commands import intent_for
from voiceguide.speech.engines import open_recognizer
from voiceguide.speech.listening import interpret
from voiceguide.speech.recognizer import ListenMode, Recognizer
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer
from voiceguide.vocabulary import SPELLED

if TYPE_CHECKING:
    from tests.virtual_audio import VirtualAudio

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 640  # 20 ms, as the microphone delivers
COMMAND_WORDS = {"yes", "no", "stop", "go"}
NUMBERS = {SPELLED[n] for n in range(10)}  # the speech set has clips of zero to nine, not ten


def manifest(speech: Path) -> list[dict[str, str]]:
    with (speech / "manifest.tsv").open() as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def speech_end(samples: np.ndarray) -> float:
    """Seconds from the clip start to the end of its last loud 10 ms block."""
    blocks = samples[: samples.size // 160 * 160].astype(np.float32).reshape(-1, 160)
    loud = np.flatnonzero(np.sqrt((blocks**2).mean(axis=1)) > 0.1 * np.sqrt((blocks**2).mean(axis=1)).max())
    return (loud[-1] + 1) * 0.01 if loud.size else samples.size / 16000


def stream_clip(rec: Recognizer, path: Path, mode: ListenMode) -> tuple[object, float | None]:
    """Feed a clip as the microphone would (20 ms chunks, silence after); the intent and its latency.

    Latency runs on the microphone's clock: a chunk is captured at its place in the stream and handled
    once it is captured and the previous chunks are done, so time spent on an earlier chunk (a reading
    started before the utterance closed) delays the later ones as it would live.
    """
    pcm = read_wav(path).resampled(16000)
    lead = b"\x00" * 8000
    audio = lead + pcm.data + b"\x00" * 32000
    end_of_speech = 0.25 + speech_end(pcm.samples())
    rec.set_mode(mode)
    clock = 0.0
    for offset in range(0, len(audio), CHUNK):
        clock = max(clock, (offset + CHUNK) / 32000)
        started = time.perf_counter()
        found = rec.accept(audio[offset : offset + CHUNK])
        clock += time.perf_counter() - started
        for transcript in found:
            return interpret(transcript, mode), clock - end_of_speech
    return None, None


def word_error_rate(reference: str, hypothesis: str) -> tuple[int, int]:
    ref = re.sub(r"[^a-z' ]", " ", reference.lower()).split()
    hyp = re.sub(r"[^a-z' ]", " ", hypothesis.lower()).split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1], len(ref)


def command_figures(rec: Recognizer, speech: Path) -> list[Figure]:
    label = rec.name
    rows = [r for r in manifest(speech) if r["file"].startswith("commands/")]
    speakers = sorted({r["speaker_or_source_id"] for r in rows})
    half_a = set(speakers[::2])
    latencies: list[float] = []
    scores = {"all": [0, 0, 0], "A": [0, 0, 0], "B": [0, 0, 0]}  # right, wrong, total
    acted, tried = 0, 0
    for row in rows:
        word, path = row["transcript"], speech / row["file"]
        half = "A" if row["speaker_or_source_id"] in half_a else "B"
        if word in COMMAND_WORDS or word in NUMBERS:
            mode = ListenMode.COMMANDS if word in COMMAND_WORDS else ListenMode.NUMBER
            intent, latency = stream_clip(rec, path, mode)
            if latency is not None:
                latencies.append(latency)
            for key in ("all", half):
                scores[key][2] += 1
                scores[key][0] += intent is not None and intent == intent_for(word, mode)
                scores[key][1] += intent is not None and intent != intent_for(word, mode)
        else:
            for mode in (ListenMode.COMMANDS, ListenMode.NUMBER):
                intent, _ = stream_clip(rec, path, mode)
                tried += 1
                acted += intent is not None
    right, wrong, total = scores["all"]
    median = statistics.median(latencies) * 1000
    p95 = float(np.percentile(latencies, 95)) * 1000
    figures = [
        Figure(f"[{label}] command latency, end of speech to intent, median", median, "ms", "< 400 ms",
               median < 400),
        Figure(f"[{label}] command latency, p95", p95, "ms"),
        Figure(f"[{label}] command accuracy ({total} clips: yes/no/stop/go, zero-nine)",
               100 * right / total, "%", ">= 95 %", right / total >= 0.95),
        Figure(f"[{label}] wrong action on command clips", 100 * wrong / total, "%"),
    ]
    for key in ("A", "B"):
        r, w, t = scores[key]
        name = f"[{label}] command accuracy, speaker half {key} ({t} clips; wrong {w})"
        figures.append(Figure(name, 100 * r / t, "%"))
    figures.append(Figure(f"[{label}] action on non-command clips ({tried} decodes, both modes)",
                          100 * acted / tried, "%", "<= 5 %", acted / tried <= 0.05))
    return figures


def dictation_figures(rec: PocketsphinxRecognizer, speech: Path) -> list[Figure]:
    rows = [r for r in manifest(speech) if r["file"].startswith("sentences/")]
    errors = words = 0
    audio_seconds = compute = 0.0
    for row in rows:
        pcm = read_wav(speech / row["file"]).resampled(16000)
        rec.set_mode(ListenMode.DICTATION)
        started = time.perf_counter()
        found = rec.accept(b"\x00" * 8000 + pcm.data + b"\x00" * 32000) + rec.flush()
        compute += time.perf_counter() - started
        audio_seconds += pcm.duration
        text = " ".join(t.text for t in found if t.final)
        e, n = word_error_rate(row["transcript"], text)
        errors, words = errors + e, words + n
    return [Figure(f"dictation WER, pocketsphinx ({len(rows)} sentences)", 100 * errors / words, "%"),
            Figure("dictation real-time factor (with partials)", compute / audio_seconds, "x", "< 1", None)]


def status_mb(pid: int, field: str) -> float:
    """A /proc/PID/status memory field (VmRSS, VmHWM) in MB; 0 once the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    """The process's children, grandchildren and so on."""
    found: list[int] = []
    waiting = [pid]
    while waiting:
        parent = waiting.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
            found += children
            waiting += children
    return found


class TreeMemory:
    """Samples the resident memory of a process and all its descendants every 20 ms; keeps the peak sum
    (the memory the app as a whole held at one moment, helper processes included) and each process's
    own peak (VmHWM, read while it is alive)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_total = 0.0
        self.own_peaks: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            pids = [self.pid, *descendants(self.pid)]
            self.peak_total = max(self.peak_total, sum(status_mb(p, "VmRSS") for p in pids))
            for p in pids:
                peak = status_mb(p, "VmHWM")
                if peak:
                    try:
                        name = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:80]
                    except OSError:
                        continue
                    self.own_peaks[p] = (name, max(peak, self.own_peaks.get(p, ("", 0.0))[1]))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def describe(self) -> str:
        def label(command: str) -> str:
            if "voiceguide run" in command:
                return "app"
            return command.split(" -m ")[-1].split()[0].rsplit(".", 1)[-1] if " -m " in command else "other"

        return ", ".join(f"{label(name)} {peak:.0f}" for name, peak in
                         sorted(self.own_peaks.values(), key=lambda item: -item[1]))


def app_memory_run(audio: VirtualAudio, speech: Path, env: dict[str, str], options: list[str]
                   ) -> tuple[TreeMemory | None, str]:
    """`voiceguide run stop --no-tui` on the virtual devices, its first prompt spoken and its first answer
    heard (a spoken "five"): its memory, or None and why it ended early."""
    app = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui", *options], env=env,
                           cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    assert app.stdin is not None and app.stdout is not None
    stdin = app.stdin
    memory = TreeMemory(app.pid)

    def type_the_answer() -> None:  # when the spoken one is not taken
        stdin.write("5\n")
        stdin.flush()

    typed = threading.Timer(20.0, type_the_answer)
    spoken = False
    note = ""
    try:
        for line in app.stdout:
            if line.startswith("  (listening:") and not spoken:
                time.sleep(1.0)  # past the hold-off after the prompt
                audio.speak_wav(speech / "commands/five_a8cb6dda_nohash_0.wav")
                typed.start()
                spoken = True
            elif line.startswith("[2/9]"):
                break
        time.sleep(0.1)
        memory.stop()
        if app.poll() is not None:
            return None, f"the app ended early (exit {app.returncode})"
        if typed.finished.is_set():
            note = "; the spoken answer was not taken, it was typed"
    finally:
        typed.cancel()
        memory.stop()
        end_app(app)
    return memory, note


def app_memory_figures(audio: VirtualAudio, speech: Path) -> list[Figure]:
    """The app's peak memory, all its processes together. With the default engines (pocketsphinx finding
    utterances, Whisper reading them, Piper speaking): on its first run (the Whisper model's int8 copy
    made, every prompt synthesized) and on a later run, once `voiceguide prepare` has kept the practice's
    prompts on disk. And with no neural speech engines (pocketsphinx alone, espeak-ng), whose command
    accuracy is the [pocketsphinx] figure above."""
    figures = []
    with tempfile.TemporaryDirectory(prefix="vg-bench-") as home:
        env = os.environ | audio.env | {"VOICEGUIDE_DATA_DIR": f"{home}/data",
                                        "VOICEGUIDE_CONFIG_DIR": f"{home}/config",
                                        "VOICEGUIDE_CACHE_DIR": f"{home}/cache"}
        runs: tuple[tuple[str, list[str] | None, list[str], bool], ...] = (
            ("default engines, first run, nothing cached", None, [], False),
            ("default engines, later run, prompts prepared", ["prepare", "stop"], [], True),
            ("pocketsphinx alone and espeak-ng", None, ["--engine", "pocketsphinx"], True))
        for label, before, options, targeted in runs:
            if before:
                done = subprocess.run([sys.executable, "-m", "voiceguide", *before], env=env, cwd=ROOT,
                                      capture_output=True, text=True, timeout=300)
                if done.returncode != 0:
                    figures.append(Figure(f"{label}: `voiceguide {' '.join(before)}` failed: "
                                          f"{done.stderr.strip()[-200:]}", 0, ""))
                    continue
            if "pocketsphinx" in options:
                Path(f"{home}/config").mkdir(parents=True, exist_ok=True)
                Path(f"{home}/config/config.toml").write_text('[voice]\nspeaker = "pyttsx3"\n')
            memory, note = app_memory_run(audio, speech, env, options)
            name = f"peak memory, all processes, `run stop --no-tui`, {label}"
            if memory is None:
                figures.append(Figure(f"{name}: {note}", 0, ""))
                continue
            met = memory.peak_total < 250 if targeted else None
            figures.append(Figure(f"{name} ({memory.describe()}{note})", memory.peak_total, "MB",
                                  "< 250 MB" if targeted else "", met))
    return figures


def device_figures(rec: PocketsphinxRecognizer, speech: Path) -> list[Figure]:
    """Cache-to-speaker start, idle listening CPU and the app's memory on the private PulseAudio, when it
    can start."""
    sys.path.insert(0, str(ROOT))
    from tests.virtual_audio import VirtualAudioUnavailable, start_virtual_audio

    try:
        audio = start_virtual_audio()
    except VirtualAudioUnavailable as exc:
        return [Figure(f"device figures skipped: {exc}", 0, "")]
    os.environ["PULSE_SERVER"] = audio.env["PULSE_SERVER"]
    try:
        from voiceguide.audio.sink import SoundDeviceSink
        from voiceguide.audio.source import MicrophoneSource
        from voiceguide.speech.speaker import Pyttsx3Speaker, SpeechCache, VoiceChoice

        speaker = Pyttsx3Speaker()
        cache = SpeechCache(speaker, VoiceChoice())
        prompt = "Breathe in slowly, and let the breath go."
        cache.prepare([prompt])
        sink = SoundDeviceSink("pulse")
        sink.open()
        starts = []
        for _ in range(5):
            started = time.monotonic()
            sink.play(cache.get(prompt))
            while (first_block := sink.first_block_at) is None:
                time.sleep(0.0005)
            starts.append(first_block - started)
            sink.stop()
            time.sleep(0.1)
        sink.close()
        speaker.close()
        first = statistics.median(starts) * 1000
        source = MicrophoneSource("pulse")
        source.start()
        rec.set_mode(ListenMode.COMMANDS)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        while time.perf_counter() - wall0 < 5.0:
            item = source.read(0.2)
            if item is not None:
                rec.accept(item[1])
        cpu = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
        source.stop()
        memory = app_memory_figures(audio, speech)
        replies = reply_figures(audio, speech) + first_prompt_figures(audio)
    finally:
        audio.stop()
    return [Figure("step start to first audio sample from the cache, median", first, "ms", "< 50 ms",
                   first < 50),
            Figure("CPU while listening idle (one core)", 100 * cpu, "%", "< 15 %", cpu < 0.15),
            *memory, *replies]


def run() -> list[Figure]:
    speech = SPEECH
    rec = PocketsphinxRecognizer()
    figures = command_figures(rec, speech)
    chosen, _info = open_recognizer(Config())
    if chosen.name != rec.name:  # the default engine reads commands with Whisper where it is installed
        figures += command_figures(chosen, speech)
    figures += dictation_figures(rec, speech) + device_figures(rec, speech)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # two pocketsphinx recognizers and Whisper at once, which the app never loads: its own figure is above
    figures.append(Figure("peak memory (this bench process)", peak, "MB"))
    return figures
