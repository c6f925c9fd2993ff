"""Commands read by Whisper: text normalization, engine choice, and real clips of human speech."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from voiceguide.audio.format import read_wav
from voiceguide.config import Config
from voiceguide.errors import ConfigError
from voiceguide.speech.commands import intent_for
from voiceguide.speech.engines import open_recognizer
from voiceguide.speech.isolated import IsolatedPocketsphinx
from voiceguide.speech.recognizer import ListenMode, Recognizer
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer
from voiceguide.speech.whisper_assist import WhisperAssistedRecognizer, command_text, mode_prompt
from voiceguide.speech.whisper_engine import WhisperTranscriber
from voiceguide.vocabulary import NUMBER_WORDS

COMMAND_WORDS = ("yes", "no", "stop", "go")
NON_COMMANDS = ("up", "down", "left", "right", "on", "off")


@pytest.mark.parametrize(("raw", "mode", "expected"), [
    ("7.", ListenMode.NUMBER, "seven"),
    ("10", ListenMode.NUMBER, "ten"),
    ("For.", ListenMode.NUMBER, "four"),
    ("For.", ListenMode.COMMANDS, "for"),
    ("Oh.", ListenMode.NUMBER, "oh"),  # an exclamation, not a rating
    ("Stop, stop!", ListenMode.COMMANDS, "stop"),
    ("Go go go go.", ListenMode.COMMANDS, "go"),
    ("I'm done.", ListenMode.COMMANDS, "i'm done"),
    ("[bold]next[/]", ListenMode.COMMANDS, "bold next"),
    ("", ListenMode.COMMANDS, ""),
])
def test_command_text_spells_out_what_whisper_prints(raw: str, mode: ListenMode, expected: str) -> None:
    assert command_text(raw, mode) == expected


def test_number_mode_prompt_lists_every_number() -> None:
    prompt = mode_prompt(ListenMode.NUMBER)
    assert all(word in prompt for word in NUMBER_WORDS)
    assert "next" not in mode_prompt(ListenMode.NUMBER)


def test_whisper_reads_commands_when_installed_and_can_be_turned_off() -> None:
    recognizer, info = open_recognizer(Config())
    assert info.name == "pocketsphinx+whisper"
    assert isinstance(recognizer, WhisperAssistedRecognizer)
    assert recognizer.commands and recognizer.dictation
    no_commands = Config()
    no_commands.listen.whisper_commands = "off"
    dictation_only, _ = open_recognizer(no_commands)
    assert isinstance(dictation_only, WhisperAssistedRecognizer)
    assert not dictation_only.commands and dictation_only.dictation
    off = Config()
    off.listen.whisper_commands = "off"
    off.listen.second_pass = "off"
    plain, plain_info = open_recognizer(off)
    assert plain_info.name == "pocketsphinx" and isinstance(plain, IsolatedPocketsphinx)
    bad = Config()
    bad.listen.whisper_commands = "sometimes"
    with pytest.raises(ConfigError):
        open_recognizer(bad)


def first_clip_of_each(speech_dir: Path, words: tuple[str, ...]) -> list[tuple[str, Path]]:
    """One clip per word: the first speaker in file order (a fixed choice, not the best one)."""
    with open(speech_dir / "manifest.tsv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["file"].startswith("commands/")]
    chosen: dict[str, Path] = {}
    for row in rows:
        if row["transcript"] in words:
            chosen.setdefault(row["transcript"], speech_dir / row["file"])
    return sorted(chosen.items())


def hear(recognizer: Recognizer, path: Path, mode: ListenMode) -> str:
    recognizer.set_mode(mode)
    audio = b"\x00" * 8000 + read_wav(path).resampled(16000).data + b"\x00" * 24000
    found = recognizer.accept(audio) + recognizer.flush()
    return " ".join(t.text for t in found if t.final)


def test_real_command_clips_are_read_and_non_commands_are_not_acted_on(
    whisper: WhisperTranscriber, speech_dir: Path
) -> None:
    streaming = PocketsphinxRecognizer()
    recognizer = WhisperAssistedRecognizer(streaming, whisper, streaming.new_endpointer,
                                           make_command_endpointer=streaming.new_command_endpointer)
    right = wrong = 0
    numbers = tuple(NUMBER_WORDS)
    spoken = [*first_clip_of_each(speech_dir, COMMAND_WORDS), *first_clip_of_each(speech_dir, numbers)]
    for word, path in spoken:
        mode = ListenMode.NUMBER if word in NUMBER_WORDS else ListenMode.COMMANDS
        got = intent_for(hear(recognizer, path, mode), mode)
        expected = intent_for(word, mode)
        right += got == expected
        wrong += got is not None and got != expected
    assert right >= len(spoken) - 2, f"only {right} of {len(spoken)} commands read right"
    assert wrong <= 1
    acted = [word for word, path in first_clip_of_each(speech_dir, NON_COMMANDS)
             if intent_for(hear(recognizer, path, ListenMode.COMMANDS), ListenMode.COMMANDS) is not None]
    assert len(acted) <= 1, f"non-commands acted on: {acted}"


def test_dictation_goes_to_the_streaming_engine(whisper: WhisperTranscriber, speech_dir: Path) -> None:
    streaming = PocketsphinxRecognizer()
    recognizer = WhisperAssistedRecognizer(streaming, whisper, streaming.new_endpointer)
    sentence = sorted((speech_dir / "sentences").glob("librivox_*.wav"))[0]
    text = hear(recognizer, sentence, ListenMode.DICTATION)
    assert len(text.split()) >= 5  # free dictation, not a one-word command reading
    assert intent_for(text, ListenMode.DICTATION) is None


def test_dictation_segments_are_re_read_by_whisper(whisper: WhisperTranscriber, speech_dir: Path) -> None:
    """The second pass: the settled text is Whisper's, far closer to what was said than pocketsphinx's."""
    from voiceguide.speech.scoring import word_error_rate

    with open(speech_dir / "manifest.tsv", encoding="utf-8") as handle:
        truth = {r["file"]: r["transcript"] for r in csv.DictReader(handle, delimiter="\t")}
    clip = "sentences/librivox_sense_and_sensibility_01_austen_64kb-0870.wav"
    streaming_only = hear(PocketsphinxRecognizer(), speech_dir / clip, ListenMode.DICTATION)
    streaming = PocketsphinxRecognizer()
    assisted = WhisperAssistedRecognizer(streaming, whisper, streaming.new_endpointer, commands=False)
    accurate = hear(assisted, speech_dir / clip, ListenMode.DICTATION)
    assert word_error_rate([truth[clip]], [accurate]) < word_error_rate([truth[clip]], [streaming_only])
    assert word_error_rate([truth[clip]], [accurate]) <= 0.15, accurate
