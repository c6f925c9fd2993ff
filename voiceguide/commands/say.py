"""`voiceguide say TEXT`: speak text through the speaker, or write it to a WAV file."""

from __future__ import annotations

import argparse
from typing import Any

from voiceguide.audio.format import write_wav
from voiceguide.commands.options import load_settings
from voiceguide.errors import UsageError
from voiceguide.speech.speaker import Pyttsx3Speaker, VoiceChoice


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("say", parents=[common], help="speak text (or save it with --out)")
    parser.add_argument("text", help="what to say")
    parser.add_argument("--out", metavar="FILE.wav", help="write a WAV file instead of playing")
    parser.set_defaults(handler=say)


def say(args: argparse.Namespace) -> int:
    config = load_settings(args)
    if not args.text.strip():
        raise UsageError("nothing to say: give some text")
    choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
    speaker = Pyttsx3Speaker()
    try:
        pcm = speaker.synthesize(args.text, choice)
    finally:
        speaker.close()
    if args.out:
        try:
            write_wav(args.out, pcm)
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror}") from None
        return 0
    from voiceguide.audio.sink import SoundDeviceSink

    sink = SoundDeviceSink(config.devices.output or None)
    sink.open()
    try:
        sink.play(pcm)
        sink.wait()
    finally:
        sink.close()
    return 0
