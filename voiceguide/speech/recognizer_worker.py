"""A child process that owns a pocketsphinx recognizer and answers requests on a private pipe.

pocketsphinx holds Python's global interpreter lock while it decodes (measured: 1.4 s for 10 s of
speech), which stops every other thread of the process: audio callbacks miss their deadlines (captured
sound is lost, playback underruns) and the terminal UI freezes. Decoding here keeps the app's process free.
"""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection
from typing import Any

from voiceguide.errors import VoiceguideError


def serve(connection: Connection) -> None:
    from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer

    recognizer = PocketsphinxRecognizer()
    connection.send(("ready", None))
    while True:
        try:
            operation, argument = connection.recv()
        except EOFError:
            return
        if operation == "close":
            return
        try:
            result: Any = None
            if operation == "accept":
                result = recognizer.accept(argument)
            elif operation == "flush":
                result = recognizer.flush()
            elif operation == "mode":
                recognizer.set_mode(argument)
            connection.send(("ok", result))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the app as one line
            connection.send(("error", f"{type(exc).__name__}: {exc}"))


def main() -> None:
    connection = Connection(int(sys.argv[1]))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # nothing the decoder prints may reach the terminal
    os.dup2(devnull, 2)
    try:
        serve(connection)
    except VoiceguideError as exc:  # already a one-line message for the user
        connection.send(("failed", exc.message))
    except Exception as exc:  # noqa: BLE001 - tell the app why the recognizer could not start
        connection.send(("error", f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    main()
