"""Checking the devices named on the command line leaves the terminal where it was (fd 2 not diverted),
so the terminal app still finds its terminal after the check."""

from __future__ import annotations

import os

import pytest

from voiceguide.quiet import divert_native_stderr
from voiceguide.voice.devices import check_named_devices


class OpensLikeADevice:
    """Opening diverts native output for the rest of the process, as the real streams do."""

    def __init__(self, device: str) -> None:
        self.device = device

    def start(self) -> None:
        divert_native_stderr()

    open = start

    def stop(self) -> None:
        return None

    close = stop


def test_the_check_puts_fd_2_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("voiceguide.audio.source.MicrophoneSource", OpensLikeADevice)
    monkeypatch.setattr("voiceguide.audio.sink.SoundDeviceSink", OpensLikeADevice)
    before = os.fstat(2)
    check_named_devices("pulse", "pulse")
    after = os.fstat(2)
    assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)
