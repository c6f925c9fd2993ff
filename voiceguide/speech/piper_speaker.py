"""The Piper speaker: a neural voice (piper-tts, ONNX on the CPU) behind the Speaker protocol."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.errors import EngineError
from voiceguide.quiet import native_output_silenced
from voiceguide.speech.model_files import INSTALL_HINT, check_piper_voice
from voiceguide.speech.speaker import VoiceChoice

# Words per minute the bundled voice speaks at length_scale 1.0, sentence pauses included
# (measured on the STOP prompts), so rate 150 sounds like 150 words a minute.
NATURAL_WPM = 225.0
SENTENCE_PAUSE_SECONDS = 0.25


def length_scale_for(rate_wpm: int, natural_wpm: float = NATURAL_WPM) -> float:
    """Piper's phoneme length scale for a speaking rate in words per minute (> 1 is slower)."""
    if rate_wpm <= 0:
        raise EngineError(f"speaking rate must be positive, got {rate_wpm}")
    return min(3.0, max(0.4, natural_wpm / rate_wpm))


def piper_identity(model: Path, config: Path) -> str:
    """Names a Piper voice as it is now (the .onnx and .onnx.json files: path, size, modification time),
    the piper-tts version speaking it and how voiceguide shapes its output (rate mapping, pauses):
    prompts synthesized under another identity are not reused."""
    from voiceguide.speech.model_files import installed_version

    files = "|".join(f"{p.resolve()}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in (model, config))
    return f"piper-tts {installed_version('piper-tts')}|{NATURAL_WPM}|{SENTENCE_PAUSE_SECONDS}|{files}"


def _piper() -> Any:
    try:
        with native_output_silenced():
            import piper
    except ImportError as exc:
        raise EngineError(f"piper-tts cannot be loaded ({exc}); {INSTALL_HINT}") from None
    return piper


class PiperSpeaker:
    """Speaks with one Piper voice (.onnx plus its .onnx.json); the default is the bundled en_US joe voice.

    `VoiceChoice.rate` maps to Piper's length_scale and `volume` to its output gain. A
    `VoiceChoice.voice` naming another .onnx file switches to that voice (loaded once, then kept).
    """

    name = "piper"

    def __init__(self, model: Path, config: Path) -> None:
        self._piper = _piper()
        self._lock = threading.Lock()
        self.default_voice = str(model)
        self._voices: dict[str, Any] = {self.default_voice: self._load(model, config)}
        self.voices = [self.default_voice]
        self.sample_rate = int(self._voices[self.default_voice].config.sample_rate)
        self.cache_identity = piper_identity(model, config)

    def _load(self, model: Path, config: Path) -> Any:
        try:
            with native_output_silenced():
                return self._piper.PiperVoice.load(str(model), config_path=str(config))
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise EngineError(f"the Piper voice {model} cannot be loaded: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own classes for a bad model file
            raise EngineError(f"the Piper voice {model} cannot be loaded: {type(exc).__name__}") from None

    def _voice(self, choice: VoiceChoice) -> Any:
        wanted = choice.voice if choice.voice.endswith(".onnx") else self.default_voice
        voice = self._voices.get(wanted)
        if voice is None:
            model, config = check_piper_voice(Path(wanted))
            voice = self._voices[wanted] = self._load(model, config)
        return voice

    def synthesize(self, text: str, choice: VoiceChoice) -> Pcm:
        syn_config = self._piper.SynthesisConfig(
            length_scale=length_scale_for(choice.rate), volume=max(0.0, min(1.0, choice.volume))
        )
        with self._lock:
            voice = self._voice(choice)
            rate = int(voice.config.sample_rate)
            pause = np.zeros(int(rate * SENTENCE_PAUSE_SECONDS), dtype=np.int16)
            pieces: list[np.ndarray] = []
            try:
                with native_output_silenced():
                    for chunk in voice.synthesize(text, syn_config):
                        if pieces:
                            pieces.append(pause)
                        pieces.append(chunk.audio_int16_array)
            except (RuntimeError, ValueError, KeyError) as exc:
                raise EngineError(f"Piper could not speak this text: {exc}") from None
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
        return Pcm(samples.astype("<i2").tobytes(), AudioFormat(rate=rate))

    def close(self) -> None:
        with self._lock:
            self._voices.clear()
