"""Typed audio values: a sample format and PCM chunks that know their duration."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide.errors import UsageError

if TYPE_CHECKING:  # numpy is imported where it is used: the journal and the command line use this
    import numpy as np  # module's plain values and start faster without it


@dataclass(frozen=True)
class AudioFormat:
    """Signed 16-bit little-endian PCM at `rate` Hz with `channels` channels."""

    rate: int = 16000
    channels: int = 1
    width: int = 2

    @property
    def frame_bytes(self) -> int:
        return self.width * self.channels

    @property
    def bytes_per_second(self) -> int:
        return self.rate * self.frame_bytes

    def duration(self, nbytes: int) -> float:
        return nbytes / self.bytes_per_second


MIC_FORMAT = AudioFormat(rate=16000)


@dataclass(frozen=True)
class Pcm:
    """A stretch of mono 16-bit audio."""

    data: bytes
    fmt: AudioFormat = MIC_FORMAT

    @property
    def duration(self) -> float:
        return self.fmt.duration(len(self.data))

    def samples(self) -> np.ndarray:
        import numpy as np

        return np.frombuffer(self.data, dtype="<i2")

    def resampled(self, rate: int) -> Pcm:
        """This audio at another sample rate (linear interpolation; fine for speech and cues)."""
        import numpy as np

        if rate == self.fmt.rate:
            return self
        source = self.samples().astype(np.float32)
        if source.size == 0:
            return Pcm(b"", AudioFormat(rate=rate))
        count = max(1, round(source.size * rate / self.fmt.rate))
        positions = np.linspace(0, source.size - 1, count)
        out = np.interp(positions, np.arange(source.size), source)
        return Pcm(np.clip(out, -32768, 32767).astype("<i2").tobytes(), AudioFormat(rate=rate))

    def without_leading_silence(self, keep_seconds: float = 0.01, level: int = 64) -> Pcm:
        """This audio from `keep_seconds` before its first sample louder than `level` (-54 dBFS); all of
        it when nothing is that loud. Synthesizers start with up to ~80 ms of silence, which would only
        delay the voice."""
        import numpy as np

        samples = self.samples()
        if self.fmt.channels != 1 or samples.size == 0:
            return self
        loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > level)
        if loud.size == 0:
            return self
        start = max(0, int(loud[0]) - round(keep_seconds * self.fmt.rate))
        return self if start == 0 else Pcm(self.data[start * self.fmt.width:], self.fmt)

    def scaled(self, gain: float) -> Pcm:
        import numpy as np

        if gain == 1.0:
            return self
        out = np.clip(self.samples().astype(np.float32) * gain, -32768, 32767).astype("<i2")
        return Pcm(out.tobytes(), self.fmt)


def read_wav(path: str | Path) -> Pcm:
    """Read a PCM WAV file of any rate and channel count as mono 16-bit audio."""
    import numpy as np

    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (wave.Error, EOFError) as exc:
        raise UsageError(f"{path}: not a PCM WAV file ({exc})") from None
    if width == 1:
        data = (np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128) << 8
    elif width == 2:
        data = np.frombuffer(raw, dtype="<i2")
    elif width == 4:
        data = (np.frombuffer(raw, dtype="<i4") >> 16).astype(np.int16)
    else:
        raise UsageError(f"{path}: {width * 8}-bit samples are not supported")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return Pcm(data.astype("<i2").tobytes(), AudioFormat(rate=rate))


def write_wav(path: str | Path, pcm: Pcm) -> None:
    """Write mono 16-bit audio as a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(pcm.fmt.rate)
        wav.writeframes(pcm.data)
