"""Start-up timing marks for the benchmarks: when the first screen and the recognizer were ready."""

from __future__ import annotations

import os
import time

TIMING_ENV = "VOICEGUIDE_TIMING_FILE"  # benchmarks: where to note when the first screen and voice are ready


def note_timing(event: str) -> None:
    """Append `event wall-clock-time` to the benchmark's timing file, when one is asked for."""
    path = os.environ.get(TIMING_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{event} {time.time():.6f}\n")
