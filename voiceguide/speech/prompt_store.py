"""Synthesized prompts kept on disk between runs, so a voice that is slow to load need not load at all."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import wave
from pathlib import Path

from voiceguide import paths
from voiceguide.audio.format import Pcm, read_wav, write_wav
from voiceguide.errors import VoiceguideError

PROMPTS_FOLDER = "prompts"
# Part of every key: raise it when what is stored changes (trimming, format), so older files are not used.
STORE_VERSION = 1


class PromptStore:
    """One WAV file per (voice identity, text, voice choice), in a folder only the owner can read.

    It is a cache: a file it cannot read is treated as absent (and replaced), and one it cannot write is
    simply not kept; neither ever stops speech.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

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
            return read_wav(path)
        except (OSError, EOFError, ValueError, wave.Error, VoiceguideError):  # truncated or not a WAV
            with contextlib.suppress(OSError):
                path.unlink()
            return None

    def save(self, key: tuple[object, ...], pcm: Pcm) -> None:
        try:
            paths.ensure_private_dir(self.folder)
            handle, temporary = tempfile.mkstemp(prefix=".prompt-", suffix=".wav", dir=self.folder)
            os.close(handle)  # mkstemp made it 0600
            try:
                write_wav(temporary, pcm)
                os.replace(temporary, self.path_for(key))
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
        except OSError:
            return
