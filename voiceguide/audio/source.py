"""Microphone capture: the PortAudio callback only enqueues bytes; readers drain the queue."""

from __future__ import annotations

import contextlib
import math
import queue
import time
from typing import Any, Protocol

import numpy as np

from voiceguide.audio.devices import _sounddevice, resolve_device
from voiceguide.audio.format import MIC_FORMAT, AudioFormat
from voiceguide.errors import DeviceError
from voiceguide.quiet import divert_native_stderr, native_output_silenced


class AudioSource(Protocol):
    """Something that yields microphone audio as 16 kHz mono 16-bit chunks."""

    fmt: AudioFormat

    def start(self) -> None: ...

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        """The next chunk with its capture time (monotonic seconds), or None after `timeout`."""
        ...

    def stop(self) -> None: ...


def level_dbfs(chunk: bytes) -> float:
    """Loudness of a chunk in dB below full scale (-100 for silence)."""
    samples = np.frombuffer(chunk, dtype="<i2").astype(np.float32)
    if samples.size == 0:
        return -100.0
    rms = float(np.sqrt(np.mean(samples * samples)))
    return max(-100.0, 20 * math.log10(rms / 32768)) if rms > 0 else -100.0


class MicrophoneSource:
    """The real microphone through sounddevice."""

    def __init__(self, device: str | int | None = None, block_seconds: float = 0.02) -> None:
        self.fmt = MIC_FORMAT
        self._device_spec = device
        self._block = int(self.fmt.rate * block_seconds)
        self._queue: queue.Queue[tuple[float, bytes]] = queue.Queue(maxsize=3000)
        self._stream: Any = None
        self._status_errors = 0

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            self._status_errors += 1
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait((time.monotonic(), bytes(indata)))

    def start(self) -> None:
        divert_native_stderr()  # the stream's own threads may write to fd 2 at any time
        sd = _sounddevice()
        device = resolve_device(self._device_spec, "input")
        with native_output_silenced():
            try:
                self._stream = sd.RawInputStream(
                    samplerate=self.fmt.rate,
                    blocksize=self._block,
                    device=device,
                    channels=1,
                    dtype="int16",
                    callback=self._callback,
                )
                self._stream.start()
            except (sd.PortAudioError, ValueError) as exc:
                self._stream = None
                raise DeviceError(f"cannot open the microphone ({exc}): check that it is connected and the "
                                  "sound server runs, or choose another with --input-device") from None

    @property
    def active(self) -> bool:
        """False once the device stopped delivering (for example it was unplugged)."""
        return self._stream is not None and bool(self._stream.active)

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self) -> None:
        """Forget everything captured so far."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with native_output_silenced():
                try:
                    stream.abort()
                    stream.close()
                except Exception:  # noqa: BLE001 - a vanished device may fail to close; nothing to do
                    pass
