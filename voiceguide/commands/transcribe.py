"""`voiceguide transcribe FILE...`: recognize WAV files offline, as text or JSON lines, or as commands."""

from __future__ import annotations

import argparse
import json
from typing import Any

from voiceguide.audio.format import read_wav
from voiceguide.commands.options import load_settings
from voiceguide.speech.engines import open_recognizer
from voiceguide.speech.listening import interpret
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript

LEAD_IN = b"\x00" * 8000  # 0.25 s of silence around a file, as a microphone would hear it
TAIL = b"\x00" * 16000


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("transcribe", parents=[common], help="recognize speech in WAV files")
    parser.add_argument("files", nargs="+", metavar="FILE", help="WAV files (any rate; resampled to 16 kHz)")
    parser.add_argument("--commands", action="store_true", help="recognize commands and show the intent")
    parser.add_argument("--numbers", action="store_true", help="recognize rating numbers (0-10)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line per file")
    parser.set_defaults(handler=transcribe)


def recognize_pcm(recognizer: Recognizer, pcm: bytes, mode: ListenMode) -> list[Transcript]:
    """Every final transcript of `pcm` in `mode`."""
    recognizer.set_mode(mode)
    found = recognizer.accept(LEAD_IN + pcm + TAIL) + recognizer.flush()
    return [t for t in found if t.final]


def transcribe(args: argparse.Namespace) -> int:
    config = load_settings(args)
    recognizer, engine = open_recognizer(config)
    mode = ListenMode.DICTATION
    if args.commands or args.numbers:
        mode = ListenMode.NUMBER if args.numbers else ListenMode.COMMANDS
    for path in args.files:
        pcm = read_wav(path).resampled(16000)
        finals = recognize_pcm(recognizer, pcm.data, mode)
        text = " ".join(t.text for t in finals if not t.text.startswith(("<", "["))).strip()
        record: dict[str, object] = {"file": path, "engine": engine.name, "text": text,
                                     "seconds": round(pcm.duration, 3)}
        if mode is not ListenMode.DICTATION:
            intent = next((i for i in (interpret(t, mode) for t in finals) if i is not None), None)
            record["intent"] = None if intent is None else intent.kind.value
            record["number"] = None if intent is None else intent.number
        if args.json:
            print(json.dumps(record), flush=True)
        else:
            extra = ""
            if "intent" in record:
                extra = f"  -> {record['intent'] or 'no command'}"
                if record["number"] is not None:
                    extra += f" {record['number']}"
            print(f"{path}: {text}{extra}", flush=True)
    return 0
