"""pocketsphinx alone does not act on a command it barely prefers; clear commands and numbers still act."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from voiceguide.audio.format import read_wav
from voiceguide.intents import IntentKind
from voiceguide.speech.listening import interpret
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.sphinx_engine import MIN_COMMAND_POSTERIOR, UNSURE_MARK, PocketsphinxRecognizer

CHUNK = 640
SILENCE = np.zeros(int(16000 * 0.7), dtype="<i2")


def finals(recognizer: PocketsphinxRecognizer, clip: Path, mode: ListenMode) -> list[Transcript]:
    audio = np.concatenate([SILENCE, read_wav(clip).resampled(16000).samples(), SILENCE]).tobytes()
    recognizer.set_mode(mode)
    found = [t for i in range(0, len(audio), CHUNK) for t in recognizer.accept(audio[i:i + CHUNK])]
    return [t for t in found + recognizer.flush() if t.final]


def test_a_weakly_preferred_command_is_marked_unsure_and_not_acted_on(speech_dir: Path) -> None:
    recognizer = PocketsphinxRecognizer()
    # This speaker's "no" is read as "go" with a posterior of about 0.03: acting on it would move on.
    [heard] = finals(recognizer, speech_dir / "commands/no_439c84f4_nohash_1.wav", ListenMode.COMMANDS)
    assert heard.text == f"{UNSURE_MARK} go" and heard.confidence < MIN_COMMAND_POSTERIOR
    assert interpret(heard, ListenMode.COMMANDS) is None


def test_clear_commands_and_quiet_numbers_are_still_acted_on(speech_dir: Path) -> None:
    recognizer = PocketsphinxRecognizer()
    [yes] = finals(recognizer, speech_dir / "commands/yes_439c84f4_nohash_1.wav", ListenMode.COMMANDS)
    assert yes.confidence >= MIN_COMMAND_POSTERIOR
    intent = interpret(yes, ListenMode.COMMANDS)
    assert intent is not None and intent.kind is IntentKind.YES
    # Numbers are read against a larger grammar: a right "nine" scores below the command floor.
    numbers = [t for clip in sorted((speech_dir / "commands").glob("nine_*.wav"))
               for t in finals(recognizer, clip, ListenMode.NUMBER)]
    low = [t for t in numbers if t.confidence < MIN_COMMAND_POSTERIOR and t.text == "nine"]
    assert low, [(t.text, t.confidence) for t in numbers]
    assert all((i := interpret(t, ListenMode.NUMBER)) is not None and i.number == 9 for t in low)
