"""Choosing and opening the optional neural engines (Whisper second pass, Piper voice), and their status."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from voiceguide.config import Config
from voiceguide.errors import ConfigError, EngineError
from voiceguide.speech import model_files
from voiceguide.speech.piper_speaker import PiperSpeaker
from voiceguide.speech.whisper_engine import WhisperTranscriber

SECOND_PASS_CHOICES = ("auto", "whisper", "off")
SPEAKER_CHOICES = ("auto", "pyttsx3", "piper")


# The Python packages each engine runs on: import name, then the name pip knows.
WHISPER_MODULES = (("ctranslate2", "ctranslate2"), ("tokenizers", "tokenizers"))
PIPER_MODULES = (("piper", "piper-tts"),)


def missing_module(modules: tuple[tuple[str, str], ...]) -> str:
    for module, package in modules:
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install 'voiceguide[neural]')"
    return ""


def _problem(modules: tuple[tuple[str, str], ...], find_files: Callable[[], object]) -> str:
    """Why an engine cannot be used: its package missing, or its model files not found or not matching."""
    missing = missing_module(modules)
    if missing:
        return missing
    try:
        find_files()
    except EngineError as exc:
        return exc.message
    return ""


def whisper_problem(config: Config | None = None, verify: bool = True) -> str:
    """Why the Whisper engine cannot be used ("" when it can), without loading the model."""
    return _problem(WHISPER_MODULES, lambda: whisper_folder(config, verify=verify))


def piper_problem(config: Config | None = None, verify: bool = True) -> str:
    """Why the Piper voice cannot be used ("" when it can), without loading the voice."""
    return _problem(PIPER_MODULES, lambda: piper_voice_files(config, verify=verify))


def whisper_available(config: Config | None = None) -> bool:
    return not whisper_problem(config)


def piper_available(config: Config | None = None) -> bool:
    return not piper_problem(config)


def whisper_folder(config: Config | None = None, verify: bool = True) -> Path:
    """The model folder to load: the config's own folder, or the bundled one checked against its hashes."""
    own = config.listen.whisper_model if config is not None else ""
    if own:
        return model_files.check_whisper_folder(Path(own).expanduser())
    return model_files.bundled_whisper_folder(verify=verify)


def piper_voice_files(config: Config | None = None, verify: bool = True) -> tuple[Path, Path]:
    """The voice to load: the config's own .onnx file, or the bundled voice checked against its hashes."""
    own = config.voice.piper_voice if config is not None else ""
    if own:
        return model_files.check_piper_voice(Path(own).expanduser())
    return model_files.bundled_piper_voice(verify=verify)


def open_whisper(config: Config | None = None) -> WhisperTranscriber:
    """Load Whisper from a local folder (never the network); a one-line EngineError says why it cannot."""
    missing = missing_module(WHISPER_MODULES)
    if missing:
        raise EngineError(f"Whisper is not available: {missing}")
    return WhisperTranscriber(whisper_folder(config))


def open_piper(config: Config | None = None) -> PiperSpeaker:
    """Load the Piper voice; a one-line EngineError says why it cannot."""
    missing = missing_module(PIPER_MODULES)
    if missing:
        raise EngineError(f"the Piper voice is not available: {missing}")
    model, voice_config = piper_voice_files(config)
    return PiperSpeaker(model, voice_config)


def second_pass_choice(config: Config) -> str:
    """`listen.second_pass` checked: auto, whisper or off (a ConfigError names the allowed values)."""
    choice = config.listen.second_pass
    if choice not in SECOND_PASS_CHOICES:
        known = ", ".join(SECOND_PASS_CHOICES)
        raise ConfigError(f"listen.second_pass must be one of {known}, not '{choice}'")
    return choice


def open_second_pass(config: Config) -> WhisperTranscriber | None:
    """Whisper for the dictation second pass as `listen.second_pass` asks: None when off or (auto) absent."""
    choice = second_pass_choice(config)
    if choice == "off" or (choice == "auto" and whisper_problem(config)):
        return None
    return open_whisper(config)


def chosen_speaker(config: Config) -> str:
    """'piper' or 'pyttsx3' as `voice.speaker` asks; auto prefers Piper where it is installed."""
    choice = config.voice.speaker
    if choice not in SPEAKER_CHOICES:
        raise ConfigError(f"voice.speaker must be one of {', '.join(SPEAKER_CHOICES)}, not '{choice}'")
    if choice == "auto":
        return "piper" if not piper_problem(config) else "pyttsx3"
    return choice


def neural_status(config: Config | None = None, verify: bool = True) -> dict[str, Any]:
    """For `doctor` and the settings screen: each neural engine, whether it can be used, and why not."""
    whisper_why = whisper_problem(config, verify=verify)
    piper_why = piper_problem(config, verify=verify)
    status: dict[str, Any] = {
        "whisper": {
            "available": not whisper_why,
            "reason": whisper_why,
            "model": "" if whisper_why else str(whisper_folder(config, verify=False)),
        },
        "piper": {
            "available": not piper_why,
            "reason": piper_why,
            "voice": "" if piper_why else str(piper_voice_files(config, verify=False)[0]),
        },
    }
    if config is not None:
        second = config.listen.second_pass
        status["second_pass"] = "whisper" if second != "off" and not whisper_why else "off"
        status["speaker"] = "piper" if config.voice.speaker != "pyttsx3" and not piper_why else "pyttsx3"
    return status
