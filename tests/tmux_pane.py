"""A tmux session on a private server, for tests that drive the real app in a real terminal."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Mapping

import pytest


class TmuxPane:
    """One tmux session named "main", started with `command`, on a server of its own."""

    def __init__(self, env: Mapping[str, str], command: str, width: int, height: int,
                 prefix: str = "voiceguide-test") -> None:
        if shutil.which("tmux") is None:
            pytest.fail("tmux is not installed (scripts/bootstrap.sh test installs it)", pytrace=False)
        self.socket = f"{prefix}-{uuid.uuid4().hex[:8]}"
        self.env = {key: value for key, value in env.items() if key != "TMUX"}
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height), "-s", "main",
                  command)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True,
                              text=True, timeout=10, check=True).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "main", *keys)

    def text(self) -> str:
        return self.tmux("capture-pane", "-p", "-J", "-t", "main")  # -J: wrapped lines joined

    def flag(self, name: str) -> str:
        return self.tmux("display-message", "-p", "-t", "main", f"#{{{name}}}").strip()

    def wait_for(self, words: str, timeout: float = 20.0) -> str:
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
