"""`voiceguide safety scan` and `voiceguide safety card`."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from voiceguide.cli import main


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_scan_json_from_stdin_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voiceguide", "safety", "scan", "--json", "-"],
        input=b"i want to die\nthis traffic is killing me\n\nhe hits me\n",
        capture_output=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["category"] for r in records] == ["suicide", None, None, "abuse"]
    assert [r["text"] for r in records] == ["i want to die", "this traffic is killing me", "", "he hits me"]


def test_scan_text_mode_prints_one_line_per_input_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("I have the pills in front of me\r\nkill the lights\n", encoding="utf-8")
    assert main(["safety", "scan", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "immediate_danger\tI have the pills in front of me", "-\tkill the lights"]


def test_scan_without_a_file_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, b"i've been hurting myself again")
    assert main(["safety", "scan"]) == 0
    assert capsys.readouterr().out == "self_harm\ti've been hurting myself again\n"


def test_invalid_utf8_is_one_warning_and_still_scanned(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, b"he hits me \xff\xfe\nfine\n")
    assert main(["safety", "scan", "--json"]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if "semantic safety stage" not in line]
    assert len(warnings) == 1 and "not valid UTF-8" in warnings[0]
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert records[0]["category"] == "abuse" and "\ufffd" in records[0]["text"]
    assert records[1]["category"] is None


@pytest.mark.parametrize("make", ["missing", "folder"])
def test_unreadable_input_is_one_line(make: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nope.txt" if make == "missing" else tmp_path
    assert main(["safety", "scan", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("voiceguide: ")


def test_card_for_a_country(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["safety", "card", "--country", "GB"]) == 0
    out = capsys.readouterr().out
    assert "Samaritans: 116 123" in out and "999 or 112" in out


def test_card_with_no_config_file_is_the_us_card(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["safety", "card"]) == 0
    assert "call or text 988" in capsys.readouterr().out


def test_card_still_shows_when_the_config_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("[safety\ncountry = ", encoding="utf-8")
    assert main(["safety", "card", "--config", str(broken)]) == 0
    captured = capsys.readouterr()
    assert "call or text 988" in captured.out
    assert captured.err.count("\n") == 1 and "built-in" in captured.err
