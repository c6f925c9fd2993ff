"""Keeps native libraries (Kaldi, ALSA, PortAudio, espeak) from writing to the terminal."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import IO

_lock = threading.Lock()
_depth = 0
_saved_fd: int | None = None
_capture: IO[bytes] | None = None
_diverted: IO[bytes] | None = None


@contextlib.contextmanager
def native_output_silenced() -> Iterator[None]:
    """Point fd 2 at a scratch file while native code runs, then put the terminal back.

    Nested and concurrent uses share one redirection, so fd 2 is restored only when the last user leaves.
    What the libraries wrote is kept in `last_native_output()` for diagnostics.
    """
    global _depth, _saved_fd, _capture
    with _lock:
        if _depth == 0:
            sys.stderr.flush()
            capture = tempfile.TemporaryFile(prefix="voiceguide-native-")  # noqa: SIM115 - kept open
            _capture = capture
            _saved_fd = os.dup(2)
            os.dup2(capture.fileno(), 2)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved_fd is not None:
                os.dup2(_saved_fd, 2)
                os.close(_saved_fd)
                _saved_fd = None


def last_native_output(limit: int = 4000) -> str:
    """What native code wrote during the last silenced stretch (for `doctor` and error messages)."""
    if _capture is None:
        return ""
    _capture.seek(0)
    return _capture.read()[-limit:].decode("utf-8", "replace")


def divert_native_stderr() -> None:
    """Keep native code off the terminal for the rest of the process: fd 2 goes to a scratch file, and
    Python's own `sys.stderr` keeps writing to the terminal through a copy of the original fd 2.

    Once an audio stream runs, PortAudio and ALSA write to fd 2 from their own threads at any moment
    (for example when the sound server dies), outside any `native_output_silenced()` block.
    """
    global _diverted
    with _lock:
        if _diverted is not None or _depth:
            return
        sys.stderr.flush()
        terminal = os.dup(2)
        scratch = tempfile.TemporaryFile(prefix="voiceguide-native-")  # noqa: SIM115 - kept open
        os.dup2(scratch.fileno(), 2)
        _diverted = scratch
        stream = sys.stderr
        sys.stderr = open(terminal, "w", encoding=getattr(stream, "encoding", None) or "utf-8",  # noqa: SIM115
                          errors=getattr(stream, "errors", None) or "backslashreplace", buffering=1)
