"""The voice layer on the virtual devices: real speech into the microphone, real recognition and synthesis."""

from __future__ import annotations

import csv
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.virtual_audio import VirtualAudio
from voiceguide.audio.format import read_wav
from voiceguide.config import Config
from voiceguide.errors import DeviceError
from voiceguide.headless import VoiceIO, open_voice_io
from voiceguide.intents import IntentKind
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode

pytestmark = pytest.mark.devices

GAP = np.zeros(int(16000 * 0.7), dtype="<i2")
COMMAND_WORDS = {"yes", "no", "stop", "go"}
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
NON_COMMANDS = {"up", "down", "left", "right", "on", "off"}


def clips(speech_dir: Path, words: set[str]) -> list[tuple[str, Path]]:
    with (speech_dir / "manifest.tsv").open() as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["file"].startswith("commands/")]
    return [(r["transcript"], speech_dir / r["file"]) for r in rows if r["transcript"] in words]


def stream_of(paths: list[Path]) -> np.ndarray:
    parts = [GAP]
    for path in paths:
        parts += [read_wav(path).resampled(16000).samples(), GAP]
    return np.concatenate(parts)


@pytest.fixture
def voice(virtual_audio: VirtualAudio) -> Iterator[VoiceIO]:
    config = Config()
    config.listen.engine = "pocketsphinx"
    config.devices.input = config.devices.output = "pulse"
    io = open_voice_io(config)
    try:
        yield io
    finally:
        io.close()


def test_spoken_commands_numbers_and_non_commands(voice: VoiceIO, virtual_audio: VirtualAudio,
                                                  speech_dir: Path) -> None:
    commands = clips(speech_dir, COMMAND_WORDS)
    seconds = virtual_audio.speak(stream_of([p for _, p in commands]))
    heard = voice.hear(ListenMode.COMMANDS, seconds + 1.0)
    expected = Counter(intent_for(word).kind for word, _ in commands if intent_for(word))
    got = Counter(i.kind for i in heard)
    right = sum((got & expected).values())
    wrong = sum((got - expected).values())
    assert wrong <= 1, (heard, expected)
    assert right >= len(commands) // 2, (heard, expected)
    assert IntentKind.PAUSE in got or IntentKind.NEXT in got  # "stop" and "go" are understood

    numbers = [next(p for w, p in clips(speech_dir, {word})) for word in NUMBER_WORDS]
    seconds = virtual_audio.speak(stream_of(numbers))
    heard = voice.hear(ListenMode.NUMBER, seconds + 1.0)
    values = [i.number for i in heard if i.kind is IntentKind.NUMBER]
    assert values, "no spoken number answered the rating"
    assert sum(v not in range(10) for v in values) == 0
    assert len(set(values) - set(range(10))) == 0 and len(values) <= len(numbers)

    others = clips(speech_dir, NON_COMMANDS)
    seconds = virtual_audio.speak(stream_of([p for _, p in others]))
    acted = voice.hear(ListenMode.COMMANDS, seconds + 1.0)
    assert len(acted) <= 1, f"{len(acted)} of {len(others)} non-command clips triggered an action: {acted}"


def test_own_prompt_on_the_monitor_is_never_acted_on(virtual_audio: VirtualAudio,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_SOURCE", "speaker.monitor")
    config = Config()
    config.listen.engine = "pocketsphinx"
    config.devices.input = config.devices.output = "pulse"
    io = open_voice_io(config)
    try:
        prompt = "Next. When you are ready, say next, and we go on to the next step."
        io.cache.prepare([prompt])
        io.say(prompt, wait=False)
        heard = io.hear(ListenMode.COMMANDS, io.cache.get(prompt).duration + 1.5)
    finally:
        io.close()
    assert heard == []


def words_of(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]", " ", text.lower()).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = words_of(reference), words_of(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1] / max(1, len(ref))


def test_librivox_dictation_is_saved_as_text(voice: VoiceIO, virtual_audio: VirtualAudio,
                                             speech_dir: Path) -> None:
    with (speech_dir / "manifest.tsv").open() as handle:
        row = next(r for r in csv.DictReader(handle, delimiter="\t") if "librivox" in r["file"])
    session = voice.dictate(silence_timeout=2.0, max_seconds=60.0,
                            on_ready=lambda: virtual_audio.speak_wav(speech_dir / row["file"]))
    assert session.ended == "silence"
    assert word_error_rate(row["transcript"], session.text) < 0.35, (row["transcript"], session.text)


def test_vanished_microphone_ends_listening_with_a_clear_error(virtual_audio: VirtualAudio,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=doomed"],
                            env=virtual_audio.env, capture_output=True, text=True, check=True)
    module = loaded.stdout.strip()
    monkeypatch.setenv("PULSE_SOURCE", "doomed.monitor")
    config = Config()
    config.listen.engine = "pocketsphinx"
    config.devices.input = config.devices.output = "pulse"
    io = open_voice_io(config)
    try:
        assert io.hear(ListenMode.COMMANDS, 0.3) == []
        subprocess.run(["pactl", "unload-module", module], env=virtual_audio.env, check=True)
        with pytest.raises(DeviceError, match="microphone stopped"):
            io.listen_intent(timeout=10.0)
    finally:
        io.close()
