"""SIGINT, SIGTERM and SIGHUP mid-session: the session ends the way Ctrl-C ends it, with one line and
128 + the signal number, no traceback, and nothing settled lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.faults.harness import EXITS, REPO, Run, assert_one_line, check_journal, child_env, record
from tests.virtual_audio import VirtualAudio
from voiceguide.errors import EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_TERMINATED

SIGNALS = [(signal.SIGINT, EXIT_INTERRUPTED), (signal.SIGTERM, EXIT_TERMINATED), (signal.SIGHUP, EXIT_HANGUP)]


def signal_when(argv: list[str], ready: str, signum: int, env: dict[str, str], *, stdin: bool = False,
                timeout: float = 60) -> Run:
    """Start `python -m voiceguide ARGV`, send `signum` once a stdout line contains `ready` (or, with an
    empty `ready`, once it printed anything or 1 s passed), and collect what it did."""
    process = subprocess.Popen([sys.executable, "-m", "voiceguide", *argv], cwd=REPO, env=env,
                               stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if ready and ready in line:
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if ready:
            assert seen.wait(timeout), f"never reached {ready!r}: {lines}"
        else:
            seen.wait(1.0)
        process.send_signal(signum)
        code = process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    stderr = process.stderr.read() if process.stderr else ""
    return Run(code, "".join(lines), stderr)


@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=lambda v: getattr(v, "name", str(v)))
def test_signal_while_typing_an_entry(signum: signal.Signals, code: int, data_dir: Path,
                                      settled: list[str]) -> None:
    """`journal add -` waiting for the text: the signal ends it; the journal is untouched."""
    run = signal_when(["journal", "add", "-"], "", signum, child_env(), stdin=True)
    assert_one_line(run, code, "session ended", "saved")
    lost = check_journal(data_dir, settled)
    record(f"{signum.name} while typing an entry (journal add -)", "signals", EXITS, run, data_lost=lost)


@pytest.mark.devices
@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=lambda v: getattr(v, "name", str(v)))
def test_signal_mid_spoken_session(signum: signal.Signals, code: int, virtual_audio: VirtualAudio,
                                   tmp_path: Path) -> None:
    """The spoken walkthrough (`run stop --no-tui`) speaking its first step when the signal lands."""
    env = child_env(virtual_audio.env, VOICEGUIDE_DATA_DIR=str(tmp_path / "data"),
                    VOICEGUIDE_CONFIG_DIR=str(tmp_path / "config"))
    run = signal_when(["run", "stop", "--no-tui", "--input-device", "pulse", "--output-device", "pulse"],
                      "[1/", signum, env)
    assert_one_line(run, code, "session ended")
    record(f"{signum.name} mid-session (spoken walkthrough, speaking)", "signals", EXITS, run)
