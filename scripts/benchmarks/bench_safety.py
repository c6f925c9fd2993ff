"""Safety figures: recall and false positives on the evaluation set, category agreement, time per line."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from benchmarks.figure import Figure

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.safety_eval import must_fire, must_not_fire, score
from voiceguide.safety import detect


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


def spoken_crisis_figures(runs: int = 5) -> list[Figure]:
    """A crisis statement spoken into a running practice on the private PulseAudio: time from the last
    word to the card on screen and to the calm message on the speaker (default engines)."""
    import os
    import tempfile

    from tests.integration.spoken_crisis_run import run_spoken_crisis
    from tests.virtual_audio import VirtualAudioUnavailable, start_virtual_audio

    try:
        audio = start_virtual_audio()
    except VirtualAudioUnavailable as exc:
        return [Figure(f"spoken crisis figures skipped: {exc}", 0, "")]
    os.environ["PULSE_SERVER"] = audio.env["PULSE_SERVER"]
    cards: list[float] = []
    voices: list[float] = []
    try:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as work:
                result = run_spoken_crisis(audio, Path(work))
            cards.append(result.card_after)
            voices.append(result.voice_after if result.voice_after is not None else float("inf"))
    finally:
        audio.stop()
    card, voice = statistics.median(cards), statistics.median(voices)
    return [
        Figure(f"spoken crisis: last word to card on screen, median of {runs}", card, "s", "< 1 s", card < 1),
        Figure(f"spoken crisis: last word to card on screen, worst of {runs}", max(cards), "s"),
        Figure(f"spoken crisis: last word to calm message on the speaker, median of {runs}", voice, "s",
               "< 1 s", voice < 1),
        Figure(f"spoken crisis: last word to calm message on the speaker, worst of {runs}", max(voices), "s"),
    ]


def run() -> list[Figure]:
    result = score(detect)
    blind = score(detect, blind=True)
    statements = [text for _, text in must_fire()] + must_not_fire()
    median, p99, slowest = _per_line_microseconds(statements)
    long_line = " ".join(statements[:40])  # a long typed paragraph, about 300 words
    started = time.perf_counter()
    detect(long_line)
    paragraph = (time.perf_counter() - started) * 1e6
    long_input = _long_input_ms()
    return [
        Figure(f"recall on {result.positives} must-fire statements (fixed against)", result.recall * 100, "%",
               ">= 97 %", result.recall >= 0.97),
        Figure(f"false positives on {result.negatives} must-not-fire statements",
               result.false_positive_rate * 100, "%", "<= 2 %", result.false_positive_rate <= 0.02),
        Figure("category agreement where it fired", result.category_agreement * 100, "%"),
        Figure(f"BLIND: recall on {blind.positives} must-fire statements never tuned against",
               blind.recall * 100, "%", ">= 97 %", blind.recall >= 0.97),
        Figure(f"BLIND: false positives on {blind.negatives} must-not-fire statements never tuned against",
               blind.false_positive_rate * 100, "%", "<= 2 %", blind.false_positive_rate <= 0.02),
        Figure("detect() per line, median", median, "µs", "< 1000 µs", median < 1000),
        Figure("detect() per line, 99th percentile", p99, "µs", "< 1000 µs", p99 < 1000),
        Figure("detect() on the slowest line (best of 5)", slowest, "µs", "< 1000 µs", slowest < 1000),
        Figure("detect() on a 300-word paragraph", paragraph, "µs"),
        Figure("detect() on 60 kB without punctuation, worst of 4", long_input, "ms", "< 500 ms",
               long_input < 500),
        *spoken_crisis_figures(),
    ]
