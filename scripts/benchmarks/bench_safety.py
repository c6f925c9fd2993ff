"""Safety figures: recall and false positives on the evaluation set and each blind batch, for the rules
alone and with the semantic stage; category agreement, time per line, the stage's load time and memory,
and the spoken crisis latency."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.safety_eval import Score, blind_batches, must_fire, must_not_fire, score
from voiceguide.safety import check, detect, semantic

if TYPE_CHECKING:
    from tests.virtual_audio import VirtualAudio

_LOAD_PROBE = """
import json, time
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from voiceguide.safety import semantic
before = rss(); started = time.perf_counter()
ok = semantic.STAGE.load()
print(json.dumps({"ok": ok, "problem": semantic.STAGE.problem, "seconds": time.perf_counter() - started,
                  "rss_mb": rss() - before}))
"""


def _per_line_microseconds(statements: list[str], rounds: int = 5) -> tuple[float, float, float]:
    """Median, 99th percentile, and the slowest line's best time (scheduler noise removed), in µs."""
    for statement in statements:  # warm up: the word cache fills on first sight of a word
        detect(statement)
    times: list[float] = []
    best_per_line = [float("inf")] * len(statements)
    for _ in range(rounds):
        for index, statement in enumerate(statements):
            started = time.perf_counter()
            detect(statement)
            elapsed = time.perf_counter() - started
            times.append(elapsed)
            best_per_line[index] = min(best_per_line[index], elapsed)
    times.sort()
    p99 = times[int(len(times) * 0.99)]
    return statistics.median(times) * 1e6, p99 * 1e6, max(best_per_line) * 1e6


def _long_input_ms() -> float:
    """The worst of a few pathological inputs: one 60 kB clause repeating words the rules look for."""
    worst = 0.0
    for phrase in ("i would never kill myself ", "i drank and ", "on the roof ", "he hit me by accident "):
        text = phrase * (60_000 // len(phrase))
        started = time.perf_counter()
        detect(text)
        worst = max(worst, time.perf_counter() - started)
    return worst * 1000


def _timed_crises(audio: VirtualAudio, statement: str, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from the last word to the card and to the calm message, for `runs` spoken statements."""
    import tempfile

    from tests.integration.spoken_crisis_run import run_spoken_crisis

    cards: list[float] = []
    voices: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            result = run_spoken_crisis(audio, Path(work), statement)
        cards.append(result.card_after)
        voices.append(result.voice_after if result.voice_after is not None else float("inf"))
    return cards, voices


def spoken_crisis_figures(runs: int = 5, stage_runs: int = 3) -> list[Figure]:
    """A crisis statement spoken into a running practice on the private PulseAudio: time from the last
    word to the card on screen and to the calm message on the speaker (default engines), for one a rule
    catches and one only the semantic stage does."""
    import os

    from tests.integration.spoken_crisis_run import STAGE_ONLY_STATEMENT
    from tests.virtual_audio import VirtualAudioUnavailable, start_virtual_audio

    try:
        audio = start_virtual_audio()
    except VirtualAudioUnavailable as exc:
        return [Figure(f"spoken crisis figures skipped: {exc}", 0, "")]
    os.environ["PULSE_SERVER"] = audio.env["PULSE_SERVER"]
    try:
        cards, voices = _timed_crises(audio, "i want to kill myself", runs)
        stage_cards, stage_voices = _timed_crises(audio, STAGE_ONLY_STATEMENT, stage_runs)
    finally:
        audio.stop()
    card, voice = statistics.median(cards), statistics.median(voices)
    stage_card, stage_voice = statistics.median(stage_cards), statistics.median(stage_voices)
    only = "spoken crisis only the semantic stage catches: last word to"
    return [
        Figure(f"spoken crisis: last word to card on screen, median of {runs}", card, "s", "< 1 s", card < 1),
        Figure(f"spoken crisis: last word to card on screen, worst of {runs}", max(cards), "s"),
        Figure(f"spoken crisis: last word to calm message on the speaker, median of {runs}", voice, "s",
               "< 1 s", voice < 1),
        Figure(f"spoken crisis: last word to calm message on the speaker, worst of {runs}", max(voices), "s"),
        Figure(f"{only} card, median of {stage_runs}", stage_card, "s", "< 1 s", stage_card < 1),
        Figure(f"{only} calm message, median of {stage_runs}", stage_voice, "s", "< 1 s", stage_voice < 1),
    ]


def _counted(result: Score) -> str:
    fired = result.positives - len(result.misses)
    return f"{fired} of {result.positives}, {len(result.false_alarms)} of {result.negatives}"


def blind_figures(label: str, detector: Callable[[str], object | None]) -> list[Figure]:
    """Recall and false positives on each blind batch (never tuned against), against the issue's targets."""
    figures = []
    for batch in blind_batches():
        blind = score(detector, blind=True, batch=batch)
        number = batch.removeprefix("batch")
        figures += [
            Figure(f"{label} BLIND: recall on batch {number} ({_counted(blind)} false alarms)",
                   blind.recall * 100, "%", ">= 97 %", blind.recall >= 0.97),
            Figure(f"{label} BLIND: false positives on batch {number}", blind.false_positive_rate * 100, "%",
                   "<= 2 %", blind.false_positive_rate <= 0.02),
        ]
    return figures


def semantic_figures() -> list[Figure]:
    """Rules + stage on the evaluation set and the blind batches; the stage's load (fresh process) and
    time."""
    import json

    probe = subprocess.run([sys.executable, "-c", _LOAD_PROBE], capture_output=True, text=True, timeout=120,
                           cwd=Path(__file__).resolve().parents[2])
    loaded = json.loads(probe.stdout.splitlines()[-1]) if probe.returncode == 0 and probe.stdout else None
    if not semantic.STAGE.load() or loaded is None or not loaded["ok"]:
        why = semantic.STAGE.problem or (loaded or {}).get("problem") or probe.stderr.strip()[-200:]
        return [Figure(f"semantic stage figures skipped: {why}", 0, "")]
    result = score(check)
    statements = must_not_fire()[:200]  # none fires a rule: each is embedded
    times = []
    for statement in statements:
        started = time.perf_counter()
        semantic.STAGE.classify(statement)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return [
        Figure(f"RULES + STAGE: recall on the evaluation set ({_counted(result)} false alarms)",
               result.recall * 100, "%", ">= 97 %", result.recall >= 0.97),
        Figure("RULES + STAGE: false positives on the evaluation set", result.false_positive_rate * 100, "%",
               "<= 2 %", result.false_positive_rate <= 0.02),
        Figure("RULES + STAGE: category agreement where it fired", result.category_agreement * 100, "%"),
        *blind_figures("RULES + STAGE", check),
        Figure("semantic stage: load in a fresh process (model + shipped exemplar vectors, warm file cache)",
               loaded["seconds"], "s"),
        Figure("semantic stage: resident memory added by loading", loaded["rss_mb"], "MB"),
        Figure(f"semantic stage: one statement, median of {len(times)}", statistics.median(times), "ms"),
        Figure("semantic stage: one statement, 99th percentile", times[int(len(times) * 0.99)], "ms"),
    ]


def run() -> list[Figure]:
    result = score(detect)
    statements = [text for _, text in must_fire()] + must_not_fire()
    median, p99, slowest = _per_line_microseconds(statements)
    long_line = " ".join(statements[:40])  # a long typed paragraph, about 300 words
    started = time.perf_counter()
    detect(long_line)
    paragraph = (time.perf_counter() - started) * 1e6
    long_input = _long_input_ms()
    return [
        Figure(f"RULES ALONE: recall on {result.positives} must-fire statements (fixed against)",
               result.recall * 100, "%", ">= 97 %", result.recall >= 0.97),
        Figure(f"RULES ALONE: false positives on {result.negatives} must-not-fire statements",
               result.false_positive_rate * 100, "%", "<= 2 %", result.false_positive_rate <= 0.02),
        Figure("category agreement where it fired", result.category_agreement * 100, "%"),
        *blind_figures("RULES ALONE", detect),
        Figure("detect() per line, median", median, "µs", "< 1000 µs", median < 1000),
        Figure("detect() per line, 99th percentile", p99, "µs", "< 1000 µs", p99 < 1000),
        Figure("detect() on the slowest line (best of 5)", slowest, "µs", "< 1000 µs", slowest < 1000),
        Figure("detect() on a 300-word paragraph", paragraph, "µs"),
        Figure("detect() on 60 kB without punctuation, worst of 4", long_input, "ms", "< 500 ms",
               long_input < 500),
        *semantic_figures(),
        *spoken_crisis_figures(),
    ]
