"""Practice figures: loading and validating every built-in practice."""

from __future__ import annotations

import statistics
import time

from benchmarks.figure import Figure

TARGET_MS = 50.0


def run() -> list[Figure]:
    from voiceguide.practices.library import load_builtins

    load_builtins()  # the first call also imports tomllib and the loader
    times = []
    count = 0
    for _ in range(20):
        started = time.perf_counter()
        count = len(load_builtins())
        times.append(time.perf_counter() - started)
    value = statistics.median(times) * 1000
    return [Figure(f"load and validate all {count} built-in practices, median of 20", value, "ms",
                   f"< {TARGET_MS:g} ms", value < TARGET_MS)]
