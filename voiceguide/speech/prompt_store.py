"""Synthesized prompts kept on disk between runs, so a voice that is slow to load need not load at all."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
import wave
from pathlib import Path

from voiceguide import paths
from voiceguide.audio.format import Pcm, read_wav, write_wav
from voiceguide.errors import VoiceguideError

PROMPTS_FOLDER = "prompts"
# Part of every key: raise it when what is stored changes (trimming, format), so older files are not used.
STORE_VERSION = 1
# The store's size limit (every built-in practice in one voice takes about 40 MB). Past it,
# the prompts used longest ago go first, down to TRIM_TO of the limit, so a trim is not needed per save.
MAX_BYTES = 256 * 1024 * 1024
TRIM_TO = 0.8
TRIM_EVERY = 64  # saves between two looks at the folder's size
TEMPORARY_PREFIX = ".prompt-"
STALE_TEMPORARY_SECONDS = 3600  # a temporary file this old was left by a run that died mid-write


class PromptStore:
    """One WAV file per (voice identity, text, voice choice), in a folder only the owner can read.

    It is a cache: a file it cannot read is treated as absent (and replaced), and one it cannot write is
    simply not kept; neither ever stops speech. It stays under `max_bytes`, least recently used first out
    (each rate, volume or voice tried adds files).
    """

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._saves_until_trim = 0  # the first save of a run looks at the size

    @classmethod
    def default(cls) -> PromptStore:
        return cls(paths.cache_dir() / PROMPTS_FOLDER)

    def path_for(self, key: tuple[object, ...]) -> Path:
        named = json.dumps([STORE_VERSION, *key], ensure_ascii=False)
        digest = hashlib.sha256(named.encode("utf-8")).hexdigest()
        return self.folder / f"{digest}.wav"

    def load(self, key: tuple[object, ...]) -> Pcm | None:
        path = self.path_for(key)
        if not path.is_file():
            return None
        try:
            pcm = read_wav(path)
        except (OSError, EOFError, ValueError, wave.Error, VoiceguideError):  # truncated or not a WAV
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: a trim keeps it over prompts not heard for longer
        return pcm

    def save(self, key: tuple[object, ...], pcm: Pcm) -> None:
        try:
            paths.ensure_private_dir(self.folder)
            handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=".wav", dir=self.folder)
            os.close(handle)  # mkstemp made it 0600
            try:
                write_wav(temporary, pcm)
                os.replace(temporary, self.path_for(key))
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
        except OSError:
            return
        self._saves_until_trim -= 1
        if self._saves_until_trim <= 0:
            self._saves_until_trim = TRIM_EVERY
            self.trim()

    def trim(self) -> int:
        """Keep the store under `max_bytes`: delete the prompts used longest ago (down to TRIM_TO of it)
        and temporary files left by runs that died mid-write. Returns how many files went."""
        kept: list[tuple[float, int, Path]] = []
        removed = 0
        now = time.time()
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return 0
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(TEMPORARY_PREFIX):  # being written, or left by a run that died
                if now - info.st_mtime > STALE_TEMPORARY_SECONDS:
                    removed += _removed(Path(entry.path))
            elif entry.name.endswith(".wav") and entry.is_file(follow_symlinks=False):
                kept.append((info.st_mtime, info.st_size, Path(entry.path)))
        total = sum(size for _, size, _ in kept)
        if total <= self.max_bytes:
            return removed
        for _, size, path in sorted(kept):
            if total <= self.max_bytes * TRIM_TO:
                break
            if _removed(path):
                removed += 1
                total -= size
        return removed


def _removed(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1
