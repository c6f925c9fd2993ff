"""Where voiceguide keeps its config, data and models (platformdirs, overridable)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

APP_NAME = "voiceguide"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The journal's folder: --data-dir, then $VOICEGUIDE_DATA_DIR, then the platform's data dir."""
    chosen = override or os.environ.get("VOICEGUIDE_DATA_DIR")
    return Path(chosen).expanduser() if chosen else user_data_path(APP_NAME)


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The config folder: $VOICEGUIDE_CONFIG_DIR, else the platform's config dir."""
    chosen = override or os.environ.get("VOICEGUIDE_CONFIG_DIR")
    return Path(chosen).expanduser() if chosen else user_config_path(APP_NAME)


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    """The config file: --config, else config.toml in the config folder."""
    return Path(override).expanduser() if override else config_dir() / "config.toml"


def user_practices_dir() -> Path:
    """Folder whose *.toml practices add to or override the built-in ones."""
    return config_dir() / "practices"


def cache_dir() -> Path:
    """What voiceguide can remake at any time (converted models, synthesized prompts):
    $VOICEGUIDE_CACHE_DIR, else the platform's cache dir."""
    chosen = os.environ.get("VOICEGUIDE_CACHE_DIR")
    return Path(chosen).expanduser() if chosen else user_cache_path(APP_NAME)


def models_dir() -> Path:
    """Where downloaded models live: $VOICEGUIDE_MODELS_DIR, else the project's models/ folder."""
    chosen = os.environ.get("VOICEGUIDE_MODELS_DIR")
    return Path(chosen).expanduser() if chosen else PROJECT_ROOT / "models"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and make it readable by the owner only, whatever the umask. Missing parents are
    made 0700 too (as the XDG spec asks): under umask 000, `mkdir -p` would leave them world-writable,
    so anyone could swap the journal's folder for their own."""
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by someone else meanwhile
            folder.mkdir(mode=0o700)  # the umask can only take bits away from 0700
    os.chmod(path, 0o700)
    return path


def fsync_path(path: Path) -> None:
    """fsync a file or a folder by name (a folder: so a file just renamed into it survives a power cut)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
