"""The voice subcommands: transcribe (real pocketsphinx on shared clips), say --out, doctor --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voiceguide.audio.format import Pcm, read_wav, write_wav
from voiceguide.cli import main


def test_transcribe_json_lines_with_intents(speech_dir: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # Any WAV rate works: a sentence resampled to 8 kHz is read back up to 16 kHz.
    sentence = read_wav(speech_dir / "sentences" / "ps_goforward.wav")
    low_rate = tmp_path / "goforward-8k.wav"
    write_wav(low_rate, sentence.resampled(8000))
    silence = tmp_path / "silence.wav"
    write_wav(silence, Pcm(b"\0\0" * 16000))
    code = main(["transcribe", "--engine", "pocketsphinx", "--json", str(low_rate)])
    assert code == 0
    record = json.loads(capsys.readouterr().out)
    assert record["file"] == str(low_rate) and record["engine"] == "pocketsphinx"
    assert "forward" in record["text"]
    assert main(["transcribe", "--engine", "pocketsphinx", "--commands", "--json", str(silence)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["intent"] is None and record["text"] == ""


def test_transcribe_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transcribe", "--engine", "pocketsphinx", str(tmp_path / "nope.wav")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("voiceguide: ") and err.count("\n") == 1


def test_say_writes_real_speech(tmp_path: Path) -> None:
    out = tmp_path / "hello.wav"
    assert main(["say", "Breathe in slowly.", "--out", str(out)]) == 0
    pcm = read_wav(out)
    assert pcm.duration > 0.5 and abs(pcm.samples()).max() > 1000


def test_doctor_json_reports_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    names = {c["name"] for c in report["checks"]}
    assert {"pocketsphinx", "vosk model", "recognizer", "whisper", "piper voice", "espeak-ng", "input device",
            "output device", "journal", "cache"} <= names
    assert code == (0 if report["ok"] else 1)


def test_doctor_reports_the_cache_folder_and_what_it_holds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.audio.format import AudioFormat, Pcm
    from voiceguide.speech.prompt_store import PromptStore

    monkeypatch.setenv("VOICEGUIDE_CACHE_DIR", str(tmp_path / "cache"))

    def cache_check() -> dict[str, object]:
        main(["doctor", "--json"])
        report = json.loads(capsys.readouterr().out)
        return next(c for c in report["checks"] if c["name"] == "cache")

    first = cache_check()
    assert first["ok"] and not first["needed"] and "not created yet" in str(first["detail"])
    PromptStore(tmp_path / "cache" / "prompts").save(("v", "Breathe in."), Pcm(b"\0\0" * 100, AudioFormat()))
    (tmp_path / "cache" / "whisper-int8-v2-0123").mkdir()
    assert "made on first use" in str(cache_check()["detail"])  # a folder without its finished marker
    (tmp_path / "cache" / "whisper-int8-v2-0123" / "converted-from.sha256").write_text("0123\n")
    later = cache_check()
    assert later["ok"] and "1 prompts kept" in str(later["detail"])
    assert "int8 copy ready" in str(later["detail"])
    (tmp_path / "cache").chmod(0o755)
    assert not cache_check()["ok"]
