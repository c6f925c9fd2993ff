"""How long the app's other threads (audio callbacks, the UI) are held up while speech is decoded."""

from __future__ import annotations

import csv
import sys
import threading
import time
from pathlib import Path

from benchmarks.figure import Figure

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import find_shared  # noqa: E402
from voiceguide.audio.format import read_wav  # noqa: E402
from voiceguide.speech.isolated import IsolatedPocketsphinx  # noqa: E402
from voiceguide.speech.recognizer import ListenMode, Recognizer  # noqa: E402
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer  # noqa: E402

CHUNK = 640


def longest_stall(recognizer: Recognizer, audio: bytes) -> float:
    """The longest time a thread that wakes every millisecond waited while `audio` was dictated."""
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.monotonic()
        while not done.is_set():
            time.sleep(0.001)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    recognizer.set_mode(ListenMode.DICTATION)
    ticker.start()
    for offset in range(0, len(audio), CHUNK):
        recognizer.accept(audio[offset:offset + CHUNK])
    recognizer.flush()
    done.set()
    ticker.join()
    return max(gaps)


def run() -> list[Figure]:
    speech = find_shared() / "speech"
    with (speech / "manifest.tsv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if "librivox" in r["file"]]
    pause = b"\x00" * 32000
    audio = b"".join(read_wav(speech / r["file"]).resampled(16000).data + pause for r in rows)
    seconds = len(audio) / 32000
    in_process = longest_stall(PocketsphinxRecognizer(), audio)
    isolated = IsolatedPocketsphinx()
    try:
        apart = longest_stall(isolated, audio)
    finally:
        isolated.close()
    return [
        Figure(f"longest stall of other threads, {seconds:.0f} s of dictation, pocketsphinx in-process",
               in_process * 1000, "ms"),
        Figure("longest stall of other threads, pocketsphinx in its own process (what the app uses)",
               apart * 1000, "ms", "< 50 ms (an audio block is 20 ms)", apart < 0.05),
    ]
