"""Prints voiceguide's performance figures: every scripts/benchmarks/bench_*.py module, in name order.

Each module provides `run() -> list[Figure]`; `python scripts/bench.py [NAME ...]` runs some of them.
`python scripts/bench.py --against REV [NAME ...]` measures the code at git revision REV first and this
tree right after, in one run, so a change's figures stand side by side with those from before it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
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


def against(revision: str, names: list[str]) -> int:
    """Run the same benchmarks on `revision` (a temporary git worktree), then on this tree."""
    root = HERE.parent
    # beside this tree, so the shared speech clips (../shared/speech) are found from it as from here
    with tempfile.TemporaryDirectory(prefix=".vg-bench-rev-", dir=root.parent) as folder:
        tree = Path(folder) / root.name
        subprocess.run(["git", "-C", str(root), "worktree", "add", "--detach", str(tree), revision],
                       check=True, capture_output=True)
        try:
            print(f"#### before: {revision}", flush=True)
            env = os.environ | {"PYTHONPATH": str(tree)}
            before = subprocess.run([sys.executable, str(tree / "scripts" / "bench.py"), *names], env=env,
                                    cwd=tree, check=False).returncode
        finally:
            subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(tree)], check=False,
                           capture_output=True)
    print("#### after: this tree", flush=True)
    return main(names) or before


def main(argv: list[str]) -> int:
    if argv[:1] == ["--against"] and len(argv) >= 2:
        return against(argv[1], argv[2:])
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
