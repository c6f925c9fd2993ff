"""`transcribe --engine whisper`, `say --voice piper` and `prepare` through the command line."""

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


def test_prepare_keeps_a_practices_prompts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.practices.library import load_library
    from voiceguide.session import SafetyCheck, texts_to_prepare

    monkeypatch.setenv("VOICEGUIDE_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["prepare", "grounding-54321"]) == 0
    out = capsys.readouterr().out
    wanted = len(texts_to_prepare(load_library().get("grounding-54321"), SafetyCheck()))
    assert f"grounding-54321: {wanted} prompts ready" in out and "voice: piper" in out
    files = {p: p.stat().st_ino for p in (tmp_path / "cache" / "prompts").glob("*.wav")}
    assert len(files) == wanted
    assert all(read_wav(p).duration > 0.2 for p in files)
    assert main(["prepare", "grounding-54321"]) == 0  # all on disk: none rewritten (a new file)
    assert {p: p.stat().st_ino for p in (tmp_path / "cache" / "prompts").glob("*.wav")} == files
    assert main(["prepare", "no-such-practice"]) != 0
    assert "unknown practice" in capsys.readouterr().err


def test_prepare_with_a_voice_that_cannot_load_says_so_and_keeps_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from voiceguide.speech.neural import piper_voice_files

    _model, config_file = piper_voice_files()
    voice = tmp_path / "broken.onnx"
    voice.write_bytes(b"this is not an onnx model")
    Path(f"{voice}.json").write_text(config_file.read_text())
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f'[voice]\npiper_voice = "{voice}"\n')
    monkeypatch.setenv("VOICEGUIDE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("VOICEGUIDE_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["prepare", "stop"]) != 0
    err = capsys.readouterr().err
    assert "nothing was kept" in err and "broken.onnx" in err and len(err.strip().splitlines()) == 1
    assert not list((tmp_path / "cache").glob("prompts/*.wav"))
