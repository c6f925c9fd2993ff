"""Runs the real `voiceguide` under a fault, checks the promises, and records the outcome row.

Every case checks the same promises: no traceback, at most one line on stderr saying what happened
(`voiceguide: ...`), the expected exit code, and (where a journal is involved) every settled segment
still there and `PRAGMA integrity_check` passing. `record()` appends the outcome to a JSON-lines file
that `scripts/fault_report.py` turns into docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS_ENV = "VOICEGUIDE_FAULT_RESULTS"
DEFAULT_RESULTS = REPO / "build" / "fault-results.jsonl"
SITE_DIR = Path(__file__).resolve().parent / "site"  # sitecustomize.py injecting faults into a child

DEGRADED = "keeps running degraded"
EXITS = "exits with one line"
WORKS = "keeps working"


@dataclass(frozen=True)
class Run:
    """What one run of the program did."""

    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    @property
    def message(self) -> str:
        return self.lines[-1] if self.lines else ""


@dataclass(frozen=True)
class Outcome:
    """One row of docs/reliability.md."""

    case: str
    group: str
    outcome: str
    exit_code: int
    message: str
    traceback: bool
    data_lost: bool


def child_env(base: Mapping[str, str] | None = None, *, inject: Sequence[str] = (),
              **extra: str) -> dict[str, str]:
    """The environment for a child: the test's own (isolated data and config dirs) plus `extra`.

    `inject` names faults (tests/faults/site/inject_<name>.py) the child loads at start-up.
    """
    env = dict(base if base is not None else os.environ)
    env.pop("PYTHONIOENCODING", None)
    if inject:
        env["PYTHONPATH"] = os.pathsep.join([str(SITE_DIR), str(REPO)])
        env["VOICEGUIDE_FAULT_INJECT"] = ",".join(inject)
    env.update(extra)
    return env


def run_voiceguide(*args: str, env: Mapping[str, str] | None = None, stdin: str | bytes | None = None,
                   timeout: float = 60, preexec_fn: Callable[[], None] | None = None,
                   wrapper: Sequence[str] = ()) -> Run:
    """`python -m voiceguide ARGS` in a child, its output captured as text (undecodable bytes escaped)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    completed = subprocess.run(
        [*wrapper, sys.executable, "-m", "voiceguide", *args], input=data, capture_output=True,
        env=dict(env if env is not None else child_env()), cwd=REPO, timeout=timeout,
        preexec_fn=preexec_fn, check=False,
    )
    return Run(completed.returncode, completed.stdout.decode("utf-8", "backslashreplace"),
               completed.stderr.decode("utf-8", "backslashreplace"))


def assert_no_traceback(run: Run) -> None:
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream, f"a traceback reached the user:\n{stream[-3000:]}"


def assert_one_line(run: Run, code: int, *words: str) -> str:
    """The run exited with `code` and said what happened in one line naming `words`; returns it."""
    assert_no_traceback(run)
    assert run.code == code, f"exit code {run.code}, expected {code}; stderr: {run.stderr[-2000:]}"
    assert len(run.lines) == 1, f"expected one line on stderr, got: {run.lines}"
    message = run.lines[0]
    assert message.startswith("voiceguide: "), message
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"
    return message


def check_journal(data_dir: Path, expected_texts: Sequence[str] = ()) -> bool:
    """Integrity check and full-text index check pass, and every text in `expected_texts` is in some
    entry; returns whether data was lost (asserting it was not, so a test fails on loss)."""
    db = data_dir / "journal.sqlite3"
    writable = _writable(db)
    conn = sqlite3.connect(f"file:{db}?mode={'rw' if writable else 'ro'}", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if writable:  # raises if the full-text index and the entries are out of step
            conn.execute("INSERT INTO entries_fts(entries_fts) VALUES ('integrity-check')")
        stored = "\n".join(row[0] for row in conn.execute("SELECT text FROM entries"))
    finally:
        conn.close()
    missing = [text for text in expected_texts if text not in stored]
    assert not missing, f"settled text lost: {missing[:3]}"
    return False


def _writable(db: Path) -> bool:
    return os.access(db, os.W_OK) and os.access(db.parent, os.W_OK)


def without_tmp_paths(text: str) -> str:
    """Messages name the test's temporary folders; the report shows them as <tmp>."""
    root = re.escape(tempfile.gettempdir())
    return re.sub(root + r"/pytest-of-[^/]+/pytest-\d+/[^/\s]+", "<tmp>", text)


def results_file() -> Path:
    return Path(os.environ.get(RESULTS_ENV) or DEFAULT_RESULTS)


def record(case: str, group: str, outcome: str, run: Run | None = None, *, message: str = "",
           exit_code: int | None = None, data_lost: bool = False) -> Outcome:
    """Append the case's outcome row (called after the case's assertions passed)."""
    row = Outcome(
        case=case, group=group, outcome=outcome,
        exit_code=exit_code if exit_code is not None else (run.code if run else 0),
        message=without_tmp_paths(message or (run.message if run else "")),
        traceback=bool(run and ("Traceback" in run.stderr or "Traceback" in run.stdout)),
        data_lost=data_lost,
    )
    path = results_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(row), ensure_ascii=False) + "\n")
    return row


def spoken_word(folder: Path, word: str) -> Any:
    """`word` synthesized by espeak-ng, as 16 kHz samples for the virtual microphone."""
    from voiceguide.audio.format import read_wav

    wav = folder / f"{word}.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), word], check=True)
    return read_wav(wav).resampled(16000).samples()
