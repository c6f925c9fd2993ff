"""The Whisper transcriber: CTranslate2 (int8 weights, CPU) on a model loaded from a local folder only."""

from __future__ import annotations

import json
import math
import os
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from voiceguide import paths
from voiceguide.errors import EngineError
from voiceguide.quiet import native_output_silenced
from voiceguide.speech.model_files import INSTALL_HINT
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.whisper_features import log_mel_columns, window_of
from voiceguide.speech.whisper_int8 import forget_copy, int8_folder

BYTES_PER_SECOND = 32000
# A command is at most a few words: a longer reading is Whisper running on (it can repeat a prompt's
# list for hundreds of tokens, seconds of work), and cutting it short still leaves no command.
COMMAND_MAX_TOKENS = 10
MAX_LENGTH = 448  # tokens Whisper's decoder can hold, prompt included
# Whisper reads 30 s windows, as it was trained. Windows fitted to the audio would need far less memory
# (the encoder's attention grows with the square of the window; tiny.en peaks about 100 MB higher for 30 s
# than for 5 s), but measured on the shared sentences they raised the WER from 7 % to 17-31 % and on
# the command clips they made readings repeat themselves ("five, five, five").
WINDOW_FRAMES = 3000
BEST_OF = 5
# Whisper's own rules for a reading to retry or to drop (from its reference decoder).
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
COMPRESSION_THRESHOLD = 2.4
LOGPROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6
SPECIAL_TOKENS = ("endoftext", "startoftranscript", "startofprev", "startoflm", "transcribe", "translate",
                  "notimestamps", "nospeech")
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


def _ctranslate2() -> Any:
    forbid_hub_access()
    try:
        with native_output_silenced():
            import ctranslate2
    except ImportError as exc:
        raise EngineError(f"ctranslate2 cannot be loaded ({exc}); {INSTALL_HINT}") from None
    return ctranslate2


def _tokenizer(path: Path) -> Any:
    try:
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise EngineError(f"tokenizers cannot be loaded ({exc}); {INSTALL_HINT}") from None
    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # noqa: BLE001 - the Rust library raises its own exception type
        raise EngineError(f"the Whisper tokenizer {path} cannot be read: {exc}") from None


def pcm_to_float(pcm16k: bytes) -> np.ndarray:
    """16-bit PCM as the float32 samples in [-1, 1] Whisper takes."""
    usable = len(pcm16k) - len(pcm16k) % 2
    return np.frombuffer(pcm16k[:usable], dtype="<i2").astype(np.float32) / 32768.0


def compression_ratio(text: str) -> float:
    raw = text.encode("utf-8")
    return len(raw) / len(zlib.compress(raw)) if raw else 0.0


@dataclass(frozen=True)
class Reading:
    """One decoding of one window: the text, its mean token log-probability and how likely it is silence."""

    text: str
    avg_logprob: float
    no_speech_prob: float

    @property
    def silent(self) -> bool:
        return self.no_speech_prob > NO_SPEECH_THRESHOLD and self.avg_logprob <= LOGPROB_THRESHOLD

    @property
    def doubtful(self) -> bool:
        """Repeating itself or unsure: worth reading again at a higher temperature."""
        return compression_ratio(self.text) > COMPRESSION_THRESHOLD or self.avg_logprob < LOGPROB_THRESHOLD


class WhisperTranscriber:
    """Whisper on 16 kHz mono 16-bit PCM, run with CTranslate2 (int8 weights, CPU).

    `transcribe` turns a settled stretch of speech into text (the accurate second pass). The class is
    also a batch Recognizer: `accept` collects audio and `flush` transcribes all of it, which is what
    `voiceguide transcribe --engine whisper` needs. It has no partial results.
    """

    name = "whisper"

    def __init__(self, model_folder: Path, cpu_threads: int | None = None, beam_size: int = 5,
                 cache_folder: Path | None = None) -> None:
        self._ct2 = _ctranslate2()
        self.model_folder = model_folder
        self.beam_size = beam_size
        threads = cpu_threads if cpu_threads is not None else min(4, os.cpu_count() or 1)
        cache = cache_folder or paths.cache_dir()
        try:
            loaded_from = int8_folder(model_folder, cache)
        except EngineError:  # no int8 copy (a cache folder it cannot write): CTranslate2 converts instead
            loaded_from = model_folder
        try:
            self._model = self._load(loaded_from, threads)
        except EngineError:
            if loaded_from == model_folder:
                raise
            forget_copy(loaded_from, cache)  # a damaged copy: made again next time, the original now
            loaded_from = model_folder
            self._model = self._load(loaded_from, threads)
        self._tokenizer = _tokenizer(loaded_from / "tokenizer.json")
        self._n_mels = int(self._model.n_mels)
        self._special = {name: self._token_id(f"<|{name}|>") for name in SPECIAL_TOKENS}
        self._start = [self._special["startoftranscript"]]
        if self._model.is_multilingual:
            self._start += [self._token_id("<|en|>"), self._special["transcribe"]]
        self._suppress = sorted(set(self._config_suppress_ids(loaded_from)) | {
            self._special[name] for name in ("transcribe", "translate", "startoftranscript", "startofprev",
                                             "startoflm", "nospeech")})
        self._lock = threading.Lock()
        self._buffer = bytearray()
        self._mode = ListenMode.DICTATION

    def _load(self, folder: Path, threads: int) -> Any:
        try:
            with native_output_silenced():
                return self._ct2.models.Whisper(str(folder), device="cpu", compute_type="int8",
                                          intra_threads=threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineError(f"the Whisper model in {folder} cannot be loaded: {exc}") from None

    def _token_id(self, token: str) -> int:
        found = self._tokenizer.token_to_id(token)
        if found is None and token == "<|nospeech|>":
            found = self._tokenizer.token_to_id("<|nocaptions|>")  # its name in older vocabularies
        if found is None:
            raise EngineError(f"the Whisper tokenizer in {self.model_folder} has no {token} token")
        return int(found)

    @staticmethod
    def _config_suppress_ids(folder: Path) -> list[int]:
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [int(i) for i in config.get("suppress_ids", [])]

    def _prompt(self, bias: str | None) -> list[int]:
        tokens: list[int] = []
        if bias and bias.strip():
            words = self._tokenizer.encode(" " + bias.strip(), add_special_tokens=False).ids
            tokens = [self._special["startofprev"], *words[-(MAX_LENGTH // 2 - 1):]]
        return [*tokens, *self._start, self._special["notimestamps"]]

    def _read(self, features: Any, prompt: list[int], temperature: float, max_new_tokens: int | None
              ) -> Reading:
        options: dict[str, Any] = {"beam_size": self.beam_size}
        if temperature > 0:  # sampling: several samples, the likeliest kept
            options = {"beam_size": 1, "num_hypotheses": BEST_OF, "sampling_topk": 0,
                       "sampling_temperature": temperature}
        limit = MAX_LENGTH if max_new_tokens is None else min(MAX_LENGTH, len(prompt) + max_new_tokens)
        result = self._model.generate(
            features, [prompt], max_length=limit, return_scores=True, return_no_speech_prob=True,
            suppress_blank=True, suppress_tokens=self._suppress, **options,
        )[0]
        tokens = [t for t in result.sequences_ids[0] if t < self._special["endoftext"]]
        avg_logprob = result.scores[0] * len(result.sequences_ids[0]) / (len(result.sequences_ids[0]) + 1)
        return Reading(self._tokenizer.decode(tokens).strip(), avg_logprob, result.no_speech_prob)

    def _read_window(self, window: np.ndarray, prompt: list[int], command: bool) -> Reading | None:
        """One 30 s window's reading, or None when Whisper judges it silent. The encoder runs once;
        retries at higher temperatures only decode again."""
        encoded = self._model.encode(self._ct2.StorageView.from_array(np.ascontiguousarray(window[None])))
        if command:
            reading = self._read(encoded, prompt, 0.0, COMMAND_MAX_TOKENS)
            return None if reading.silent else reading
        tried: list[Reading] = []
        for temperature in TEMPERATURES:
            reading = self._read(encoded, prompt, temperature, None)
            if reading.silent:
                return None
            if not reading.doubtful:
                return reading
            tried.append(reading)
        fluent = [r for r in tried if compression_ratio(r.text) <= COMPRESSION_THRESHOLD]
        return max(fluent or tried, key=lambda r: r.avg_logprob)

    def transcribe_detailed(self, pcm16k: bytes, prompt: str | None = None, *, command: bool = False
                            ) -> Transcript:
        """Whisper's text for this audio, with a confidence from its mean token log-probability.

        `prompt` biases Whisper toward the words it lists (used for commands); it conditions the windows
        up to the first one Whisper does not judge silent. A `command` reading is short and made once: at
        most COMMAND_MAX_TOKENS tokens, and no retries at higher temperatures (each retry is another
        decoding, and a sampled reading would make the same words act differently from one time to the
        next). A window Whisper judges silent gives no words.
        """
        audio = pcm_to_float(pcm16k)
        seconds = audio.size / 16000
        if audio.size < 1600:  # under 0.1 s: nothing Whisper could read, and it may invent words
            return Transcript("", True, 0.0, seconds)
        readings: list[Reading] = []
        bias = prompt
        with self._lock:
            try:
                with native_output_silenced():
                    columns = log_mel_columns(audio, self._n_mels)
                    for start in range(0, columns.shape[1], WINDOW_FRAMES):
                        window = window_of(columns, start, WINDOW_FRAMES)
                        reading = self._read_window(window, self._prompt(bias), command)
                        if reading is None:
                            continue
                        bias = None  # as faster-whisper: the prompt conditions the first window heard
                        if reading.text:
                            readings.append(reading)
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"Whisper failed on this audio: {exc}") from None
        if not readings:
            return Transcript("", True, 0.0, seconds)
        text = " ".join(r.text for r in readings)
        confidence = math.exp(sum(r.avg_logprob for r in readings) / len(readings))
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
