"""Missing and vanishing audio devices, espeak-ng missing, pocketsphinx failing to import."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.faults.harness import (
    DEGRADED,
    EXITS,
    REPO,
    WORKS,
    Run,
    assert_no_traceback,
    assert_one_line,
    check_journal,
    child_env,
    record,
    run_voiceguide,
    spoken_word,
)
from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.errors import EXIT_DEVICE, EXIT_ENGINE
from voiceguide.headless import DEVICE_LOST, INPUT_ENDED, SPEAKER_LOST

pytestmark = pytest.mark.devices

PULSE = ("--input-device", "pulse", "--output-device", "pulse")


def session_env(audio: VirtualAudio, tmp_path: Path, **extra: str) -> dict[str, str]:
    return child_env(audio.env, VOICEGUIDE_DATA_DIR=str(tmp_path / "data"),
                     VOICEGUIDE_CONFIG_DIR=str(tmp_path / "config"), **extra)


def pactl(audio: VirtualAudio, *args: str) -> str:
    return subprocess.run(["pactl", *args], env=audio.env, capture_output=True, text=True,
                          check=True).stdout


def unload(audio: VirtualAudio, module: str) -> None:
    pactl(audio, "unload-module", module)


def test_named_input_device_missing(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    run = run_voiceguide("run", "stop", "--no-tui", "--input-device", "usb-headset-mic", "--output-device",
                         "pulse", env=session_env(virtual_audio, tmp_path))
    assert_one_line(run, EXIT_DEVICE, "no input device 'usb-headset-mic'", "available")
    record("no input device (the configured one is not there)", "devices", EXITS, run)


def test_named_output_device_missing(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    run = run_voiceguide("run", "stop", "--no-tui", "--input-device", "pulse", "--output-device",
                         "hdmi-speakers", env=session_env(virtual_audio, tmp_path))
    assert_one_line(run, EXIT_DEVICE, "no output device 'hdmi-speakers'", "available")
    record("no output device (the configured one is not there)", "devices", EXITS, run)


def test_sound_server_gone(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    """PULSE_SERVER names a socket nobody listens on: neither microphone nor speaker can open."""
    env = session_env(virtual_audio, tmp_path, PULSE_SERVER=f"unix:{tmp_path / 'no-such-socket'}")
    run = run_voiceguide("run", "stop", "--no-tui", *PULSE, env=env)
    assert_one_line(run, EXIT_DEVICE)
    record("no sound server (no input or output device)", "devices", EXITS, run)


def test_sound_server_without_devices(own_audio: VirtualAudio, tmp_path: Path) -> None:
    """PulseAudio runs but has neither a microphone nor a speaker (both modules unloaded).

    (Unloading only the microphone is not "no input": the speaker's monitor is still a source.)"""
    unload(own_audio, "module-pipe-source")
    unload(own_audio, "module-null-sink")
    assert "mic" not in pactl(own_audio, "list", "short", "sources")
    run = run_voiceguide("run", "stop", "--no-tui", *PULSE, env=session_env(own_audio, tmp_path))
    assert_one_line(run, EXIT_DEVICE)
    record("no input and no output device (PulseAudio has none)", "devices", EXITS, run)


def test_speaker_sink_unloaded(own_audio: VirtualAudio, tmp_path: Path) -> None:
    unload(own_audio, "module-null-sink")
    run = run_voiceguide("run", "stop", "--no-tui", *PULSE, env=session_env(own_audio, tmp_path))
    assert_one_line(run, EXIT_DEVICE)
    record("no output device (PulseAudio has no sink)", "devices", EXITS, run)


@pytest.mark.parametrize("when", ["listening", "speaking"])
def test_input_vanishes_mid_session(when: str, own_audio: VirtualAudio, tmp_path: Path) -> None:
    """The PulseAudio daemon is killed while the walkthrough listens for the first rating, or speaks the
    step after a spoken rating settled: one line for the microphone and one for the speaker, then typed
    answers (none here: it ends); the rating is still in the journal, which passes its integrity check."""
    rating = spoken_word(tmp_path, "five")  # STOP starts by asking for a rating
    process = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", "stop", "--no-tui", *PULSE],
                               cwd=REPO, env=session_env(own_audio, tmp_path), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    listening = threading.Event()
    heard = threading.Event()
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
        if when == "speaking":
            own_audio.speak(rating)
            assert heard.wait(30), f"did not hear the rating and move on: {lines}"
        own_audio.daemon.kill()
        own_audio.daemon.wait(timeout=5)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    run = Run(code, "".join(lines), process.stderr.read() if process.stderr else "")
    assert_no_traceback(run)
    lost = [line.strip() for line in lines if DEVICE_LOST in line]
    speaker = [line.strip() for line in lines if SPEAKER_LOST in line]
    # listening, the input ends (stdin is empty) before the silent speaker shows; speaking, it is waited on
    assert code == 0 and len(lost) == 1 and len(speaker) == (when == "speaking"), f"exit {code}; {lines}"
    assert any(INPUT_ENDED in line for line in lines)  # typed answers took over (stdin here is empty)
    data_lost = check_journal(tmp_path / "data")
    with sqlite3.connect(tmp_path / "data" / "journal.sqlite3") as conn:
        ratings = conn.execute("SELECT rating_before FROM runs").fetchall()
    assert ratings == ([(5,)] if when == "speaking" else []), f"the settled rating was lost: {ratings}"
    record(f"input device vanishes mid-session, while {when} (PulseAudio killed)", "devices", DEGRADED, run,
           message=" / ".join(lost + speaker), data_lost=data_lost)


def test_espeak_missing(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    """No espeak-ng library (lookup and loading both fail) and no espeak-ng program on PATH."""
    env = session_env(virtual_audio, tmp_path)
    env = child_env(env, inject=["no_espeak"], PATH=str(Path(sys.executable).parent))
    probe = subprocess.run([sys.executable, "-c", "from voiceguide.speech.speaker import espeak_available;"
                            "print(espeak_available())"], env=env, capture_output=True, text=True,
                           cwd=REPO, check=True)
    assert probe.stdout.strip() == "False", "the simulation did not hide espeak-ng"
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text('[voice]\nspeaker = "pyttsx3"\n')  # the voice that needs it
    run = run_voiceguide("run", "stop", "--no-tui", *PULSE, env=env)
    assert_one_line(run, EXIT_ENGINE, "espeak-ng", "apt-get install espeak-ng")
    record("espeak-ng missing, pyttsx3 voice chosen", "engines", EXITS, run)

    (config / "config.toml").write_text('[voice]\nspeaker = "auto"\n')
    wav = tmp_path / "spoken.wav"
    spoken = run_voiceguide("say", "Breathe in slowly.", "--out", str(wav), env=env)
    assert_no_traceback(spoken)
    assert spoken.code == 0 and read_wav(wav).duration > 0.5, spoken.stderr[-2000:]
    record("espeak-ng missing, voice auto", "engines", WORKS, spoken, message="Piper speaks instead")


def test_pocketsphinx_fails_to_import(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    env = child_env(session_env(virtual_audio, tmp_path), inject=["no_pocketsphinx"])
    run = run_voiceguide("run", "stop", "--no-tui", *PULSE, env=env)
    assert_no_traceback(run)
    said = [line for line in run.stdout.splitlines()
            if "pocketsphinx" in line and "type your answers" in line]
    assert run.code == 0 and len(said) == 1, run.stdout[-2000:]
    record("pocketsphinx fails to import", "engines", DEGRADED, run, message=said[0])
