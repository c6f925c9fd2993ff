"""The bench's way to end a voiceguide it started: interrupted as a person would (Ctrl+C), killed if stuck."""

from __future__ import annotations

import signal
import subprocess


def end_app(app: subprocess.Popen[str], patience: float = 30.0) -> None:
    """Send Ctrl+C to `app` if it still runs and wait for it to exit; kill it after `patience` seconds."""
    if app.poll() is None:
        app.send_signal(signal.SIGINT)
    try:
        app.communicate(timeout=patience)
    except subprocess.TimeoutExpired:
        app.kill()
        app.communicate()
