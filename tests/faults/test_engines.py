"""Vosk model folders that are empty, partial or corrupt, and `voiceguide doctor` naming each missing part."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import SPEECH
from tests.faults import mounts
from tests.faults.harness import (
    EXITS,
    assert_no_traceback,
    assert_one_line,
    child_env,
    record,
    run_voiceguide,
)
from tests.neural_support import require_neural_engines
from tests.virtual_audio import VirtualAudio
from voiceguide.errors import EXIT_ENGINE

MODEL_FILES = ("am/final.mdl", "conf/mfcc.conf", "graph/HCLG.fst", "graph/words.txt")


def a_clip() -> str:
    clips = sorted((SPEECH / "commands").glob("*.wav"))
    assert clips, f"no speech clips in {SPEECH / 'commands'}"
    return str(clips[0])


def model_folder(root: Path, kind: str) -> Path:
    folder = root / f"model-{kind}"
    folder.mkdir()
    if kind == "partial":
        (folder / "am").mkdir()
        (folder / "am" / "final.mdl").write_bytes(b"")
        (folder / "conf").mkdir()
        (folder / "conf" / "mfcc.conf").write_text("--sample-frequency=16000\n")
    elif kind == "corrupt":
        for index, name in enumerate(MODEL_FILES):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes((index * 37 + n) % 256 for n in range(4096)))
    return folder


@pytest.mark.parametrize("kind", ["empty", "partial", "corrupt"])
def test_vosk_model_folder(kind: str, tmp_path: Path) -> None:
    folder = model_folder(tmp_path, kind)
    run = run_voiceguide("--engine", "vosk", "--model-dir", str(folder), "transcribe", a_clip())
    message = assert_one_line(run, EXIT_ENGINE, str(folder), "download_model.py")
    if kind != "corrupt":
        assert "missing" in message or "empty" in message
    record(f"Vosk model folder {kind}", "engines", EXITS, run)


def doctor(*args: str, env: dict[str, str] | None = None,
           wrapper: list[str] | None = None) -> dict[str, dict[str, object]]:
    run = run_voiceguide(*args, "doctor", "--json", env=env, wrapper=wrapper or [])
    assert_no_traceback(run)
    assert run.code != 0, "doctor found nothing missing"
    report = json.loads(run.stdout)
    assert report["ok"] is False
    return {check["name"]: check for check in report["checks"]}


def test_doctor_names_each_missing_part(tmp_path: Path) -> None:
    """No sound server, no espeak-ng, pocketsphinx broken, the Vosk model partial, the journal folder
    read-only: doctor names every one and exits non-zero."""
    data = Path(child_env()["VOICEGUIDE_DATA_DIR"])
    data.mkdir(parents=True)
    env = child_env(inject=["no_espeak", "no_pocketsphinx"],
                    PULSE_SERVER=f"unix:{tmp_path / 'no-such-socket'}", PATH=str(Path(sys.executable).parent))
    checks = doctor("--engine", "vosk", "--model-dir", str(model_folder(tmp_path, "partial")), env=env,
                    wrapper=mounts.read_only(data))
    for name in ("espeak-ng", "input device", "output device", "vosk model", "pocketsphinx", "journal"):
        assert checks[name]["ok"] is False, f"doctor did not name {name}: {checks[name]}"
    plain = run_voiceguide("--engine", "vosk", "--model-dir", str(tmp_path / "model-partial"), "doctor",
                           env=env, wrapper=mounts.read_only(data))
    assert plain.code != 0 and "problem(s)" in plain.stdout
    record("doctor with espeak-ng, devices, pocketsphinx, Vosk model and journal all broken", "doctor",
           EXITS, plain, message=plain.stdout.strip().splitlines()[-1])


SINGLE_PARTS = ["nothing", "espeak-ng", "espeak-ng, Piper speaking", "pocketsphinx", "vosk model",
                "input device", "output device", "journal"]


@pytest.mark.devices
@pytest.mark.parametrize("part", SINGLE_PARTS)
def test_doctor_names_a_single_missing_part(part: str, virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    """Each part missing on its own (on working virtual devices) makes doctor exit non-zero and name it as
    its only problem; with nothing missing it exits 0, so each failure is that part's."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    extra = {"VOICEGUIDE_DATA_DIR": str(data), "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config")}
    inject: list[str] = []
    args: list[str] = []
    wrapper: list[str] = []
    if part in ("espeak-ng", "espeak-ng, Piper speaking"):
        inject, extra["PATH"] = ["no_espeak"], str(Path(sys.executable).parent)
        if part == "espeak-ng":  # espeak-ng is needed where pyttsx3 speaks
            (tmp_path / "config").mkdir()
            (tmp_path / "config" / "config.toml").write_text('[voice]\nspeaker = "pyttsx3"\n')
    elif part == "pocketsphinx":
        inject = ["no_pocketsphinx"]  # with no Vosk model, the engine auto chooses is pocketsphinx
    elif part == "vosk model":
        args = ["--engine", "vosk", "--model-dir", str(model_folder(tmp_path, "partial"))]
    elif part == "input device":
        extra["VOICEGUIDE_INPUT_DEVICE"] = "usb-headset-mic"
    elif part == "output device":
        extra["VOICEGUIDE_OUTPUT_DEVICE"] = "hdmi-speakers"
    elif part == "journal":
        wrapper = mounts.read_only(data)
    env = child_env(virtual_audio.env, inject=inject, **extra)
    run = run_voiceguide(*args, "doctor", env=env, wrapper=wrapper)
    assert_no_traceback(run)
    problems = [line for line in run.stdout.splitlines() if line.startswith("!! ")]
    if part == "nothing":
        assert run.code == 0 and not problems, run.stdout
        return
    if part == "espeak-ng, Piper speaking":  # missing, said, but not a problem: the app speaks with Piper
        require_neural_engines()
        assert run.code == 0 and not problems, run.stdout
        assert "-- espeak-ng: missing (Piper speaks instead)" in run.stdout, run.stdout
        return
    assert run.code != 0, f"doctor found nothing wrong with {part} missing:\n{run.stdout}"
    assert len(problems) == 1 and part in problems[0], run.stdout
    if part == "pocketsphinx":
        assert "cannot be loaded" in problems[0], problems[0]
    assert run.stdout.rstrip().splitlines()[-1].startswith("1 problem(s): "), run.stdout
    record(f"doctor with only {part} missing", "doctor", EXITS, run, message=problems[0])
