"""The pocketsphinx recognizer: JSGF grammars with a filler-word garbage path, the full LM for dictation."""

from __future__ import annotations

from collections import deque
from importlib import resources
from typing import Any

import numpy as np

from voiceguide.errors import EngineError
from voiceguide.quiet import native_output_silenced
from voiceguide.speech import commands
from voiceguide.speech.recognizer import ListenMode, Transcript

BYTES_PER_SECOND = 32000
FILLER_COUNT = 600  # chosen from a coarse sweep (0-1000); see docs/voice-commands.md
PARTIAL_EVERY_SECONDS = 0.4
PRE_ROLL_SECONDS = 0.0  # audio kept from before the endpointer's speech start, so first sounds survive
MAX_UTTERANCE_SECONDS = 60.0  # longer stretches of unbroken speech are decoded from their last minute
GARBAGE_MARK = "<garbage>"
UNSURE_MARK = "<unsure>"
# A command whose grammar posterior is below this is not acted on. Measured on the shared clips (four
# offsets each): every right command scored 0.12 or more, while most wrong ones ("no" read as "go", "one"
# or "two" read as "go on", "right" as "continue") scored below 0.1. Numbers are not held to it: their
# grammar spreads the posterior thinner, and right ones score from 0.03 (see docs/voice-commands.md).
MIN_COMMAND_POSTERIOR = 0.1
# Commands are cut by a quicker endpointer than dictation's: a shorter window and the most aggressive
# voice-activity setting (less hangover, less room noise taken for speech); measured on the shared
# command clips, it closes about 0.3 s after the last word instead of 0.55 s (see docs/voice-commands.md).
COMMAND_WINDOW_SECONDS = 0.21
COMMAND_RATIO = 0.8
COMMAND_VAD_MODE = 3
NOISE_FLOOR = 8.0  # standard deviation in 16-bit units, about -72 dBFS
_NOISE = np.random.default_rng(20240901).standard_normal(16000).astype(np.float32)


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError as exc:
        raise EngineError(
            f"pocketsphinx cannot be loaded: reinstall voiceguide, or choose Vosk with --engine vosk ({exc})"
        ) from None
    return pocketsphinx


def with_noise_floor(audio: bytes, level: float = NOISE_FLOOR) -> bytes:
    """`audio` with a faint fixed noise written into stretches of digital silence, as a real room has.

    Exact zeros (from a virtual device or a padded file) upset the acoustic model's cepstral
    normalization: measured, words padded with true zeros were lost that were recognized with -60 dBFS
    of noise around them. Real sound is left untouched.
    """
    samples = np.frombuffer(audio, dtype="<i2").astype(np.float32)
    if samples.size == 0 or level <= 0:
        return audio
    block = 160
    usable = samples.size // block * block
    silent = np.zeros(samples.size, dtype=bool)
    silent[:usable] = np.repeat(~samples[:usable].reshape(-1, block).any(axis=1), block)
    if not silent.any():
        return audio
    noise = _NOISE[np.arange(samples.size) % _NOISE.size] * level
    return np.clip(np.where(silent, noise, samples), -32768, 32767).astype("<i2").tobytes()


def new_endpointer() -> Any:
    """pocketsphinx's voice-activity endpointer as every recognizer here configures it."""
    return _pocketsphinx().Endpointer(window=0.3, ratio=0.9)


def new_command_endpointer() -> Any:
    """The quicker endpointer that cuts short commands."""
    return _pocketsphinx().Endpointer(window=COMMAND_WINDOW_SECONDS, ratio=COMMAND_RATIO,
                                      vad_mode=COMMAND_VAD_MODE)


def filler_words() -> list[str]:
    """Frequent English words (from pocketsphinx's own LM), most frequent first."""
    text = resources.files("voiceguide.speech").joinpath("filler_words.txt").read_text()
    return [w for w in text.split() if w]


def jsgf_for(phrases: list[str], name: str = "commands", garbage: list[str] | None = None) -> str:
    """A JSGF grammar accepting one of `phrases`, or (when given) one of the `garbage` words instead."""
    alternatives = " | ".join(sorted(set(phrases)))
    if not garbage:
        return f"#JSGF V1.0;\ngrammar {name};\npublic <{name}> = {alternatives};\n"
    fillers = " | ".join(garbage)
    return (f"#JSGF V1.0;\ngrammar {name};\n<filler> = {fillers};\n"
            f"public <{name}> = ({alternatives}) | <filler>;\n")


def garbage_for(phrases: list[str], pronounce: Any, count: int = FILLER_COUNT) -> list[str]:
    """The `count` most frequent filler words that are neither a phrase's word nor sound exactly like one."""
    words = {w for p in phrases for w in p.split()}
    taken = {pronounce(w) for w in words}
    chosen: list[str] = []
    for word in filler_words():
        if len(chosen) >= count:
            break
        sound = pronounce(word)
        if word in words or not sound or sound in taken:
            continue
        chosen.append(word)
    return chosen


class PocketsphinxRecognizer:
    """Segments the stream with pocketsphinx's voice-activity endpointer and decodes each utterance whole.

    Commands and numbers are decoded against a grammar whose garbage path holds frequent English words:
    a non-command lands there and yields nothing. Each final utterance is decoded on its own with batch
    cepstral normalization; in dictation, partial text comes from decoding the speech so far.
    """

    name = "pocketsphinx"

    def __init__(self, filler_count: int = FILLER_COUNT) -> None:
        ps = _pocketsphinx()
        self._ps = ps
        self.filler_count = filler_count
        self.garbage: dict[ListenMode, set[str]] = {}
        with native_output_silenced():
            ps.set_loglevel("FATAL")
            # lm=None: the default search would hold a second copy of the English language model
            # (64 MB resident) next to the one dictation adds below.
            self._decoder = ps.Decoder(loglevel="FATAL", cmn="batch", lm=None)
            for mode in (ListenMode.COMMANDS, ListenMode.NUMBER):
                phrases = commands.phrases_for(mode)
                garbage = garbage_for(phrases, self._decoder.lookup_word, filler_count)
                self.garbage[mode] = set(garbage)
                self._decoder.add_jsgf_string(mode.value, jsgf_for(phrases, mode.value, garbage))
            self._decoder.add_lm_file(
                ListenMode.DICTATION.value, f"{ps.get_model_path()}/en-us/en-us.lm.bin"
            )
        self._endpointer = self.new_endpointer()
        self._frame_bytes = self._endpointer.frame_bytes
        self._frame_seconds = self._frame_bytes / BYTES_PER_SECOND
        self._pre_roll = round(PRE_ROLL_SECONDS / self._frame_seconds)
        self._history: deque[bytes] = deque(maxlen=round(MAX_UTTERANCE_SECONDS / self._frame_seconds))
        self._frames_seen = 0
        self._start_frame: int | None = None
        self._mode = ListenMode.COMMANDS
        self._pending = b""
        self._partial_at = 0
        self.set_mode(ListenMode.COMMANDS)

    def new_endpointer(self) -> Any:
        """A fresh endpointer configured like this recognizer's (for mirroring its segmentation)."""
        return new_endpointer()

    def new_command_endpointer(self) -> Any:
        """A fresh endpointer for short commands, quicker to close than the one for dictation."""
        return new_command_endpointer()

    @property
    def mode(self) -> ListenMode:
        return self._mode

    @property
    def in_speech(self) -> bool:
        return bool(self._endpointer.in_speech)

    def set_mode(self, mode: ListenMode) -> None:
        self._endpointer = self.new_endpointer()
        self._pending = b""
        self._history.clear()
        self._frames_seen = 0
        self._start_frame = None
        self._partial_at = 0
        self._decoder.activate_search(mode.value)
        self._mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        results: list[Transcript] = []
        self._pending += pcm
        while len(self._pending) >= self._frame_bytes:
            frame, self._pending = self._pending[: self._frame_bytes], self._pending[self._frame_bytes :]
            results.extend(self._step(frame))
        return results

    def _step(self, frame: bytes) -> list[Transcript]:
        was_speech = self._endpointer.in_speech
        self._history.append(frame)
        self._frames_seen += 1
        self._endpointer.process(frame)
        if self._endpointer.in_speech and not was_speech:
            start = round(self._endpointer.speech_start / self._frame_seconds) - self._pre_roll
            self._start_frame = max(start, self._frames_seen - len(self._history))
        if was_speech and not self._endpointer.in_speech:
            return self._decode(self._utterance())
        if self._mode is ListenMode.DICTATION and self._endpointer.in_speech:
            return self._partial()
        return []

    def _utterance(self) -> bytes:
        """The audio from a little before the speech start up to now (the endpointer's trailing window)."""
        if self._start_frame is None:
            return b""
        first = len(self._history) - (self._frames_seen - self._start_frame)
        self._start_frame = None
        return b"".join(list(self._history)[max(0, first) :])

    def _run(self, audio: bytes) -> Any:
        self._decoder.start_utt()
        self._decoder.process_raw(with_noise_floor(audio), False, True)
        self._decoder.end_utt()
        return self._decoder.hyp()

    def _partial(self) -> list[Transcript]:
        if self._start_frame is None:
            return []
        spoken = self._frames_seen - self._start_frame
        # Each partial decodes the whole segment so far: space them out as it grows (bounded total work).
        gap = max(PARTIAL_EVERY_SECONDS / self._frame_seconds, 0.5 * self._partial_at)
        if spoken - self._partial_at < gap:
            return []
        self._partial_at = spoken
        first = len(self._history) - spoken
        audio = b"".join(list(self._history)[max(0, first) :])
        hyp = self._run(audio)
        text = hyp.hypstr.strip() if hyp is not None else ""
        return [Transcript(text, False, 0.0, len(audio) / BYTES_PER_SECOND)] if text else []

    def _decode(self, audio: bytes) -> list[Transcript]:
        self._partial_at = 0
        if not audio:
            return []
        hyp = self._run(audio)
        if hyp is None or not hyp.hypstr.strip():
            return []
        text = hyp.hypstr.strip()
        confidence = max(0.0, min(1.0, float(hyp.prob))) if hyp.prob else 0.0
        seconds = len(audio) / BYTES_PER_SECOND
        if self._mode is not ListenMode.DICTATION and text in self.garbage.get(self._mode, ()):
            return [Transcript(f"{GARBAGE_MARK} {text}", True, 0.0, seconds)]
        if self._mode is ListenMode.COMMANDS and confidence < MIN_COMMAND_POSTERIOR:
            return [Transcript(f"{UNSURE_MARK} {text}", True, confidence, seconds)]
        return [Transcript(text, True, confidence, seconds)]

    def flush(self) -> list[Transcript]:
        if self._pending:
            self._history.append(self._pending)
            self._frames_seen += 1
            self._pending = b""
        audio = self._utterance() if self._endpointer.in_speech else b""
        self._endpointer = self.new_endpointer()
        self._start_frame = None
        return self._decode(audio)
