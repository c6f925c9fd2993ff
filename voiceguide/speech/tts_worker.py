"""A child process that owns the pyttsx3 engine and turns text into WAV files on request.

pyttsx3 prints to stdout while saving and must be driven from one thread; running it here keeps
both away from the terminal UI. Requests and replies are JSON lines on a private pipe.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def serve(requests: Any, replies: Any) -> None:
    import pyttsx3

    engine = pyttsx3.init()
    voices = {v.id: v for v in engine.getProperty("voices") or []}
    replies.write(json.dumps({"ready": True, "voices": sorted(voices)}) + "\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        try:
            if request.get("voice"):
                engine.setProperty("voice", request["voice"])
            engine.setProperty("rate", int(request["rate"]))
            engine.setProperty("volume", float(request.get("volume", 1.0)))
            engine.save_to_file(request["text"], request["path"])
            engine.runAndWait()
            reply: dict[str, Any] = {"ok": True, "path": request["path"]}
        except Exception as exc:  # noqa: BLE001 - every failure is reported back as one line
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


def main() -> None:
    reply_fd = int(sys.argv[1])
    replies = os.fdopen(reply_fd, "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    try:
        serve(sys.stdin, replies)
    except Exception as exc:  # noqa: BLE001 - tell the parent why the engine could not start
        replies.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}) + "\n")


if __name__ == "__main__":
    main()
