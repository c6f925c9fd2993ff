"""Speaker playback on one persistent output stream that can be cut off at once."""

from __future__ import annotations

import threading
import time
from typing import Any, Protocol

from voiceguide.audio.devices import _sounddevice, resolve_device
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.errors import DeviceError
from voiceguide.quiet import divert_native_stderr, native_output_silenced

# The stream takes a block every 20 ms, silence included; this long without taking one means the device or
# the sound server has gone (PortAudio then just stops calling back, and playback would never end).
STALL_SECONDS = 2.0
# A new stream (and one whose device came back) first runs PortAudio's start-up: blocks asked for with the
# output-underflow flag, which the sound server then drops. Measured through PulseAudio: a prompt begun in
# that phase lost its first 0.06-0.5 s, so a sound starts at the first block asked for without the flag;
# after this long it starts regardless, so a device that flags every block still plays.
UNSTEADY_GRACE_SECONDS = 1.0


class AudioSink(Protocol):
    """Something that plays PCM and can stop at once."""

    busy_until: float

    def play(self, pcm: Pcm) -> None: ...

    def stop(self) -> None: ...

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends; False if it was still playing at `timeout`."""
        ...


class SoundDeviceSink:
    """Plays through sounddevice; silence is streamed while idle so a new sound starts without delay.

    `busy_until` is the monotonic time at which the last sample handed over leaves the speaker; the
    microphone ignores everything captured before it (plus a hold-off), so voiceguide never hears itself.
    `first_block_at` is the monotonic time at which the first block of the current sound was handed to the
    device (None until it has been, and after `stop`). A sound never starts in a block the stream flags as
    an output underflow (its start-up, whose blocks are dropped): it waits for the first steady block.
    """

    def __init__(self, device: str | int | None = None, rate: int = 22050, volume: float = 1.0) -> None:
        self.fmt = AudioFormat(rate=rate)
        self.volume = volume
        self._device_spec = device
        self._lock = threading.Lock()
        self._buffer = b""
        self._pos = 0
        self._done = threading.Event()
        self._done.set()
        self._stream: Any = None
        self.last_started: float | None = None
        self.first_block_at: float | None = None
        self.busy_until = 0.0
        self._last_callback = 0.0

    def open(self) -> None:
        divert_native_stderr()  # the stream's own threads may write to fd 2 at any time
        sd = _sounddevice()
        device = resolve_device(self._device_spec, "output")
        with native_output_silenced():
            try:
                self._stream = sd.RawOutputStream(
                    samplerate=self.fmt.rate,
                    blocksize=int(self.fmt.rate * 0.02),
                    device=device,
                    channels=1,
                    dtype="int16",
                    callback=self._callback,
                )
                self._stream.start()
                self._last_callback = time.monotonic()
            except (sd.PortAudioError, ValueError) as exc:
                self._stream = None
                raise DeviceError(f"cannot open the speaker ({exc}): check that it is connected and the "
                                  "sound server runs, or choose another with --output-device") from None

    @property
    def output_latency(self) -> float:
        return float(self._stream.latency) if self._stream is not None else 0.0

    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        need = frames * self.fmt.frame_bytes
        now = self._last_callback = time.monotonic()
        with self._lock:
            started = self.last_started
            unsteady = bool(getattr(status, "output_underflow", False))
            if self._pos == 0 and started is not None and unsteady and now - started < UNSTEADY_GRACE_SECONDS:
                chunk = b""
            else:
                chunk = self._buffer[self._pos : self._pos + need]
            if chunk and self._pos == 0:
                self.first_block_at = now
                # the sound leaves the speaker from now on, however long it waited for a steady stream
                self.busy_until = max(self.busy_until, now + self.fmt.duration(len(self._buffer))
                                      + self.output_latency)
            self._pos += len(chunk)
            if chunk and self._pos >= len(self._buffer):
                self.busy_until = time.monotonic() + self.output_latency + self.fmt.duration(len(chunk))
                self._done.set()
        outdata[: len(chunk)] = chunk
        if len(chunk) < need:
            outdata[len(chunk) :] = b"\x00" * (need - len(chunk))

    def play(self, pcm: Pcm) -> None:
        """Start playing `pcm`, cutting off whatever was playing."""
        if self._stream is None:
            self.open()
        data = pcm.resampled(self.fmt.rate).scaled(self.volume).data
        with self._lock:
            self._buffer = data
            self._pos = 0
            self.first_block_at = None
            self.last_started = time.monotonic()
            self.busy_until = self.last_started + self.fmt.duration(len(data)) + self.output_latency
            if data:
                self._done.clear()
            else:
                self._done.set()

    def stop(self) -> None:
        """Cut playback off at once."""
        with self._lock:
            self._buffer = b""
            self._pos = 0
            self.first_block_at = None
            self.busy_until = time.monotonic() + self.output_latency
            self._done.set()

    @property
    def stalled(self) -> bool:
        """The open stream stopped taking sound: the speaker or the sound server went away."""
        return self._stream is not None and time.monotonic() - self._last_callback > STALL_SECONDS

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends; False if it was still playing at `timeout`, or cannot end because
        the stream stalled."""
        deadline = None if timeout is None else time.monotonic() + timeout
        finished = self._done.is_set()
        while not finished and not self.stalled:
            left = 0.1 if deadline is None else min(0.1, deadline - time.monotonic())
            if left <= 0:
                break
            finished = self._done.wait(left)
        if finished:
            remaining = self.busy_until - time.monotonic()
            if remaining > 0:
                time.sleep(remaining)
        return finished

    @property
    def playing(self) -> bool:
        return not self._done.is_set() or time.monotonic() < self.busy_until

    def close(self) -> None:
        self.stop()
        stream, self._stream = self._stream, None
        if stream is not None:
            with native_output_silenced():
                try:
                    stream.abort()
                    stream.close()
                except Exception:  # noqa: BLE001 - a vanished device may fail to close; nothing to do
                    pass
