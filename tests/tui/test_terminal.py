"""The real `voiceguide` command in tmux at 100x30: STOP walked by keys, then the terminal is restored."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.tmux_pane import TmuxPane

VENV_BIN = Path(sys.executable).parent


class Pane(TmuxPane):
    """One tmux session on a private server, running a shell at 100x30."""

    def __init__(self, env: dict[str, str]) -> None:
        super().__init__(env, "bash --norc --noprofile", 100, 30)


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    env = {**os.environ, "TERM": "xterm-256color", "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
           "VOICEGUIDE_DATA_DIR": str(tmp_path / "data"), "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config"),
           "VOICEGUIDE_INPUT_DEVICE": "no-such-microphone", "VOICEGUIDE_OUTPUT_DEVICE": "no-such-speaker"}
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
