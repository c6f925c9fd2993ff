"""Choosing and opening the recognizer: Vosk when its model is present, else pocketsphinx."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide import paths
from voiceguide.config import Config
from voiceguide.errors import ConfigError, EngineError
from voiceguide.speech.recognizer import Recognizer

if TYPE_CHECKING:
    from voiceguide.speech.isolated import IsolatedPocketsphinx
    from voiceguide.speech.speaker import Speaker
    from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer
    from voiceguide.speech.whisper_assist import WhisperAssistedRecognizer
    from voiceguide.speech.whisper_engine import WhisperTranscriber

ENGINES = ("auto", "vosk", "pocketsphinx", "whisper")


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
    if wanted in ("pocketsphinx", "whisper"):
        return wanted, None, "chosen by --engine or the config"
    if wanted == "vosk":
        return "vosk", model or paths.models_dir(), "chosen by --engine or the config"
    if model is not None and check_model_dir(model).ok:
        return "vosk", model, "a Vosk model is present"
    if model is not None:
        return "pocketsphinx", None, f"the Vosk model in {model} is incomplete"
    return "pocketsphinx", None, "no Vosk model in models/ (python scripts/download_model.py adds one)"


def open_recognizer(config: Config) -> tuple[Recognizer, EngineInfo]:
    """Open the chosen recognizer; raises EngineError with one clear line when it cannot start.

    With `auto` and no Vosk model, pocketsphinx finds utterances and, where Whisper is installed, Whisper
    reads commands and numbers (dictation stays streaming). `whisper` is Whisper alone, for batch use
    such as `voiceguide transcribe`: it has no partial results.
    """
    name, model, reason = choose_engine(config)
    if name == "vosk" and model is not None:
        from voiceguide.speech.vosk_engine import VoskRecognizer

        try:
            return VoskRecognizer(model), EngineInfo("vosk", str(model), reason)
        except EngineError as exc:
            if config.listen.engine == "vosk":  # asked for by name: say so rather than quietly switch
                raise
            reason = f"{exc}; listening with pocketsphinx instead"
    if name == "whisper":
        from voiceguide.speech.neural import open_whisper, whisper_folder

        return open_whisper(config), EngineInfo("whisper", str(whisper_folder(config, verify=False)), reason)
    from voiceguide.speech.isolated import IsolatedPocketsphinx
    from voiceguide.speech.neural import second_pass_choice

    chosen_by_user = config.listen.engine not in ("", "auto")  # --engine pocketsphinx: pocketsphinx alone
    second_pass = second_pass_choice(config)  # a mistyped setting stops here, before any process starts
    commands = not chosen_by_user and _wants_whisper_commands(config)
    dictation = not chosen_by_user and second_pass != "off"
    streaming = IsolatedPocketsphinx()  # decoding holds the interpreter lock: keep it out of this process
    try:
        whisper = _whisper(config, required=second_pass == "whisper") if commands or dictation else None
    except BaseException:
        streaming.close()  # Whisper asked for by name and missing: no pocketsphinx process left behind
        raise
    if whisper is None:
        return streaming, EngineInfo("pocketsphinx", "built-in en-us", reason)
    recognizer = assisted_by_whisper(streaming, whisper, commands=commands, dictation=dictation)
    roles = " and ".join(r for r, on in (("commands", commands), ("dictation", dictation)) if on)
    return recognizer, EngineInfo("pocketsphinx+whisper", "en-us, tiny.en",
                                  f"{reason}; Whisper reads {roles}")


def assisted_by_whisper(streaming: IsolatedPocketsphinx | PocketsphinxRecognizer, whisper: WhisperTranscriber,
                        *, commands: bool = True, dictation: bool = True) -> WhisperAssistedRecognizer:
    """pocketsphinx finding utterances (and streaming dictation) with Whisper reading them: what `auto`
    opens where Whisper is installed (tests and benchmarks build the same through here)."""
    from voiceguide.speech.whisper_assist import WhisperAssistedRecognizer

    return WhisperAssistedRecognizer(streaming, whisper, streaming.new_endpointer, commands=commands,
                                     dictation=dictation,
                                     make_command_endpointer=streaming.new_command_endpointer)


def _wants_whisper_commands(config: Config) -> bool:
    choice = config.listen.whisper_commands
    if choice not in ("auto", "off"):
        raise ConfigError(f"listen.whisper_commands must be auto or off, not '{choice}'")
    return choice == "auto"


def _whisper(config: Config, required: bool) -> WhisperTranscriber | None:
    """Whisper where it is installed; None otherwise, and pocketsphinx works alone (unless `required`:
    asked for by name in listen.second_pass, its absence is an EngineError)."""
    from voiceguide.speech.neural import open_whisper, whisper_problem

    problem = whisper_problem(config)
    if problem:
        if required:
            raise EngineError(f"Whisper was asked for (listen.second_pass) but {problem}")
        return None
    try:
        return open_whisper(config)
    except EngineError:
        if required:
            raise
        return None


def open_speaker(config: Config) -> Speaker:
    """The voice `voice.speaker` asks for; auto prefers Piper where installed and falls back to pyttsx3.

    Piper loads on its first synthesis (DeferredSpeaker): with every prompt already on disk it never
    loads at all (about 115 MB less). Its files are checked here; a voice that still fails to load falls
    back to pyttsx3 then, unless Piper was asked for by name.
    """
    from voiceguide.speech.neural import PIPER_MODULES, chosen_speaker, missing_module, piper_voice_files
    from voiceguide.speech.piper_speaker import PiperSpeaker, piper_identity
    from voiceguide.speech.speaker import DeferredSpeaker, Pyttsx3Speaker

    if chosen_speaker(config) != "piper":
        return Pyttsx3Speaker()
    asked_by_name = config.voice.speaker == "piper"
    try:
        missing = missing_module(PIPER_MODULES)
        if missing:
            raise EngineError(f"the Piper voice is not available: {missing}")
        model, voice_config = piper_voice_files(config)
        identity = piper_identity(model, voice_config)
    except (EngineError, OSError) as exc:
        if asked_by_name:
            raise EngineError(str(exc)) from None
        return Pyttsx3Speaker()
    return DeferredSpeaker("piper", identity, lambda: PiperSpeaker(model, voice_config),
                           None if asked_by_name else Pyttsx3Speaker)
