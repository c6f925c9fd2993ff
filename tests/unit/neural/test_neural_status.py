"""Engine choice and status: the app says which engines it uses, and works without the neural extra."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from voiceguide.config import Config
from voiceguide.errors import ConfigError, EngineError
from voiceguide.speech import neural


@pytest.fixture
def without_neural_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the neural extra (ctranslate2, piper-tts) were not installed."""
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name in ("ctranslate2", "piper") else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_with_the_extra_both_engines_are_available_and_chosen() -> None:
    config = Config()
    status = neural.neural_status(config)
    assert status["whisper"]["available"] and status["whisper"]["reason"] == ""
    assert status["whisper"]["model"].endswith("model")
    assert status["piper"]["available"] and status["piper"]["voice"].endswith(".onnx")
    assert status["second_pass"] == "whisper"
    assert status["speaker"] == "piper"
    assert neural.chosen_speaker(config) == "piper"


@pytest.mark.usefixtures("without_neural_extra")
def test_without_the_extra_the_status_says_why_and_the_app_falls_back() -> None:
    config = Config()
    status = neural.neural_status(config)
    assert not status["whisper"]["available"]
    assert "ctranslate2 is not installed" in status["whisper"]["reason"]
    assert "piper-tts is not installed" in status["piper"]["reason"]
    assert status["second_pass"] == "off" and status["speaker"] == "pyttsx3"
    assert neural.open_second_pass(config) is None
    assert neural.chosen_speaker(config) == "pyttsx3"
    assert not neural.whisper_available() and not neural.piper_available()


@pytest.mark.usefixtures("without_neural_extra")
def test_asking_for_an_absent_engine_explicitly_is_a_one_line_error() -> None:
    config = Config()
    config.listen.second_pass = "whisper"
    with pytest.raises(EngineError, match="ctranslate2 is not installed"):
        neural.open_second_pass(config)
    with pytest.raises(EngineError, match="piper-tts is not installed"):
        neural.open_piper(config)


def child_processes() -> set[int]:
    tasks = Path("/proc/self/task")
    return {int(pid) for task in tasks.iterdir() for pid in (task / "children").read_text().split()}


@pytest.mark.usefixtures("without_neural_extra")
def test_opening_the_recognizer_with_a_bad_or_unmet_second_pass_leaves_no_process_behind() -> None:
    from voiceguide.speech.engines import open_recognizer

    before = child_processes()
    config = Config()
    config.listen.second_pass = "always"
    with pytest.raises(ConfigError, match="second_pass"):
        open_recognizer(config)
    config.listen.second_pass = "whisper"
    with pytest.raises(EngineError, match="Whisper was asked for"):
        open_recognizer(config)
    assert child_processes() == before


def test_second_pass_off_and_pyttsx3_are_respected() -> None:
    config = Config()
    config.listen.second_pass = "off"
    config.voice.speaker = "pyttsx3"
    assert neural.open_second_pass(config) is None
    assert neural.chosen_speaker(config) == "pyttsx3"
    status = neural.neural_status(config)
    assert status["second_pass"] == "off" and status["speaker"] == "pyttsx3"


def test_unknown_choices_are_config_errors() -> None:
    config = Config()
    config.listen.second_pass = "always"
    config.voice.speaker = "robot"
    with pytest.raises(ConfigError, match="second_pass"):
        neural.open_second_pass(config)
    with pytest.raises(ConfigError, match=r"voice\.speaker"):
        neural.chosen_speaker(config)


def test_a_configured_folder_that_does_not_exist_is_reported(tmp_path: Any) -> None:
    config = Config()
    config.listen.whisper_model = str(tmp_path / "nowhere")
    config.voice.piper_voice = str(tmp_path / "nowhere.onnx")
    status = neural.neural_status(config)
    assert "does not exist" in status["whisper"]["reason"]
    assert "does not exist" in status["piper"]["reason"]
    assert neural.open_second_pass(config) is None  # auto: carries on without it


def test_the_status_check_loads_neither_engine() -> None:
    code = ("import sys\nfrom voiceguide.speech.neural import neural_status\nneural_status()\n"
            "heavy = ('ctranslate2', 'tokenizers', 'piper', 'onnxruntime')\n"
            "print(sorted(m for m in heavy if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
