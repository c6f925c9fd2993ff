"""`voiceguide doctor`: check engines, model, devices, espeak-ng, the journal and cache folders."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from voiceguide import paths
from voiceguide.commands.options import load_settings
from voiceguide.config import Config
from voiceguide.errors import VoiceguideError


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it is fine, and whether voiceguide needs it."""

    name: str
    ok: bool
    detail: str
    needed: bool = True


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("doctor", parents=[common],
                                   help="check that everything voiceguide needs works")
    parser.add_argument("--json", action="store_true", help="print the findings as one JSON object")
    parser.set_defaults(handler=doctor)


def _loads(module: str) -> tuple[bool, str]:
    """Whether `module` really imports (a wheel can be found yet fail to load its library)."""
    from voiceguide.quiet import native_output_silenced

    try:
        with native_output_silenced():
            importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the finding
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def _engines(config: Config) -> list[Check]:
    from voiceguide.speech.engines import choose_engine
    from voiceguide.speech.vosk_engine import find_model

    checks = []
    sphinx, sphinx_why = _loads("pocketsphinx")
    checks.append(Check("pocketsphinx", sphinx, "installed, English model built in" if sphinx
                        else f"cannot be loaded ({sphinx_why}): reinstall voiceguide", needed=False))
    vosk, why = _loads("vosk")
    checks.append(Check("vosk", vosk, "installed" if vosk else f"cannot be loaded ({why})", needed=False))
    failures = {"pocketsphinx": (sphinx, sphinx_why), "vosk": (vosk, why)}
    model = find_model(config.listen.model_dir or None, paths.models_dir())
    if model is None:
        checks.append(Check("vosk model", False, f"none in {paths.models_dir()} "
                            "(optional: python scripts/download_model.py)", needed=False))
    else:
        checks.append(_vosk_model(model, vosk, needed=config.listen.engine == "vosk"))
    try:
        name, _, reason = choose_engine(config)
        usable, failure = failures.get(name, (True, ""))
        checks.append(Check("recognizer", usable, f"{name}: {reason}" if usable else
                            f"{name} cannot be loaded ({failure}), so voiceguide cannot listen: "
                            "reinstall voiceguide, or add a Vosk model (python scripts/download_model.py)"))
    except VoiceguideError as exc:
        checks.append(Check("recognizer", False, str(exc)))
    return checks


def _vosk_model(model: Path, vosk_loads: bool, needed: bool) -> Check:
    """The model's files, then (when Vosk itself loads) the model loaded once, so a corrupt one shows."""
    from voiceguide.speech.vosk_engine import check_model_dir, load_model

    found = check_model_dir(model)
    if not found.ok:
        return Check("vosk model", False, "; ".join(found.problems), needed=needed)
    if vosk_loads:
        try:
            load_model(model)
        except VoiceguideError as exc:
            return Check("vosk model", False, str(exc), needed=needed)
    return Check("vosk model", True, f"{model}", needed=needed)


def _speech(config: Config, piper_speaks: bool) -> Check:
    """espeak-ng is needed where pyttsx3 speaks: when chosen, or when Piper cannot speak instead."""
    from voiceguide.speech.speaker import ESPEAK_HINT, espeak_available

    ok = espeak_available()
    needed = config.voice.speaker == "pyttsx3" or not piper_speaks
    if ok:
        return Check("espeak-ng", True, "installed", needed=needed)
    detail = f"missing; {ESPEAK_HINT}" if needed else f"missing (Piper speaks instead); {ESPEAK_HINT}"
    return Check("espeak-ng", False, detail, needed=needed)


def _devices(config: Config) -> list[Check]:
    from voiceguide.audio.devices import resolve_device

    checks = []
    for kind, spec in (("input", config.devices.input), ("output", config.devices.output)):
        try:
            index = resolve_device(spec or None, kind)
            checks.append(Check(f"{kind} device", True, "default" if index is None else f"index {index}"))
        except VoiceguideError as exc:
            checks.append(Check(f"{kind} device", False, str(exc)))
    return checks


def _journal() -> Check:
    folder = paths.data_dir()
    if not folder.exists():
        parent = next((p for p in folder.parents if p.exists()), folder.anchor)
        writable = os.access(parent, os.W_OK)
        return Check("journal", writable, f"{folder} (not created yet; "
                     f"{'will be created private' if writable else f'{parent} is not writable'})")
    mode = stat.S_IMODE(folder.stat().st_mode)
    writable = os.access(folder, os.W_OK)
    private = mode & 0o077 == 0
    detail = f"{folder} (mode {mode:o}{'' if private else ', readable by others: chmod 700 it'})"
    return Check("journal", writable and private, detail if writable else f"{folder} is not writable")


def _encryption(args: argparse.Namespace, config: Config) -> Check:
    """Whether the journal is encrypted and can be unlocked now (nobody is asked; nothing is changed)."""
    from voiceguide.commands.options import unlocking_for
    from voiceguide.journal.encryption_status import encryption_status

    try:
        folder = paths.data_dir(getattr(args, "data_dir", None))
        status = encryption_status(folder, unlocking_for(args, config))
    except VoiceguideError as exc:
        return Check("journal encryption", False, str(exc), needed=False)
    return Check("journal encryption", status.encrypted and status.fine, status.detail,
                 needed=status.encrypted)


def _cache() -> Check:
    """The cache folder: optional (everything in it can be made again), private when it exists."""
    from voiceguide.speech.prompt_store import PROMPTS_FOLDER
    from voiceguide.speech.whisper_int8 import DONE_MARKER

    folder = paths.cache_dir()
    if not folder.is_dir():
        made = not folder.exists()
        detail = (f"{folder} (not created yet: made on first use)" if made
                  else f"{folder} is not a folder: Whisper loads slower and prompts are not kept")
        return Check("cache", made, detail, needed=False)
    mode = stat.S_IMODE(folder.stat().st_mode)
    prompts = len(list((folder / PROMPTS_FOLDER).glob("*.wav")))
    copies = [p.name for p in folder.glob("whisper-int8-*") if (p / DONE_MARKER).is_file()]
    whisper = "Whisper's int8 copy ready" if copies else "Whisper's int8 copy made on first use"
    private = mode & 0o077 == 0
    detail = (f"{folder} (mode {mode:o}{'' if private else ', readable by others: chmod 700 it'}; "
              f"{whisper}; {prompts} prompts kept, voiceguide prepare adds the rest)")
    return Check("cache", private, detail, needed=False)


def _neural(config: Config) -> list[Check]:
    """Whisper (commands and accurate dictation), the Piper voice and the semantic safety stage: optional,
    each with why not."""
    from voiceguide.safety import semantic
    from voiceguide.speech.neural import neural_status

    status = neural_status(config)
    whisper, piper = status["whisper"], status["piper"]
    stage_ok, stage = semantic.STAGE.status()
    return [
        Check("whisper", whisper["available"], whisper["model"] or whisper["reason"], needed=False),
        Check("piper voice", piper["available"], piper["voice"] or piper["reason"], needed=False),
        Check("safety semantic stage", stage_ok, stage, needed=False),
    ]


def doctor(args: argparse.Namespace) -> int:
    config = load_settings(args)
    neural = _neural(config)
    piper_speaks = next(c.ok for c in neural if c.name == "piper voice")
    checks = [*_engines(config), *neural, _speech(config, piper_speaks), *_devices(config), _journal(),
              _encryption(args, config), _cache()]
    broken = [c for c in checks if c.needed and not c.ok]
    if args.json:
        print(json.dumps({"ok": not broken, "checks": [asdict(c) for c in checks]}))
    else:
        for c in checks:
            mark = "ok " if c.ok else ("!! " if c.needed else "-- ")
            print(f"{mark}{c.name}: {c.detail}")
        print("everything needed is in place" if not broken else
              f"{len(broken)} problem(s): {', '.join(c.name for c in broken)}")
    return 1 if broken else 0
