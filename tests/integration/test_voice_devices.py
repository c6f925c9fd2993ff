"""The voice layer on the virtual devices: real speech into the microphone, real recognition and synthesis."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.virtual_audio import VirtualAudio
from tests.voice_probe import VoiceProbe, open_probe
from voiceguide.audio.format import read_wav
from voiceguide.config import Config
from voiceguide.intents import Intent, IntentKind
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
def voice(virtual_audio: VirtualAudio) -> Iterator[VoiceProbe]:
    config = Config()
    config.listen.engine = "pocketsphinx"
    config.devices.input = config.devices.output = "pulse"
    io = open_probe(config)
    try:
        yield io
    finally:
        io.close()


def same(heard: Intent, wanted: Intent | None) -> bool:
    return wanted is not None and (heard.kind, heard.number) == (wanted.kind, wanted.number)


def heard_per_clip(voice: VoiceProbe, virtual_audio: VirtualAudio, paths: list[Path],
                   mode: ListenMode) -> list[list[Intent]]:
    """Each clip spoken alone into the microphone (silence around it), with what was heard meanwhile."""
    heard = []
    for path in paths:
        seconds = virtual_audio.speak(stream_of([path]))
        heard.append(voice.hear(mode, seconds + 1.0))
    return heard


def test_spoken_commands_numbers_and_non_commands(voice: VoiceProbe, virtual_audio: VirtualAudio,
                                                  speech_dir: Path) -> None:
    # Clip by clip, so each clip's intents are matched to its own word: in one long stream the endpointer
    # joins neighbouring clips into one utterance now and then, and what that is read as is luck.
    commands = clips(speech_dir, COMMAND_WORDS)
    per_clip = heard_per_clip(voice, virtual_audio, [p for _, p in commands], ListenMode.COMMANDS)
    expected = [intent_for(word) for word, _ in commands]
    right = sum(any(same(i, want) for i in got) for want, got in zip(expected, per_clip, strict=True))
    wrong = [(word, got) for (word, _), want, got in zip(commands, expected, per_clip, strict=True)
             if any(not same(i, want) for i in got)]
    # Measured accuracy of pocketsphinx with rejection is about 40 % (see bench_voice); a wrong action is
    # what must not happen.
    assert len(wrong) <= 1, wrong
    assert right >= len(commands) // 4, list(zip(commands, per_clip, strict=True))
    kinds = {i.kind for got in per_clip for i in got}
    assert IntentKind.PAUSE in kinds or IntentKind.NEXT in kinds  # "stop" and "go" are understood

    numbers = [next(p for w, p in clips(speech_dir, {word})) for word in NUMBER_WORDS]
    per_clip = heard_per_clip(voice, virtual_audio, numbers, ListenMode.NUMBER)
    said = [[i.number for i in got if i.kind is IntentKind.NUMBER] for got in per_clip]
    right = sum(values == [n] for n, values in enumerate(said))
    misread = [(n, values) for n, values in enumerate(said) if any(v != n for v in values)]
    # pocketsphinx alone reads 3 of these 10 offline (two, four, nine) and about 40 % of all the shared
    # number clips (bench_voice); a wrong number would be a wrong rating in the journal.
    assert not misread, said
    assert right >= 2, said

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
    io = open_probe(config)
    try:
        prompt = "Next. When you are ready, say next, and we go on to the next step."
        io.cache.prepare([prompt])
        io.say(prompt, wait=False)
        heard = io.hear(ListenMode.COMMANDS, io.cache.get(prompt).duration + 1.5)
    finally:
        io.close()
    assert heard == []


SPELLED_OUT = {"mr": "mister", "mrs": "missus", "dr": "doctor"}


def words_of(text: str) -> list[str]:
    return [SPELLED_OUT.get(w, w) for w in re.sub(r"[^a-z' ]", " ", text.lower()).split()]


def word_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = words_of(reference), words_of(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1] / max(1, len(ref))


def test_librivox_dictation_is_saved_as_text(voice: VoiceProbe, virtual_audio: VirtualAudio,
                                             speech_dir: Path) -> None:
    """All the LibriVox clips, read one after another into the microphone during one listen step."""
    with (speech_dir / "manifest.tsv").open() as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if "librivox" in r["file"]]
    pause = np.zeros(16000, dtype="<i2")
    spoken = [read_wav(speech_dir / r["file"]).resampled(16000).samples() for r in rows]
    reading = np.concatenate([part for clip in spoken for part in (clip, pause)])
    def speak_the_reading() -> None:
        virtual_audio.speak(reading)

    session = voice.dictate(silence=2.5, max_seconds=120.0, on_ready=speak_the_reading)
    segments = session.segments
    reference = " ".join(r["transcript"] for r in rows)
    assert session.ended == "silence"
    assert len(segments) >= len(rows) - 1  # text arrived segment by segment, not all at the end
    assert word_error_rate(reference, session.text) < 0.35, (reference, session.text)
