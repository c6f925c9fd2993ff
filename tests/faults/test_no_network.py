"""No network: a full session, journal export included, with every network socket refused."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import SPEECH
from tests.faults.harness import (
    REPO,
    WORKS,
    assert_no_traceback,
    check_journal,
    child_env,
    record,
    run_voiceguide,
    spoken_word,
)
from tests.virtual_audio import VirtualAudio

NO_NETWORK_NAMESPACE = ["unshare", "-rn"]


def a_clip() -> Path:
    clips = sorted((SPEECH / "commands").glob("*.wav"))
    assert clips, f"no speech clips in {SPEECH / 'commands'}"
    return clips[0]


def offline_env(base: dict[str, str] | None, log: Path, **extra: str) -> dict[str, str]:
    return child_env(base, inject=["no_network"], VOICEGUIDE_NETWORK_LOG=str(log), **extra)


def test_the_refusal_is_real(tmp_path: Path) -> None:
    """The hook does refuse (and log) a connection, so a clean log below means something."""
    log = tmp_path / "network.log"
    probe = subprocess.run(
        [*NO_NETWORK_NAMESPACE, sys.executable, "-c",
         "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
         "except PermissionError as exc:\n    print('refused', exc)\n"],
        env=offline_env(None, log), capture_output=True, text=True, check=False)
    assert "refused" in probe.stdout, probe.stderr
    assert "getaddrinfo" in log.read_text() or "socket(" in log.read_text()


def test_full_session_and_export_offline(tmp_path: Path, data_dir: Path) -> None:
    log = tmp_path / "network.log"
    env = offline_env(None, log)
    session = subprocess.run([*NO_NETWORK_NAMESPACE, sys.executable, "-m", "tests.faults.session", "stop",
                              str(data_dir)], cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert session.returncode == 0 and session.stdout.endswith("done\n"), session.stderr
    said = [line.split(" ", 2)[2] for line in session.stdout.splitlines() if line.startswith("settled ")]
    assert said
    typed = ["my shoulders are up by my ears", "put the kettle on"]
    answers = "\n".join(["5", "next", "next", "no", *typed, "3"]) + "\n"  # STOP by typed lines, no audio
    walked = run_voiceguide("run", "stop", "--no-tui", stdin=answers, wrapper=NO_NETWORK_NAMESPACE,
                            env=child_env(env, PULSE_SERVER="unix:/nonexistent/pulse"))
    assert_no_traceback(walked)
    assert walked.code == 0 and walked.stdout.rstrip().endswith("The practice is finished."), walked.stderr
    said += typed
    out = tmp_path / "export"
    out.mkdir()
    runs = [run_voiceguide(*argv, env=env, wrapper=NO_NETWORK_NAMESPACE, stdin="I feel calm now\n")
            for argv in (
        ["journal", "export", "--format", "json", "--out", str(out / "journal.json")],
        ["journal", "export", "--format", "md", "--out", str(out / "md")],
        ["journal", "export", "--format", "jrnl"],
        ["journal", "search", "segment"],
        ["journal", "stats"],
        ["practices", "list"],
        ["safety", "scan", "-"],
        ["transcribe", str(a_clip())],
        ["say", "You are safe here.", "--out", str(out / "said.wav")],
    )]
    for run in runs:
        assert_no_traceback(run)
        assert run.code == 0, run.stderr
    exported = (out / "journal.json").read_text(encoding="utf-8")
    assert all(text in exported for text in said)
    assert all(text in runs[2].stdout for text in typed)
    assert not log.exists(), f"network access was attempted:\n{log.read_text()}"
    lost = check_journal(data_dir, said)
    record("no network: app session to journal, typed run of STOP, export, search, stats, safety scan, "
           "transcribe, say",
           "privacy", WORKS,
           runs[0], message="no socket other than AF_UNIX opened; no name lookup", data_lost=lost)


@pytest.mark.devices
def test_spoken_session_offline(tmp_path: Path, virtual_audio: VirtualAudio) -> None:
    """The spoken walkthrough on the real devices, offline: speaks, hears a rating, moves on."""
    log = tmp_path / "network.log"
    env = offline_env(virtual_audio.env, log, VOICEGUIDE_DATA_DIR=str(tmp_path / "data"),
                      VOICEGUIDE_CONFIG_DIR=str(tmp_path / "config"))
    rating = spoken_word(tmp_path, "five")  # STOP starts by asking for a rating
    process = subprocess.Popen([*NO_NETWORK_NAMESPACE, sys.executable, "-m", "voiceguide", "run", "stop",
                                "--no-tui", "--input-device", "pulse", "--output-device", "pulse"],
                               cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    heard = threading.Event()
    listening = threading.Event()
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "(listening" in line:
                listening.set()
            if "[2/" in line:
                heard.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert listening.wait(60), f"never listened: {lines}"
        virtual_audio.speak(rating)
        assert heard.wait(30), f"did not hear the rating and move on: {lines}"
    finally:
        process.terminate()
        process.wait(timeout=15)
    reader.join(timeout=5)
    stderr = process.stderr.read() if process.stderr else ""
    assert "Traceback" not in stderr
    assert any("heard: five" in line for line in lines), lines
    assert not log.exists(), f"network access was attempted:\n{log.read_text()}"
    record("no network: spoken walkthrough on the audio devices", "privacy", WORKS,
           message="spoke, heard a spoken rating, moved on; no network socket opened")
