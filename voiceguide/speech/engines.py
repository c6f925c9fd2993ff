"""Choosing and opening the recognizer: Vosk when its model is present, else pocketsphinx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voiceguide import paths
from voiceguide.config import Config
from voiceguide.errors import ConfigError
from voiceguide.speech.recognizer import Recognizer

ENGINES = ("auto", "vosk", "pocketsphinx")


@dataclass(frozen=True)
class EngineInfo:
    """Which recognizer runs and why, in words the user can read."""

    name: str
    model: str
    reason: str

    def describe(self) -> str:
        where = f" ({self.model})" if self.model else ""
        return f"listening with {self.name}{where}: {self.reason}"


def choose_engine(config: Config) -> tuple[str, Path | None, str]:
    """The engine to use, its model folder (Vosk only) and the reason, without loading anything."""
    from voiceguide.speech.vosk_engine import check_model_dir, find_model

    wanted = config.listen.engine or "auto"
    if wanted not in ENGINES:
        raise ConfigError(f"listen.engine: unknown engine '{wanted}' (choose {', '.join(ENGINES)})")
    model = find_model(config.listen.model_dir or None, paths.models_dir())
    if wanted == "pocketsphinx":
        return "pocketsphinx", None, "chosen by --engine or the config"
    if wanted == "vosk":
        return "vosk", model or paths.models_dir(), "chosen by --engine or the config"
    if model is not None and check_model_dir(model).ok:
        return "vosk", model, "a Vosk model is present"
    if model is not None:
        return "pocketsphinx", None, f"the Vosk model in {model} is incomplete"
    return "pocketsphinx", None, "no Vosk model in models/ (python scripts/download_model.py adds one)"


def open_recognizer(config: Config) -> tuple[Recognizer, EngineInfo]:
    """Open the chosen recognizer; raises EngineError with one clear line when it cannot start."""
    name, model, reason = choose_engine(config)
    if name == "vosk" and model is not None:
        from voiceguide.speech.vosk_engine import VoskRecognizer

        return VoskRecognizer(model), EngineInfo("vosk", str(model), reason)
    from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer

    return PocketsphinxRecognizer(), EngineInfo("pocketsphinx", "built-in en-us", reason)
