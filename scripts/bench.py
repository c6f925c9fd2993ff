"""Prints voiceguide's performance figures: every scripts/benchmarks/bench_*.py module, in name order.

Each module provides `run() -> list[Figure]`; `python scripts/bench.py [NAME ...]` runs some of them.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from benchmarks.figure import Figure  # noqa: E402


def load(path: Path) -> object:
    spec = importlib.util.spec_from_file_location(f"benchmarks.{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    wanted = set(argv)
    failures = 0
    for path in sorted((HERE / "benchmarks").glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        try:
            figures: list[Figure] = load(path).run()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            print(f"   FAILED: {type(exc).__name__}: {exc}")
            failures += 1
            continue
        for figure in figures:
            print(f"   {figure}")
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
