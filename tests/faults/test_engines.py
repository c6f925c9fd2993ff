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
