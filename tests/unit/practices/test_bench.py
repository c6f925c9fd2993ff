"""`scripts/bench.py practices` prints the load-and-validate figure with its 50 ms target."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from voiceguide.practices.library import load_builtins

ROOT = Path(__file__).resolve().parents[3]


def test_bench_prints_the_load_and_validate_figure() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "practices"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(load_builtins())
    figure = re.search(rf"load and validate all {count} built-in practices, median of 20: ([\d.]+) ms"
                       r"\s+\(target < 50 ms (ok|MISSED)\)", result.stdout)
    assert figure, result.stdout
    assert float(figure[1]) > 0  # measured here, not asserted against the target: CI machines vary
