"""Terminal app start-up: from process start to the first screen drawn, and to the recognizer ready."""

from __future__ import annotations

import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Mapping
from pathlib import Path

from benchmarks.figure import Figure

RUNS = 3
TIMEOUT = 60.0
FIRST_SCREEN_TARGET_S = 0.6


def _drain(fd: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def _wait_for(path: Path, event: str, deadline: float) -> float | None:
    while time.monotonic() < deadline:
        if path.exists():
            for line in path.read_text().splitlines():
                name, _, when = line.partition(" ")
                if name == event:
                    return float(when)
        time.sleep(0.005)
    return None


def start_once(environ: Mapping[str, str] | None = None, data_dir: Path | None = None, *,
               until_ready: bool = True) -> tuple[float, float | None]:
    """Seconds from spawning `voiceguide` to its first screen and (`until_ready`) to its recognizer being
    ready. `environ` (default: this process's) is the app's environment before the bench's own settings;
    `data_dir` is a journal folder to open (default: a new one in the temporary home)."""
    with tempfile.TemporaryDirectory(prefix="voiceguide-bench-") as folder:
        home = Path(folder)
        (home / "config").mkdir()
        (home / "config" / "config.toml").write_text("[ui]\nfirst_run_done = true\n")
        timing = home / "timing.txt"
        env = {**(os.environ if environ is None else environ), "VOICEGUIDE_CONFIG_DIR": str(home / "config"),
               "VOICEGUIDE_DATA_DIR": str(data_dir or home / "data"), "VOICEGUIDE_TIMING_FILE": str(timing),
               "TERM": "xterm-256color"}
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        stop = threading.Event()
        reader = threading.Thread(target=_drain, args=(master, stop), daemon=True)
        reader.start()
        started = time.time()
        process = subprocess.Popen([sys.executable, "-m", "voiceguide"], stdin=slave, stdout=slave,
                                   stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        try:
            deadline = time.monotonic() + TIMEOUT
            drawn = _wait_for(timing, "first_screen", deadline)
            ready = _wait_for(timing, "recognizer_ready", deadline) if until_ready else None
            os.write(master, b"\x11")  # ctrl+q
            process.wait(timeout=15)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            stop.set()
            os.close(master)
        if drawn is None:
            raise RuntimeError("voiceguide never drew its first screen")
        return drawn - started, (ready - started) if ready is not None else None


def run() -> list[Figure]:
    results = [start_once() for _ in range(RUNS)]
    drawn = statistics.median(r[0] for r in results)
    ready = [r[1] for r in results if r[1] is not None]
    figures = [Figure(f"voiceguide app: process start to first screen drawn, median of {RUNS}", drawn * 1000,
                      "ms", f"< {FIRST_SCREEN_TARGET_S * 1000:g} ms", drawn < FIRST_SCREEN_TARGET_S)]
    if ready:
        figures.append(Figure(f"voiceguide app: process start to recognizer ready, median of {len(ready)}",
                              statistics.median(ready) * 1000, "ms"))
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure)
