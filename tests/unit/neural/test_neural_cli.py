"""`transcribe --engine whisper` and `say --voice piper` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voiceguide.audio.format import read_wav
from voiceguide.cli import main


def test_transcribe_with_whisper(speech_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clip = speech_dir / "sentences" / "ps_goforward.wav"
    assert main(["transcribe", "--engine", "whisper", "--json", str(clip)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["engine"] == "whisper"
    assert "forward" in record["text"].lower() and "ten meters" in record["text"].lower().replace("10", "ten")


def test_say_with_piper_writes_real_speech(tmp_path: Path) -> None:
    out = tmp_path / "piper.wav"
    assert main(["say", "Breathe in slowly.", "--voice", "piper", "--out", str(out)]) == 0
    pcm = read_wav(out)
    assert pcm.fmt.rate == 22050 and pcm.duration > 0.5 and abs(pcm.samples()).max() > 1000
