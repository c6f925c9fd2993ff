"""A child process that owns the pyttsx3 engine and turns text into WAV files on request.

pyttsx3 prints to stdout while saving and must be driven from one thread; running it here keeps
both away from the terminal UI. Requests and replies are JSON lines on a private pipe.
"""

from __future__ import annotations

import json
import os
import sys
import wave
from collections.abc import Callable
from typing import Any


def espeak_idle_waiter() -> Callable[[], None]:
    """A function that blocks until espeak-ng has finished everything queued (a no-op elsewhere).

    pyttsx3's espeak driver cancels the next utterance when espeak still reports itself busy with the
    previous one at the start of runAndWait, and from then on each file gets the previous message's end:
    most prompts came back as empty WAVs. Waiting for espeak to be idle before each request prevents it.
    """
    try:
        from pyttsx3.drivers import _espeak
    except Exception:  # noqa: BLE001 - not the espeak driver (another platform): nothing to wait for
        return lambda: None
    def wait() -> None:
        _espeak.Synchronize()

    return wait


def has_frames(path: str) -> bool:
    try:
        with wave.open(path, "rb") as wav:
            return wav.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def synthesize(engine: Any, request: dict[str, Any], wait_idle: Callable[[], None]) -> None:
    """Write the request's text as a WAV file; retry once when the engine wrote no audio."""
    for _attempt in range(2):
        wait_idle()
        if request.get("voice"):
            engine.setProperty("voice", request["voice"])
        engine.setProperty("rate", int(request["rate"]))
        engine.setProperty("volume", float(request.get("volume", 1.0)))
        engine.save_to_file(request["text"], request["path"])
        engine.runAndWait()
        if has_frames(request["path"]):
            return
    raise RuntimeError("the speech engine wrote no audio for this text")


def serve(requests: Any, replies: Any) -> None:
    import pyttsx3

    engine = pyttsx3.init()
    wait_idle = espeak_idle_waiter()
    voices = {v.id: v for v in engine.getProperty("voices") or []}
    replies.write(json.dumps({"ready": True, "voices": sorted(voices)}) + "\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        try:
            synthesize(engine, request, wait_idle)
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
