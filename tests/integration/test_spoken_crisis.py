"""A crisis statement spoken during a listen step brings up the support card and the calm message."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.safety import spoken_message, support_card

pytestmark = pytest.mark.devices


def test_spoken_crisis_statement_brings_up_the_card(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    wav = tmp_path / "crisis.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), "i want to kill myself"], check=True)
    statement = read_wav(wav).resampled(16000).samples()
    process = subprocess.Popen(
        [sys.executable, "-m", "voiceguide", "run", "i-statement", "--no-tui",
         "--input-device", "pulse", "--output-device", "pulse"],
        env=virtual_audio.env | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data"),
                                 "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config")},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    lines: list[tuple[float, str]] = []
    listening, card_shown = threading.Event(), threading.Event()
    message = spoken_message(support_card())

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.monotonic(), line.rstrip("\n")))
            if "(listening" in line:
                listening.set()
            if message in line:
                card_shown.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert listening.wait(90), f"never listened: {lines}"
        fed_for = virtual_audio.speak(statement)
        spoken_by = time.monotonic() + fed_for
        assert card_shown.wait(30), f"no support card: {[text for _, text in lines]}"
    finally:
        process.terminate()
        process.wait(timeout=15)
    reader.join(timeout=5)
    texts = [text for _, text in lines]
    assert "Support" in texts and any("988" in text for text in texts)
    shown_at = next(at for at, text in lines if message in text)
    # How fast is for scripts/bench.py; here only that the card came after the words, not before.
    assert shown_at > spoken_by - 0.5
