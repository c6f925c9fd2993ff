"""The command line's version, help and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voiceguide import __version__
from voiceguide.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "voiceguide", *args], capture_output=True, text=True,
                          timeout=60, env=env)


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"voiceguide {__version__}"


def test_help_says_what_it_is_not() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "not therapy" in text
    assert "not an emergency service" in text
    assert "run" in text


def test_unknown_practice_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "no-such-practice", "--no-tui"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "unknown practice" in err


def test_missing_output_device_is_one_line_not_a_traceback() -> None:
    result = run_cli("run", "stop", "--no-tui", "--output-device", "no-such-speaker-xyz")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "output device" in lines[0]


def test_missing_espeak_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import voiceguide.speech.speaker as speaker

    monkeypatch.setattr(speaker, "espeak_available", lambda: False)
    config_dir = Path(os.environ["VOICEGUIDE_CONFIG_DIR"])
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[voice]\nspeaker = "pyttsx3"\n')  # Piper would need no espeak
    code = main(["run", "stop", "--no-tui"])
    err = capsys.readouterr().err
    assert code == 4
    assert err.count("\n") == 1 and "espeak-ng" in err and "apt-get install espeak-ng" in err
