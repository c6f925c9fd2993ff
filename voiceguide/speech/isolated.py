"""pocketsphinx in a child process: the Recognizer protocol over a pipe, so decoding never stalls the app."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from typing import Any

from voiceguide.errors import EngineError
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.sphinx_engine import new_command_endpointer, new_endpointer

START_TIMEOUT = 60.0


class IsolatedPocketsphinx:
    """A PocketsphinxRecognizer living in `voiceguide.speech.recognizer_worker`.

    Each call is one request and one reply; while the child decodes, this process waits on the pipe with
    the interpreter lock released, so audio callbacks and the UI keep running.
    """

    name = "pocketsphinx"

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "voiceguide.speech.recognizer_worker", str(theirs.fileno())],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),),
        )
        theirs.close()
        self._connection = Connection(ours.detach())
        self._lock = threading.Lock()
        if not self._connection.poll(START_TIMEOUT):
            self.close()
            raise EngineError("pocketsphinx did not start within a minute; try again, or --engine vosk")
        status, detail = self._receive()
        if status == "failed":  # the child's own one-line message
            self.close()
            raise EngineError(str(detail))
        if status != "ready":
            self.close()
            raise EngineError("pocketsphinx cannot be loaded: reinstall voiceguide, or choose Vosk with "
                              f"--engine vosk ({detail})")

    def _receive(self) -> tuple[str, Any]:
        try:
            status, detail = self._connection.recv()
        except (EOFError, OSError):
            return "error", "the recognizer process stopped"
        return str(status), detail

    def _call(self, operation: str, argument: Any = None) -> Any:
        with self._lock:
            try:
                self._connection.send((operation, argument))
            except OSError:
                raise EngineError("the speech recognizer stopped; restart voiceguide") from None
            status, detail = self._receive()
        if status != "ok":
            raise EngineError(f"the speech recognizer failed: {detail}")
        return detail

    def new_endpointer(self) -> Any:
        """An endpointer configured like the child's, for mirroring its segmentation here."""
        return new_endpointer()

    def new_command_endpointer(self) -> Any:
        """The quicker endpointer for short commands, as the child's recognizer would make it."""
        return new_command_endpointer()

    def set_mode(self, mode: ListenMode) -> None:
        self._call("mode", mode)

    def accept(self, pcm: bytes) -> list[Transcript]:
        found: list[Transcript] = self._call("accept", pcm)
        return found

    def flush(self) -> list[Transcript]:
        found: list[Transcript] = self._call("flush")
        return found

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._connection.send(("close", None))
        self._connection.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
