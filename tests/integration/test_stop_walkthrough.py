"""`voiceguide run stop --no-tui` walked whole by voice through the virtual microphone and speaker."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.neural_support import NETWORK_REFUSED, require_neural_engines
from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.intents import Intent, IntentKind
from voiceguide.practices.library import load_builtins
from voiceguide.practices.model import ListenStep, StepKind
from voiceguide.speech.listening import interpret
from voiceguide.speech.recognizer import ListenMode
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer

pytestmark = pytest.mark.devices

STOP = next(p for p in load_builtins() if p.id == "stop")
# Fixed clips (real human recordings) and what the recognizer must take each one for, whatever the quiet
# before it (some clips are recognized only after some lengths of quiet: those would make a flaky test).
CLIPS = {
    "before": ("commands/five_a8cb6dda_nohash_0.wav", ListenMode.NUMBER, Intent(IntentKind.NUMBER, 5)),
    "breathe": ("commands/go_988e2f9a_nohash_0.wav", ListenMode.COMMANDS, Intent(IntentKind.NEXT)),
    "more-breaths": ("commands/no_988e2f9a_nohash_0.wav", ListenMode.COMMANDS, Intent(IntentKind.NO)),
    "after": ("commands/two_1eddce1d_nohash_3.wav", ListenMode.NUMBER, Intent(IntentKind.NUMBER, 2)),
}
ANSWERS = {
    "observe": "my shoulders are tight and my heart is racing",
    "proceed": "i will take a short walk outside",
}
SECOND = 16000
REPO = Path(__file__).resolve().parents[2]


def synthesized(tmp_path: Path, text: str) -> np.ndarray:
    """`text` spoken by espeak-ng, as 16 kHz samples, followed by silence."""
    wav = tmp_path / f"{abs(hash(text))}.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), text], check=True)
    return read_wav(wav).resampled(SECOND).samples()


def clip(speech_dir: Path, name: str) -> np.ndarray:
    """A shared clip with half a second of quiet before it, as a person pauses before answering."""
    samples = read_wav(speech_dir / name).resampled(SECOND).samples()
    return np.concatenate([np.zeros(SECOND // 2, dtype=samples.dtype), samples])


def recognized_offline(recognizer: PocketsphinxRecognizer, samples: np.ndarray, mode: ListenMode,
                       quiet: float) -> list[Intent]:
    """What the recognizer makes of `samples` after `quiet` seconds, decoded from memory."""
    recognizer.set_mode(mode)
    before = np.zeros(int(quiet * SECOND), dtype="<i2")
    audio = np.concatenate([before, samples.astype("<i2"), np.zeros(2 * SECOND, dtype="<i2")]).tobytes()
    transcripts = [t for i in range(0, len(audio), 640) for t in recognizer.accept(audio[i:i + 640])]
    transcripts += recognizer.flush()
    return [intent for t in transcripts if (intent := interpret(t, mode)) is not None]


def words(text: str) -> set[str]:
    return set(re.sub(r"[^a-z' ]", " ", text.lower()).split())


def loud_frames(samples: np.ndarray) -> np.ndarray:
    """Whether each 20 ms frame of `samples` holds sound."""
    frame = SECOND // 50
    usable = samples[: samples.size // frame * frame].astype(np.float32).reshape(-1, frame)
    return np.asarray(np.sqrt((usable**2).mean(axis=1)) > 300)


def loud_seconds(samples: np.ndarray, start: float, end: float) -> float:
    """Seconds of sound in `samples` between `start` and `end`."""
    return float(loud_frames(samples)[max(0, int(start * 50)) : max(0, int(end * 50))].sum()) / 50


def voiced_stretches(samples: np.ndarray, min_gap: float = 0.6) -> list[tuple[float, float]]:
    """Stretches of sound (longer than 0.3 s) separated by at least `min_gap` seconds of silence."""
    loud = loud_frames(samples)
    stretches: list[tuple[float, float]] = []
    start = last = None
    for index in np.flatnonzero(loud):
        t = index / 50
        if start is None or last is None:
            start = last = t
        elif t - last > min_gap:
            stretches.append((start, last))
            start = t
        last = t
    if start is not None and last is not None:
        stretches.append((start, last))
    return [s for s in stretches if s[1] - s[0] > 0.3]


@dataclass(frozen=True)
class Engines:
    """Which recognizer and voice a walkthrough uses, and whether the network is refused around it."""

    arguments: tuple[str, ...]
    speaker: str
    offline: bool = False
    record_audio: bool = False  # [journal] record_audio: keep each answer's microphone audio


EMBEDDED = Engines(("--engine", "pocketsphinx"), "pyttsx3", record_audio=True)
# auto: pocketsphinx with Whisper reading commands and each dictated segment; the bundled Piper voice
NEURAL = Engines((), "piper", offline=True)

# Runs voiceguide with every Python-level network attempt refused; what was attempted goes to a file.
OFFLINE_MAIN = NETWORK_REFUSED + r"""
import atexit, json, os, sys
atexit.register(lambda: open(os.environ["VG_NETWORK_ATTEMPTS"], "w").write(json.dumps(attempts)))
from voiceguide.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("engines", [EMBEDDED, NEURAL], ids=["pocketsphinx-espeak", "whisper-piper-offline"])
def test_stop_walked_whole_by_voice_into_the_journal(virtual_audio: VirtualAudio, speech_dir: Path,
                                                     tmp_path: Path, engines: Engines) -> None:
    if engines.offline:
        require_neural_engines()
    said = {step: clip(speech_dir, name) for step, (name, _, _) in CLIPS.items()}
    recognizer = PocketsphinxRecognizer()
    for step, (name, mode, expected) in CLIPS.items():
        for quiet in (0.0, 0.8):
            found = recognized_offline(recognizer, said[step], mode, quiet)
            offline = [Intent(i.kind, i.number) for i in found]
            assert offline == [expected], f"the recognizer no longer takes {name} for {expected}: {offline}"
    silence = np.zeros(8 * SECOND, dtype="<i2")  # longer than the listen steps' trailing silence
    said |= {step: np.concatenate([synthesized(tmp_path, text), silence]) for step, text in ANSWERS.items()}

    config_dir = tmp_path / "config"
    config_dir.mkdir()
    # brisk prompts keep the test short
    record = "true" if engines.record_audio else "false"
    (config_dir / "config.toml").write_text(f'[voice]\nrate = 230\nspeaker = "{engines.speaker}"\n'
                                            f'[journal]\nrecord_audio = {record}\n')
    attempts = tmp_path / "network-attempts.json"
    env = virtual_audio.env | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data"),
                               "VOICEGUIDE_CONFIG_DIR": str(config_dir), "VG_NETWORK_ATTEMPTS": str(attempts)}
    command = ["run", "stop", "--no-tui", *engines.arguments, "--input-device", "pulse", "--output-device",
               "pulse"]
    launcher = ["-c", OFFLINE_MAIN] if engines.offline else ["-m", "voiceguide"]
    recording = virtual_audio.record()
    errors = (tmp_path / "stderr.txt").open("w+")  # a file: ALSA's underrun lines would fill a pipe
    process = subprocess.Popen([sys.executable, *launcher, *command], cwd=REPO, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors, text=True)
    lines: list[str] = []
    shown_at: dict[str, float] = {}  # when each step appeared, in seconds on the recording's clock
    answered: list[str] = []
    heard: dict[str, list[str]] = {}

    def follow() -> None:
        """Answer each step once, when the walkthrough says it is listening."""
        assert process.stdout is not None
        step_id = ""
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if (found := re.match(r"\[(\d+)/\d+\]", line)) is not None:
                step_id = STOP.steps[int(found[1]) - 1].id
                shown_at[step_id] = time.monotonic() - recording.started
            elif line.startswith("  heard: "):
                heard.setdefault(step_id, []).append(line.rstrip("\n").removeprefix("  heard: "))
            elif "(listening" in line and step_id in said and step_id not in answered:
                answered.append(step_id)
                virtual_audio.speak(said[step_id])

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    try:
        code = process.wait(timeout=200)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        if process.poll() is None:
            process.kill()
        reader.join(timeout=5)
    played = recording.stop()
    errors.seek(0)
    stderr = errors.read()
    errors.close()

    problems = [line for line in stderr.splitlines() if "ALSA" not in line]
    assert code == 0, f"exit {code}; output: {lines}; stderr: {problems}"
    assert "Traceback" not in stderr
    assert answered == ["before", "breathe", "more-breaths", "observe", "proceed", "after"], lines
    for shown in STOP.steps:  # every step was shown, in order, and the walkthrough ended
        if shown.display_text:
            assert any(shown.display_text in line for line in lines), shown.id
    assert lines[-1] == "The practice is finished."
    assert f"speaking with {engines.speaker}" in lines, lines[:3]
    if engines.offline:
        assert "whisper" in lines[0].lower(), lines[0]
        assert json.loads(attempts.read_text()) == [], "voiceguide tried to reach the network"
    # Each spoken step was played on the speaker: in the seconds after the step was shown (the audio
    # server buffers a second or two), the speaker's monitor holds sound as long as the step's words need.
    for shown in STOP.steps:
        if shown.display_text and shown.kind is not StepKind.PAUSE:
            shortest = 0.1 * len(shown.display_text.split())
            heard_for = loud_seconds(played, shown_at[shown.id] - 1.0, shown_at[shown.id] + 6.0)
            assert heard_for >= shortest, (shown.id, shown_at[shown.id], heard_for, voiced_stretches(played))

    listed = subprocess.run([sys.executable, "-m", "voiceguide", "journal", "list", "--json"], env=env,
                            capture_output=True, text=True, check=True)
    entries = {e["step"]: e for e in json.loads(listed.stdout)}
    assert set(entries) == {"observe", "proceed"}
    assert {(e["rating_before"], e["rating_after"]) for e in entries.values()} == {(5, 2)}
    for step, text in ANSWERS.items():
        kept = entries[step]["text"]
        # Exactly what was heard, segment by segment, is kept (accuracy is measured in bench_voice).
        assert kept == " ".join(heard[step]), (kept, heard)
        assert len(words(kept) & words(text)) >= 2, (text, kept)
        assert entries[step]["source"] == "spoken"
        if not engines.record_audio:
            assert entries[step]["audio"] is None
            continue
        # The answer's recording: what the microphone heard while it was taken, the words loud in it
        assert entries[step]["audio"] == f"audio/entry-{entries[step]['id']}.wav"
        kept_audio = read_wav(tmp_path / "data" / entries[step]["audio"])
        assert kept_audio.fmt.rate == SECOND and kept_audio.duration >= 1.5, kept_audio.duration
        assert np.abs(kept_audio.samples()).max() > 2000, "the recording holds no speech"
    if not engines.record_audio:
        assert not (tmp_path / "data" / "audio").exists()
    assert all(isinstance(s, ListenStep) for s in STOP.steps if s.id in ANSWERS)
