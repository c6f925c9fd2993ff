"""Speech synthesis: the speaker protocol, the pyttsx3 adapter, and a cache of synthesized prompts."""

from __future__ import annotations

import contextlib
import ctypes.util
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from voiceguide.audio.format import AudioFormat, Pcm, read_wav
from voiceguide.errors import EngineError

if TYPE_CHECKING:
    from voiceguide.speech.prompt_store import PromptStore

ESPEAK_HINT = "install it: sudo apt-get install espeak-ng"


@dataclass(frozen=True)
class VoiceChoice:
    """Which voice speaks, how fast (words per minute) and how loud (0 to 1)."""

    voice: str = ""
    rate: int = 150
    volume: float = 0.9


class Speaker(Protocol):
    """Turns text into audio."""

    name: str

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm: ...

    def close(self) -> None: ...


def cache_identity(speaker: Speaker) -> str:
    """What identifies the speaker's voice across runs (engine, model file and its version), or "" for a
    speaker whose prompts are not worth keeping on disk (espeak-ng speaks in milliseconds)."""
    return str(getattr(speaker, "cache_identity", ""))


def fallback_problem(speaker: Speaker) -> str:
    """Why a DeferredSpeaker's voice could not load (another voice speaks instead), else ""."""
    return str(getattr(speaker, "problem", ""))


class DeferredSpeaker:
    """A speaker that loads on its first synthesis, so a voice whose prompts are all on disk never loads.

    When loading fails, `fallback` (when given) speaks instead and `problem` says why; without one the
    failure reaches the caller as the one-line EngineError it is.
    """

    def __init__(self, name: str, identity: str, load: Callable[[], Speaker],
                 fallback: Callable[[], Speaker] | None = None) -> None:
        self.name = name
        self.cache_identity = identity
        self.problem = ""
        self._load = load
        self._fallback = fallback
        self._speaker: Speaker | None = None
        self._closed = False
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._speaker is not None

    def _loaded(self) -> Speaker:
        with self._lock:
            if self._closed:
                raise EngineError("the speech engine has stopped; restart voiceguide")
            if self._speaker is None:
                try:
                    self._speaker = self._load()
                except EngineError as exc:
                    if self._fallback is None:
                        raise
                    self._speaker = self._fallback()
                    self.problem = exc.message
                    self.name, self.cache_identity = self._speaker.name, cache_identity(self._speaker)
            return self._speaker

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        return self._loaded().synthesize(text, choice)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._speaker is not None:
                self._speaker.close()


def espeak_available() -> bool:
    """True when the espeak-ng library pyttsx3 drives on Linux is installed."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(ctypes.util.find_library("espeak-ng") or shutil.which("espeak-ng"))


def require_espeak() -> None:
    """Raise the one-line EngineError when espeak-ng, which pyttsx3 speaks with, is missing."""
    if not espeak_available():
        raise EngineError(f"espeak-ng is not installed, so voiceguide cannot speak ({ESPEAK_HINT})")


class Pyttsx3Speaker:
    """pyttsx3 in a child process that owns the engine; nothing it prints reaches the terminal."""

    name = "pyttsx3"

    def __init__(self) -> None:
        require_espeak()
        self._lock = threading.Lock()
        self._dir = Path(tempfile.mkdtemp(prefix="voiceguide-tts-"))
        os.chmod(self._dir, 0o700)
        read_fd, write_fd = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "voiceguide.speech.tts_worker", str(write_fd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
            text=True,
        )
        os.close(write_fd)
        self._replies: IO[str] = os.fdopen(read_fd, "r")
        hello = self._reply()
        if not hello.get("ready"):
            self.close()
            raise EngineError(f"the speech engine did not start: {hello.get('error')} ({ESPEAK_HINT})")
        voices = hello.get("voices")
        self.voices: list[str] = [str(v) for v in voices] if isinstance(voices, list) else []
        self._count = 0

    def _reply(self) -> dict[str, object]:
        line = self._replies.readline()
        if not line:
            return {"ok": False, "ready": False, "error": "the speech engine stopped"}
        reply: dict[str, object] = json.loads(line)
        return reply

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        if not any(character.isalnum() for character in text):
            return Pcm(b"", AudioFormat(rate=22050))  # nothing to say (pyttsx3 fails on empty text)
        with self._lock:
            if self._process.poll() is not None or self._process.stdin is None:
                raise EngineError("the speech engine has stopped; restart voiceguide")
            self._count += 1
            path = self._dir / f"{self._count}.wav"
            request = {"text": text, "path": str(path), "voice": choice.voice, "rate": choice.rate,
                       "volume": choice.volume}
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            reply = self._reply()
        if not reply.get("ok"):
            raise EngineError(f"speech synthesis failed: {reply.get('error')}")
        try:
            return read_wav(path)
        finally:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            self._process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._replies.close()
        shutil.rmtree(self._dir, ignore_errors=True)


class SpeechCache:
    """Synthesized prompts keyed by text, voice, rate and volume, so a step's speech starts at once.

    `prepare_in_background` synthesizes a practice's prompts on a helper thread while the first is
    already playing; `get` for a text being synthesized waits for that result instead of starting again.
    With a `store`, a speaker that has a `cache_identity` (Piper) keeps its prompts on disk too: the next
    run finds them there and never loads the voice for them.
    """

    def __init__(self, speaker: Speaker, choice: VoiceChoice, store: PromptStore | None = None) -> None:
        self.speaker = speaker
        self.choice = choice
        self.store = store
        self._cache: dict[tuple[str, str, int, float, str], Pcm] = {}
        self._in_flight: dict[tuple[str, str, int, float, str], threading.Event] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._preparer: threading.Thread | None = None
        self._wanted: queue.Queue[str | None] = queue.Queue()

    def _key(self, text: str, choice: VoiceChoice | None = None) -> tuple[str, str, int, float, str]:
        choice = choice or self.choice
        return (text, choice.voice, choice.rate, choice.volume, self.speaker.name)

    def get(self, text: str) -> Pcm:
        choice = self.choice  # read once: `choice` may be replaced while this text is synthesized
        key = self._key(text, choice)
        while True:
            with self._lock:
                cached = self._cache.get(key)
                if cached is not None:
                    return cached
                running = self._in_flight.get(key)
                if running is None:
                    done = self._in_flight[key] = threading.Event()
                    break
            running.wait()  # another thread is synthesizing it; if that failed, try here
        try:
            pcm = self._from_disk_or_synthesized(text, choice)
            with self._lock:
                self._cache[key] = pcm
            return pcm
        finally:
            with self._lock:
                del self._in_flight[key]
            done.set()

    def _from_disk_or_synthesized(self, text: str, choice: VoiceChoice) -> Pcm:
        identity = cache_identity(self.speaker)
        # a choice naming another voice file than the one the identity describes is not kept on disk
        store = self.store if identity and not choice.voice.endswith(".onnx") else None
        disk_key = (identity, text, choice.voice, choice.rate, choice.volume)
        stored = store.load(disk_key) if store is not None else None
        if stored is not None:
            return stored
        pcm = self.speaker.synthesize(text, choice).without_leading_silence()
        # kept only when the voice that spoke is the one the key names (a deferred one may have fallen back)
        if store is not None and cache_identity(self.speaker) == identity:
            store.save(disk_key, pcm)
        return pcm

    def prepare(self, texts: Sequence[str]) -> None:
        """Synthesize every text not yet cached."""
        for text in texts:
            if self._closing.is_set():
                return
            self.get(text)

    def prepare_in_background(self, texts: Sequence[str]) -> None:
        """Synthesize `texts` in order on the cache's helper thread; never blocks the caller.

        A failure there is left for `get` to meet and report when the text is spoken.
        """
        with self._lock:
            if self._preparer is None:
                self._preparer = threading.Thread(target=self._prepare_forever, name="speech-cache",
                                                  daemon=True)
                self._preparer.start()
        for text in texts:
            self._wanted.put(text)

    def _prepare_forever(self) -> None:
        while (text := self._wanted.get()) is not None and not self._closing.is_set():
            with contextlib.suppress(Exception):
                self.get(text)

    def close(self) -> None:
        """Stop preparing (after the text in hand) and close the speaker."""
        self._closing.set()
        self._wanted.put(None)
        if self._preparer is not None:
            self._preparer.join(timeout=10)
        self.speaker.close()

    def __contains__(self, text: str) -> bool:
        return self._key(text) in self._cache
