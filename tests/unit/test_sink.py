"""The speaker sink's first-block time, with a fake output stream driven as the device would drive it."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest

from voiceguide.audio import sink as sink_module
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.audio.sink import SoundDeviceSink


class FakeStream:
    """Keeps the callback; the test calls it as the audio device's thread would."""

    latency = 0.01
    last: FakeStream | None = None

    def __init__(self, callback: Any, **_: Any) -> None:
        self.callback = callback
        FakeStream.last = self

    def start(self) -> None: ...

    def abort(self) -> None: ...

    def close(self) -> None: ...

    def pull(self, frames: int = 441, underflow: bool = False) -> bytes:
        out = bytearray(frames * 2)
        self.callback(out, frames, None, SimpleNamespace(output_underflow=underflow))
        return bytes(out)


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> SoundDeviceSink:
    fake_sd = SimpleNamespace(RawOutputStream=FakeStream, PortAudioError=RuntimeError)
    monkeypatch.setattr(sink_module, "_sounddevice", lambda: fake_sd)
    monkeypatch.setattr(sink_module, "resolve_device", lambda spec, kind: None)
    monkeypatch.setattr(sink_module, "divert_native_stderr", lambda: None)
    opened = SoundDeviceSink()
    opened.open()
    return opened


def tone(seconds: float) -> Pcm:
    return Pcm(b"\x00\x10" * int(22050 * seconds), AudioFormat(rate=22050))


def test_first_block_at_is_when_the_device_took_the_first_samples_of_the_sound(sink: SoundDeviceSink) -> None:
    stream = FakeStream.last
    assert stream is not None
    assert stream.pull() == b"\x00" * 882 and sink.first_block_at is None  # idle: silence, no sound yet
    sink.play(tone(0.5))
    assert sink.first_block_at is None  # handed to the sink, not yet to the device
    before = time.monotonic()
    assert stream.pull() != b"\x00" * 882
    first = sink.first_block_at
    assert first is not None and before <= first <= time.monotonic()
    stream.pull()
    assert sink.first_block_at == first  # later blocks do not move it
    sink.play(tone(0.5))
    assert sink.first_block_at is None  # a new sound starts over
    stream.pull()
    assert sink.first_block_at is not None and sink.first_block_at > first
    sink.stop()
    assert sink.first_block_at is None
    sink.close()


def test_a_sound_waits_for_the_stream_to_be_steady_and_loses_no_sample(sink: SoundDeviceSink) -> None:
    stream = FakeStream.last
    assert stream is not None
    sound = tone(0.1)
    sink.play(sound)
    # PortAudio's start-up: blocks flagged as underflow, which the sound server drops
    for _ in range(5):
        assert stream.pull(underflow=True) == b"\x00" * 882
    assert sink.first_block_at is None and sink.playing
    played = b"".join(stream.pull() for _ in range(5))
    assert played[: len(sound.data)] == sound.data  # from its first sample
    assert sink.first_block_at is not None and sink.wait(timeout=1.0)


def test_an_underflow_in_the_middle_of_a_sound_does_not_hold_it(sink: SoundDeviceSink) -> None:
    stream = FakeStream.last
    assert stream is not None
    sound = tone(0.1)
    sink.play(sound)
    played = stream.pull() + stream.pull(underflow=True) + b"".join(stream.pull() for _ in range(3))
    assert played[: len(sound.data)] == sound.data


def test_a_stream_that_flags_every_block_still_plays_after_the_grace(sink: SoundDeviceSink,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    stream = FakeStream.last
    assert stream is not None
    monkeypatch.setattr(sink_module, "UNSTEADY_GRACE_SECONDS", 0.05)
    sink.play(tone(0.1))
    assert stream.pull(underflow=True) == b"\x00" * 882
    time.sleep(0.06)
    assert stream.pull(underflow=True) != b"\x00" * 882
    assert sink.first_block_at is not None
