"""The Vosk adapter up to the model boundary, the engine choice, and the cue tones."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.tones import BreathPhase, cue_tone
from voiceguide.cli import main
from voiceguide.config import Config
from voiceguide.errors import EngineError
from voiceguide.speech.engines import choose_engine, open_recognizer
from voiceguide.speech.recognizer import ListenMode
from voiceguide.speech.vosk_engine import UNKNOWN, check_model_dir, grammar_for, load_model


def make_model(root: Path, skip: tuple[str, ...] = (), corrupt: bool = False) -> Path:
    files = ["am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst",
             "graph/phones/word_boundary.int", "ivector/final.ie", "ivector/final.mat",
             "ivector/global_cmvn.stats", "ivector/online_cmvn.conf", "ivector/splice.conf"]
    for name in files:
        if name in skip:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not a real kaldi file\n" if corrupt else b"x")
    return root


def test_missing_model_folder_is_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(EngineError) as caught:
        load_model(tmp_path / "nowhere")
    assert "does not exist" in str(caught.value) and "download_model.py" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_partial_model_names_exactly_what_is_missing(tmp_path: Path) -> None:
    model = make_model(tmp_path / "m", skip=("am/final.mdl", "graph/Gr.fst", "ivector/final.ie"))
    check = check_model_dir(model)
    assert check.problems == ("am/final.mdl is missing",
                              "the decoding graph is missing "
                              "(graph/HCLG.fst, or graph/HCLr.fst and graph/Gr.fst)",
                              "ivector/final.ie is missing")
    with pytest.raises(EngineError, match=r"incomplete: am/final\.mdl is missing"):
        load_model(model)


def test_corrupt_model_gives_one_line_not_a_crash(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    model = make_model(tmp_path / "m", corrupt=True)
    assert check_model_dir(model).ok
    with pytest.raises(EngineError) as caught:
        load_model(model)
    assert "could not be loaded" in str(caught.value) and "\n" not in str(caught.value)
    assert capfd.readouterr().err == ""  # Kaldi's complaints stayed off the terminal


def test_vosk_grammar_has_unk_and_the_mode_phrases() -> None:
    commands = grammar_for(ListenMode.COMMANDS)
    numbers = grammar_for(ListenMode.NUMBER)
    assert commands is not None and numbers is not None
    assert commands[-1] == UNKNOWN and numbers[-1] == UNKNOWN
    assert {"next", "go", "stop", "i need help", "i'm done", "go back", "say again"} <= set(commands)
    assert {"zero", "five", "ten", "yes", "no", "i need help"} <= set(numbers)
    assert "up" not in commands and "next" not in numbers
    assert grammar_for(ListenMode.DICTATION) is None


def test_auto_engine_prefers_a_complete_vosk_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEGUIDE_MODELS_DIR", str(tmp_path))
    config = Config()
    assert choose_engine(config)[0] == "pocketsphinx"
    make_model(tmp_path / "vosk-model-small-en-us-0.15", skip=("graph/Gr.fst",))
    name, _, reason = choose_engine(config)
    assert name == "pocketsphinx" and "incomplete" in reason
    (tmp_path / "vosk-model-small-en-us-0.15" / "graph" / "Gr.fst").write_bytes(b"x")
    assert choose_engine(config)[0] == "vosk"
    config.listen.engine = "pocketsphinx"
    assert choose_engine(config)[0] == "pocketsphinx"


def test_auto_falls_back_to_pocketsphinx_when_the_vosk_model_is_corrupt(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEGUIDE_MODELS_DIR", str(tmp_path))
    make_model(tmp_path / "vosk-model-small-en-us-0.15", corrupt=True)
    config = Config()
    config.listen.second_pass = config.listen.whisper_commands = "off"
    recognizer, info = open_recognizer(config)
    assert info.name == "pocketsphinx" and recognizer.name == "pocketsphinx"
    assert "could not be loaded" in info.reason and "pocketsphinx instead" in info.reason
    config.listen.engine = "vosk"  # asked for by name: one clear error, no quiet switch
    with pytest.raises(EngineError, match="could not be loaded"):
        open_recognizer(config)


def test_doctor_reports_a_corrupt_vosk_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VOICEGUIDE_MODELS_DIR", str(tmp_path))
    make_model(tmp_path / "vosk-model-small-en-us-0.15", corrupt=True)
    main(["doctor", "--json"])
    report = {check["name"]: check for check in json.loads(capsys.readouterr().out)["checks"]}
    assert report["vosk model"]["ok"] is False
    assert "could not be loaded" in report["vosk model"]["detail"]


def test_cue_tones_are_soft_distinct_and_click_free() -> None:
    tones = {phase: cue_tone(phase).samples().astype(np.float64) for phase in BreathPhase}
    for samples in tones.values():
        assert samples[0] == 0 and abs(samples[-1]) < 50  # starts and ends at silence
        assert np.abs(samples).max() < 0.3 * 32767  # soft
        assert np.abs(np.diff(samples)).max() < 2000  # no jumps
    spectra = {p: np.abs(np.fft.rfft(s[: len(s) // 4])).argmax() for p, s in tones.items()}
    assert len(set(spectra.values())) == 3  # inhale, hold and exhale start on different notes
