"""Commands with Whisper's assist: read as the speaker goes quiet, given when the utterance closes, and a
reading that may go on ("go" of "go back") waits for the rest."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from voiceguide.audio.format import read_wav
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer
from voiceguide.speech.whisper_assist import MAX_EARLY_READ_SECONDS, WhisperAssistedRecognizer

CHUNK = 640  # 20 ms, as the microphone delivers it
RATE = 16000


class LengthReader:
    """Reads an utterance by its length: `short` under `boundary` seconds, `long` from there on."""

    def __init__(self, short: str, long: str = "", boundary: float = 60.0) -> None:
        self.short, self.long, self.boundary = short, long, boundary
        self.calls: list[tuple[int, float]] = []  # (chunk being fed, seconds of audio read)
        self.chunk = 0

    def transcribe_command(self, pcm16k: bytes, prompt: str) -> Transcript:
        seconds = len(pcm16k) / (2 * RATE)
        self.calls.append((self.chunk, seconds))
        return Transcript(self.short if seconds < self.boundary else self.long, True, 0.8, seconds)

    def transcribe_prompted(self, pcm16k: bytes, prompt: str | None) -> Transcript:
        raise AssertionError("commands are read with transcribe_command")


def spoken(tmp_path: Path, text: str) -> np.ndarray:
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), text], check=True)
    samples = read_wav(wav).resampled(RATE).samples().astype(np.int16)
    loud = np.flatnonzero(np.abs(samples) > 0.02 * np.abs(samples).max())
    return samples[loud[0] : loud[-1] + 1]  # no silence of its own: the test sets the pauses


def quiet(seconds: float) -> np.ndarray:
    noise = np.random.default_rng(7).standard_normal(int(seconds * RATE)) * 30  # a quiet room
    return noise.astype(np.int16)


def listen(reader: LengthReader, audio: np.ndarray) -> list[tuple[int, Transcript]]:
    """Feed `audio` in microphone chunks; each final transcript with the chunk that gave it."""
    streaming = PocketsphinxRecognizer()
    recognizer = WhisperAssistedRecognizer(streaming, reader, streaming.new_endpointer,
                                           make_command_endpointer=streaming.new_command_endpointer)
    recognizer.set_mode(ListenMode.COMMANDS)
    data = audio.astype("<i2").tobytes()
    found = []
    for reader.chunk, offset in enumerate(range(0, len(data), CHUNK)):
        found += [(reader.chunk, t) for t in recognizer.accept(data[offset : offset + CHUNK])]
    return found


def chunk_at(seconds: float) -> int:
    return int(seconds * RATE * 2) // CHUNK


def test_a_command_is_read_once_as_its_speaker_goes_quiet_and_given_when_the_utterance_closes(
    tmp_path: Path,
) -> None:
    word = spoken(tmp_path, "stop")
    reader = LengthReader("Stop.")
    found = listen(reader, np.concatenate([quiet(0.5), word, quiet(1.0)]))
    assert [t.text for _, t in found] == ["stop"]
    assert len(reader.calls) == 1  # nothing came after the quiet: the early reading was the only one
    (read_at, seconds), (given_at, _) = reader.calls[0], found[0]
    spoken_until = 0.5 + word.size / RATE
    assert seconds >= word.size / RATE  # the whole word was read
    assert read_at < given_at  # the reading was done before the endpointer closed
    assert read_at <= chunk_at(spoken_until + 0.2)  # and soon after the word


def test_words_a_short_pause_apart_are_one_command(tmp_path: Path) -> None:
    go, back = spoken(tmp_path, "go"), spoken(tmp_path, "back")
    alone = go.size / RATE + 0.5  # more than "go" with its lead-in and quiet tail, less than both words
    reader = LengthReader("Go.", "Go back.", boundary=alone)
    found = listen(reader, np.concatenate([quiet(0.5), go, quiet(0.3), back, quiet(1.5)]))
    assert [t.text for _, t in found] == ["go back"]
    assert reader.calls[0][1] < alone <= reader.calls[-1][1]  # "go" was read, then held, then joined


def test_a_reading_that_may_go_on_waits_and_one_that_cannot_does_not(tmp_path: Path) -> None:
    word = spoken(tmp_path, "go")
    spoken_until = 0.5 + word.size / RATE
    held = listen(LengthReader("Go."), np.concatenate([quiet(0.5), word, quiet(1.5)]))
    at_once = listen(LengthReader("Stop."), np.concatenate([quiet(0.5), word, quiet(1.5)]))
    assert [t.text for _, t in held] == ["go"] and [t.text for _, t in at_once] == ["stop"]
    assert held[0][0] >= chunk_at(spoken_until + 0.45)  # "go back" was still possible until then
    assert at_once[0][0] < held[0][0]


def test_a_long_utterance_is_read_once_when_it_closes_not_at_every_pause(tmp_path: Path) -> None:
    words = [spoken(tmp_path, w) for w in ("this", "is", "not", "a", "command", "at", "all")]
    gaps = [np.concatenate([w, quiet(0.15)]) for w in words]
    talk = np.concatenate([*gaps, *gaps])  # well over MAX_EARLY_READ_SECONDS, with a pause after each word
    reader = LengthReader("This is not a command at all.")
    listen(reader, np.concatenate([quiet(0.5), talk, quiet(1.5)]))
    early = [seconds for _, seconds in reader.calls if seconds <= MAX_EARLY_READ_SECONDS]
    late = [seconds for _, seconds in reader.calls if seconds > MAX_EARLY_READ_SECONDS]
    assert len(late) == 1 and late[0] >= talk.size / RATE  # once, the whole of it
    assert len(early) < len(words)  # no reading at the pauses once it had grown long
