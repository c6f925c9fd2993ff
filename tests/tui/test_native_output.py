"""While the app runs, what native libraries write to fd 2 stays off the screen; Textual's output does not."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time

CHILD = """
import os, sys
from voiceguide.tui import terminal_for_textual_only
with terminal_for_textual_only():
    os.write(2, b"LOG (VoskAPI:ReadDataFiles) ALSA lib pcm.c: PortAudio noise\\n")  # as native code does
    sys.__stderr__.write("drawn by textual\\n")
    sys.__stderr__.flush()
os.write(2, b"after the app\\n")
"""


def test_native_writes_to_fd_2_never_reach_the_terminal_while_textual_draws() -> None:
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert child.wait(timeout=30) == 0, seen
    assert b"drawn by textual" in seen and b"after the app" in seen, seen
    assert b"VoskAPI" not in seen and b"ALSA" not in seen and b"PortAudio" not in seen, seen
