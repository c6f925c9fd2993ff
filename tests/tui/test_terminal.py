"""The real `voiceguide` command in tmux at 100x30: STOP walked by keys, then the terminal is restored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent


class Pane:
    """One tmux session on a private server, running a shell."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"voiceguide-test-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "main", "bash --norc --noprofile")

    def tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True,
                                text=True, timeout=10, check=True)
        return result.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def text(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "main")

    def flag(self, name: str) -> str:
        return self.tmux("display-message", "-p", "-t", "main", f"#{{{name}}}").strip()

    def wait_for(self, words: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.text()
            if words in shown:
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{words!r} never appeared; the pane shows:\n{self.text()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True,
                       timeout=10)


@pytest.fixture
def pane(tmp_path: Path) -> Pane:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed (scripts/bootstrap.sh test installs it)", pytrace=False)
    env = {**os.environ, "TERM": "xterm-256color", "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
           "VOICEGUIDE_DATA_DIR": str(tmp_path / "data"), "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config"),
           "VOICEGUIDE_INPUT_DEVICE": "no-such-microphone", "VOICEGUIDE_OUTPUT_DEVICE": "no-such-speaker"}
    env.pop("TMUX", None)
    created = Pane(env)
    yield created
    created.close()


def test_stop_walked_by_keys_in_a_real_terminal(pane: Pane, tmp_path: Path) -> None:
    pane.keys("voiceguide; echo EXIT=$?", "Enter")
    pane.wait_for("Welcome to voiceguide")
    assert pane.flag("alternate_on") == "1"
    shown = pane.wait_for("no audio: keyboard and text only")  # degraded, said in one line
    assert "Traceback" not in shown and "ALSA" not in shown
    pane.keys("Enter")  # past the first-run screen
    pane.wait_for("RIGHT NOW")
    pane.keys("1")
    pane.wait_for("from zero to ten")
    pane.keys("7")
    pane.wait_for("Step 3 of 9")  # the short pause
    pane.keys("Enter")
    pane.wait_for("Step 4 of 9")
    pane.keys("s")  # skip the breathing
    pane.wait_for("a few more breaths")
    pane.keys("n")
    pane.wait_for("Observe")
    pane.keys("tight chest", "Enter")
    pane.wait_for("Proceed")
    pane.keys("call my sister", "Enter")
    pane.wait_for("how strong is the feeling")
    pane.keys("3")
    shown = pane.wait_for("Finished")
    pane.keys("Enter")
    pane.wait_for("RIGHT NOW")
    pane.keys("q")
    shown = pane.wait_for("EXIT=0")
    assert pane.flag("alternate_on") == "0", "the alternate screen was left"
    assert pane.flag("cursor_flag") == "1", "the cursor is visible again"
    assert "voiceguide: " not in shown and "Traceback" not in shown
    journal = subprocess.run([str(VENV_BIN / "voiceguide"), "journal", "search", "sister"], env=pane.env,
                             capture_output=True, text=True, timeout=30)
    assert "call my «sister»" in journal.stdout, journal.stdout + journal.stderr
