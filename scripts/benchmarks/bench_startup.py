"""Start-up figures: importing the command line and answering --version."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from benchmarks.figure import Figure


def run() -> list[Figure]:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "voiceguide", "--version"], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return [Figure("voiceguide --version, median of 5", statistics.median(times) * 1000, "ms")]
