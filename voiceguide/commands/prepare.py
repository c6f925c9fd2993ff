"""`voiceguide prepare [PRACTICE ...]`: synthesize practices' prompts ahead and keep them on disk."""

from __future__ import annotations

import argparse
import time
from typing import Any

from voiceguide.commands.options import load_settings
from voiceguide.errors import EXIT_OK, EngineError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "prepare", parents=[common],
        help="synthesize practices' prompts now, so they start at once and the voice need not load later")
    parser.add_argument("practices", nargs="*", metavar="PRACTICE", help="practice ids (default: all)")
    parser.set_defaults(handler=prepare)


def prepare(args: argparse.Namespace) -> int:
    from voiceguide.journal.textout import print_text
    from voiceguide.practices.library import load_library
    from voiceguide.session import SafetyCheck, texts_to_prepare
    from voiceguide.speech.engines import open_speaker
    from voiceguide.speech.prompt_store import PromptStore
    from voiceguide.speech.speaker import SpeechCache, VoiceChoice, cache_identity, fallback_problem

    config = load_settings(args)
    library = load_library()
    chosen = [library.get(p) for p in args.practices] if args.practices else list(library.practices.values())
    speaker = open_speaker(config)
    if not cache_identity(speaker):
        speaker.close()
        print_text(f"speaking with {speaker.name}, which is quick enough to need no prepared prompts")
        return EXIT_OK
    store = PromptStore.default()
    choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
    cache = SpeechCache(speaker, choice, store)
    safety = SafetyCheck(config.safety)
    try:
        for practice in chosen:
            started = time.monotonic()
            texts = texts_to_prepare(practice, safety, listen=config.listen)
            cache.prepare(texts)
            if not cache_identity(speaker):  # the voice could not load: what spoke instead is not kept
                problem = fallback_problem(speaker) or f"{speaker.name} speaks instead"
                raise EngineError(f"nothing was kept: {problem}")
            print_text(f"{practice.id}: {len(texts)} prompts ready ({time.monotonic() - started:.1f} s)")
    finally:
        cache.close()
    print_text(f"kept in {store.folder} (voice: {speaker.name})")
    return EXIT_OK
