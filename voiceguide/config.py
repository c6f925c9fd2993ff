"""Settings dataclasses, read from and written to the TOML config file."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from voiceguide import paths
from voiceguide.errors import ConfigError
from voiceguide.practices.model import DEFAULT_SILENCE
from voiceguide.practices.runner_lines import DEFAULT_END_PHRASE

SILENCE_TIMEOUT_RANGE = (1.0, 30.0)  # seconds; the Settings screen offers the same


@dataclass
class VoiceSettings:
    """How voiceguide speaks."""

    speaker: str = "auto"  # auto, pyttsx3, piper
    voice: str = ""  # engine voice id; empty = engine default
    rate: int = 150  # words per minute; calm is slower than espeak's 175
    volume: float = 0.9  # 0.0 to 1.0
    cue_style: str = "tones"  # tones, words, silent
    piper_voice: str = ""  # a Piper .onnx voice file; empty = the bundled en_US joe voice


@dataclass
class ListenSettings:
    """How voiceguide listens."""

    engine: str = "auto"  # auto, vosk, pocketsphinx
    model_dir: str = ""  # a Vosk model folder; empty = look in models/
    silence_timeout: float = DEFAULT_SILENCE  # seconds of quiet that end an answer (a practice's own wins)
    max_dictation_seconds: float = 600.0
    end_phrase: str = DEFAULT_END_PHRASE  # saying it ends an answer (a practice's own wins)
    hold_off: float = 0.7  # seconds after speaking during which the microphone is ignored (covers the
    # audio server's own buffering, which grows on a busy machine)
    second_pass: str = "auto"  # auto, whisper, off: re-transcribe settled dictation with Whisper
    whisper_commands: str = "auto"  # auto, off: read commands with Whisper when it is installed
    whisper_model: str = ""  # a CTranslate2 Whisper model folder; empty = the bundled tiny.en model


@dataclass
class DeviceSettings:
    """Which audio devices to use (names or indexes as sounddevice lists them; empty = default)."""

    input: str = ""
    output: str = ""


@dataclass
class UiSettings:
    """How the terminal app looks."""

    theme: str = "voiceguide-calm"
    reduced_motion: bool = False
    first_run_done: bool = False


@dataclass
class Resource:
    """One crisis resource shown on the support card."""

    name: str
    contact: str
    note: str = ""


@dataclass
class SafetySettings:
    """The user's country and crisis resources for the support card (empty = built-in defaults)."""

    country: str = "US"
    resources: list[Resource] = field(default_factory=list)
    semantic_stage: bool = True  # false: crisis detection uses the rules alone


ENCRYPT_CHOICES = ("auto", "keyring", "off")


@dataclass
class JournalSettings:
    """Journal options."""

    record_audio: bool = False
    # what a new journal gets: "auto" (encrypted with a key in the desktop keyring when there is one),
    # "keyring" (the same, and an error where there is none), "off" (plain); a given passphrase encrypts
    encrypt: str = "auto"


@dataclass
class Config:
    """Everything in config.toml."""

    voice: VoiceSettings = field(default_factory=VoiceSettings)
    listen: ListenSettings = field(default_factory=ListenSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    safety: SafetySettings = field(default_factory=SafetySettings)
    journal: JournalSettings = field(default_factory=JournalSettings)


def _build(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table, got {type(data).__name__}")
    known = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(known))})")
        default = _default_of(known[key]) if key != "resources" else []
        if dataclasses.is_dataclass(default):
            values[key] = _build(type(default), value, f"{where}.{key}")
        elif key == "resources":
            if not isinstance(value, list):
                raise ConfigError(f"{where}.resources: expected a list of tables")
            values[key] = [_build(Resource, item, f"{where}.resources[{i}]") for i, item in enumerate(value)]
        else:
            values[key] = _coerce(value, default, f"{where}.{key}")
    missing = [name for name, f in known.items() if name not in values and _is_required(f)]
    if missing:
        raise ConfigError(f"{where}: missing key '{missing[0]}'")
    return cls(**values)


def _is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _default_of(f: dataclasses.Field[Any]) -> Any:
    """A field's default without building its class (Resource has required fields: they are strings)."""
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return ""


def _coerce(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false")
        return value
    if isinstance(default, float) and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(default, int) and isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(default, str) and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: expected {type(default).__name__}, got {type(value).__name__}")


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives the defaults, a broken one a ConfigError naming it."""
    path = path or paths.config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: nested too deeply") from None
    config: Config = _build(Config, data, str(path))
    _check_listen(config.listen, f"{path}.listen")
    if config.journal.encrypt not in ENCRYPT_CHOICES:
        raise ConfigError(f"{path}.journal.encrypt: {config.journal.encrypt!r} is not one of "
                          f"{', '.join(ENCRYPT_CHOICES)}")
    return config


def _check_listen(listen: ListenSettings, where: str) -> None:
    low, high = SILENCE_TIMEOUT_RANGE
    if not low <= listen.silence_timeout <= high:
        raise ConfigError(f"{where}.silence_timeout: {listen.silence_timeout:g} is out of range "
                          f"({low:g} to {high:g} seconds)")
    if not listen.end_phrase.strip():
        raise ConfigError(f"{where}.end_phrase: must not be empty")


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write the config atomically, readable by the owner only."""
    path = path or paths.config_file()
    paths.ensure_private_dir(path.parent)
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        tomli_w.dump(dataclasses.asdict(config), handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path
