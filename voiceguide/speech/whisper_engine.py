"""The Whisper transcriber: faster-whisper (CTranslate2, int8, CPU) loaded from a local folder only."""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from voiceguide.errors import EngineError
from voiceguide.quiet import native_output_silenced
from voiceguide.speech.model_files import INSTALL_HINT
from voiceguide.speech.recognizer import ListenMode, Transcript

BYTES_PER_SECOND = 32000
# A command is at most a few words: a longer reading is Whisper running on (it can repeat a prompt's
# list for hundreds of tokens, seconds of work), and cutting it short still leaves no command.
COMMAND_MAX_TOKENS = 10
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
}


def forbid_hub_access() -> None:
    """Tell Hugging Face libraries never to reach the network; must run before they are imported."""
    os.environ.update(OFFLINE_ENVIRONMENT)


def _faster_whisper() -> Any:
    forbid_hub_access()
    try:
        with native_output_silenced():
            import faster_whisper
    except ImportError as exc:
        raise EngineError(f"faster-whisper cannot be loaded ({exc}); {INSTALL_HINT}") from None
    return faster_whisper


def pcm_to_float(pcm16k: bytes) -> np.ndarray:
    """16-bit PCM as the float32 samples in [-1, 1] Whisper takes."""
    usable = len(pcm16k) - len(pcm16k) % 2
    return np.frombuffer(pcm16k[:usable], dtype="<i2").astype(np.float32) / 32768.0


class WhisperTranscriber:
    """Whisper on 16 kHz mono 16-bit PCM.

    `transcribe` turns a settled stretch of speech into text (the accurate second pass). The class is
    also a batch Recognizer: `accept` collects audio and `flush` transcribes all of it, which is what
    `voiceguide transcribe --engine whisper` needs. It has no partial results.
    """

    name = "whisper"

    def __init__(self, model_folder: Path, cpu_threads: int | None = None, beam_size: int = 5) -> None:
        fw = _faster_whisper()
        self.model_folder = model_folder
        self.beam_size = beam_size
        threads = cpu_threads if cpu_threads is not None else min(4, os.cpu_count() or 1)
        try:
            with native_output_silenced():
                self._model = fw.WhisperModel(
                    str(model_folder), device="cpu", compute_type="int8", cpu_threads=threads,
                    local_files_only=True,
                )
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"the Whisper model in {model_folder} cannot be loaded: {exc}") from None
        self._lock = threading.Lock()
        self._buffer = bytearray()
        self._mode = ListenMode.DICTATION

    def transcribe_detailed(self, pcm16k: bytes, prompt: str | None = None, *, command: bool = False
                            ) -> Transcript:
        """Whisper's text for this audio, with a confidence from its mean token log-probability.

        `prompt` biases Whisper toward the words it lists (used for commands). A `command` reading is
        short and made once: at most COMMAND_MAX_TOKENS tokens, and no retries at higher temperatures
        (each retry is another decoding, and a sampled reading would make the same words act differently
        from one time to the next).
        """
        audio = pcm_to_float(pcm16k)
        seconds = audio.size / 16000
        if audio.size < 1600:  # under 0.1 s: nothing Whisper could read, and it may invent words
            return Transcript("", True, 0.0, seconds)
        with self._lock:
            try:
                with native_output_silenced():
                    options: dict[str, Any] = {"max_new_tokens": COMMAND_MAX_TOKENS, "temperature": 0.0}
                    segments, _info = self._model.transcribe(
                        audio, language="en", beam_size=self.beam_size, without_timestamps=True,
                        condition_on_previous_text=False, initial_prompt=prompt,
                        **(options if command else {}),
                    )
                    pieces = list(segments)  # faster-whisper already drops stretches it judges silent
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"Whisper failed on this audio: {exc}") from None
        text = " ".join(s.text.strip() for s in pieces if s.text.strip())
        if not pieces:
            return Transcript("", True, 0.0, seconds)
        confidence = math.exp(sum(s.avg_logprob for s in pieces) / len(pieces))
        return Transcript(text, True, min(1.0, confidence), seconds)

    def transcribe_prompted(self, pcm16k: bytes, prompt: str | None) -> Transcript:
        """Whisper's reading of this audio, biased toward the words in `prompt` (None: no bias)."""
        return self.transcribe_detailed(pcm16k, prompt)

    def transcribe_command(self, pcm16k: bytes, prompt: str) -> Transcript:
        """Whisper's short reading of a spoken command, biased toward the words in `prompt`."""
        return self.transcribe_detailed(pcm16k, prompt, command=True)

    def transcribe(self, pcm16k: bytes) -> str:
        """Whisper's text for a settled stretch of speech ("" when it heard no words)."""
        return self.transcribe_detailed(pcm16k).text

    # The Recognizer protocol, for batch use.

    def set_mode(self, mode: ListenMode) -> None:
        self._mode = mode
        self._buffer.clear()

    def accept(self, pcm: bytes) -> list[Transcript]:
        self._buffer += pcm
        return []

    def flush(self) -> list[Transcript]:
        audio, self._buffer = bytes(self._buffer), bytearray()
        transcript = self.transcribe_detailed(audio)
        return [transcript] if transcript.text else []

    def close(self) -> None:
        self._buffer.clear()
