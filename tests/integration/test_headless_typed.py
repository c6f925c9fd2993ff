"""`run PRACTICE --no-tui` without microphone or speaker: walked by typed lines; Ctrl-C keeps answers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from voiceguide import notices

NO_SOUND_SERVER = {"PULSE_SERVER": "unix:/nonexistent/pulse"}  # no microphone and no speaker: text only


def run(tmp_path: Path, practice: str) -> subprocess.Popen[str]:
    env = os.environ | NO_SOUND_SERVER | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data"),
                                          "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config")}
    return subprocess.Popen([sys.executable, "-m", "voiceguide", "run", practice, "--no-tui"],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def journal(tmp_path: Path) -> dict[str, dict[str, object]]:
    listed = subprocess.run([sys.executable, "-m", "voiceguide", "journal", "list", "--json"],
                            env=os.environ | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data")},
                            capture_output=True, text=True, check=True)
    return {entry["step"]: entry for entry in json.loads(listed.stdout)}


def test_stop_walked_by_typed_lines_without_a_microphone(tmp_path: Path) -> None:
    process = run(tmp_path, "stop")
    typed = ["5", "next", "next", "no", "my chest is [bold]tight[/]", "call my sister", "3"]
    out, err = process.communicate("\n".join(typed) + "\n", timeout=60)
    lines = out.splitlines()

    assert process.returncode == 0, err
    assert "going on with text only" in lines[0]  # one line says why, then the practice goes on
    assert "type your answers instead" in lines[1]
    assert [line.split("]")[0] for line in lines if line.startswith("[")] == [f"[{n}/9" for n in range(1, 10)]
    assert lines[-1] == "The practice is finished."
    kept = journal(tmp_path)
    assert kept["observe"]["text"] == "my chest is [bold]tight[/]"  # user text is data, kept as typed
    assert kept["proceed"]["text"] == "call my sister" and kept["proceed"]["source"] == "typed"
    assert (kept["observe"]["rating_before"], kept["observe"]["rating_after"]) == (5, 3)


def test_ctrl_c_ends_with_one_line_and_keeps_what_was_said(tmp_path: Path) -> None:
    process = run(tmp_path, "stop")
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("5\nnext\nnext\nno\nmy jaw is clenched\n")
    process.stdin.flush()
    for line in process.stdout:
        if line.startswith("[7/9]"):  # the next question: the answer before it is kept
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)

    assert process.returncode == 130
    assert err.strip().splitlines() == [f"voiceguide: {notices.INTERRUPTED}"]
    assert "Traceback" not in err
    assert journal(tmp_path)["observe"]["text"] == "my jaw is clenched"


def test_any_practice_runs_headless_and_unknown_ones_say_so(tmp_path: Path) -> None:
    process = run(tmp_path, "box-breathing")
    out, _ = process.communicate("skip\n" * 12, timeout=60)
    assert process.returncode == 0 and out.splitlines()[-1] == "The practice is finished."
    unknown = run(tmp_path, "no-such-practice")
    _, err = unknown.communicate(timeout=30)
    assert unknown.returncode == 2 and err.startswith("voiceguide: unknown practice 'no-such-practice'")
