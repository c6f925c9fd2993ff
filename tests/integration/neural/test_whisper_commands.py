"""Spoken commands and numbers through the virtual microphone with the default engines (pocketsphinx finds
each utterance, Whisper reads it): each clip matched to its own word, near the bench's accuracy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_voice_devices import (
    COMMAND_WORDS,
    NUMBER_WORDS,
    clips,
    heard_per_clip,
    same,
)
from tests.virtual_audio import VirtualAudio
from tests.voice_probe import VoiceProbe, open_probe
from voiceguide.config import Config
from voiceguide.intents import IntentKind
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode

pytestmark = pytest.mark.devices


@pytest.fixture
def voice(virtual_audio: VirtualAudio) -> Iterator[VoiceProbe]:
    config = Config()
    config.devices.input = config.devices.output = "pulse"
    probe = open_probe(config)
    try:
        assert "whisper" in probe.mic.recognizer.name, probe.mic.recognizer.name
        yield probe
    finally:
        probe.close()


def test_each_spoken_number_and_command_is_its_own_word(voice: VoiceProbe, virtual_audio: VirtualAudio,
                                                        speech_dir: Path) -> None:
    # Measured by scripts/bench.py voice on all the shared clips: 97 % right, 4.5 % wrong.
    numbers = [next(p for w, p in clips(speech_dir, {word})) for word in NUMBER_WORDS]
    said = [[i.number for i in got if i.kind is IntentKind.NUMBER]
            for got in heard_per_clip(voice, virtual_audio, numbers, ListenMode.NUMBER)]
    assert sum(values == [n] for n, values in enumerate(said)) >= 9, said
    assert sum(any(v != n for v in values) for n, values in enumerate(said)) <= 1, said

    commands = clips(speech_dir, COMMAND_WORDS)
    per_clip = heard_per_clip(voice, virtual_audio, [p for _, p in commands], ListenMode.COMMANDS)
    expected = [intent_for(word) for word, _ in commands]
    outcome = list(zip([w for w, _ in commands], per_clip, strict=True))
    right = sum(any(same(i, want) for i in got) for want, got in zip(expected, per_clip, strict=True))
    wrong = sum(any(not same(i, want) for i in got) for want, got in zip(expected, per_clip, strict=True))
    assert right >= len(commands) - 2, outcome
    assert wrong <= 1, outcome
