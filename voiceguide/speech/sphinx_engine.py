"""The pocketsphinx recognizer: JSGF grammars with a filler-word garbage path, the full LM for dictation."""

from __future__ import annotations

from collections import deque
from importlib import resources
from typing import Any

from voiceguide.errors import EngineError
from voiceguide.quiet import native_output_silenced
from voiceguide.speech import commands
from voiceguide.speech.recognizer import ListenMode, Transcript

BYTES_PER_SECOND = 32000
FILLER_COUNT = 300  # chosen from a coarse sweep (0/100/300/1000); see docs/voice-commands.md
PARTIAL_EVERY_SECONDS = 0.4
PRE_ROLL_SECONDS = 0.0  # audio kept from before the endpointer's speech start, so first sounds survive
GARBAGE_MARK = "<garbage>"


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError as exc:
        raise EngineError(
            f"pocketsphinx cannot be loaded ({exc}); reinstall voiceguide, or choose Vosk with --engine vosk"
        ) from None
    return pocketsphinx


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
            self._decoder = ps.Decoder(loglevel="FATAL", cmn="batch")
            for mode in (ListenMode.COMMANDS, ListenMode.NUMBER):
                phrases = commands.phrases_for(mode)
                garbage = garbage_for(phrases, self._decoder.lookup_word, filler_count)
                self.garbage[mode] = set(garbage)
                self._decoder.add_jsgf_string(mode.value, jsgf_for(phrases, mode.value, garbage))
            self._decoder.add_lm_file(
                ListenMode.DICTATION.value, f"{ps.get_model_path()}/en-us/en-us.lm.bin"
            )
        self._endpointer = self._new_endpointer()
        self._frame_bytes = self._endpointer.frame_bytes
        frames_per_second = BYTES_PER_SECOND / self._frame_bytes
        self._pre_roll = round(PRE_ROLL_SECONDS * frames_per_second)
        self._recent: deque[bytes] = deque(maxlen=round(1.0 * frames_per_second))
        self._mode = ListenMode.COMMANDS
        self._pending = b""
        self._speech = bytearray()
        self._partial_at = 0
        self.set_mode(ListenMode.COMMANDS)

    def _new_endpointer(self) -> Any:
        return self._ps.Endpointer(window=0.3, ratio=0.9)

    @property
    def mode(self) -> ListenMode:
        return self._mode

    @property
    def in_speech(self) -> bool:
        return bool(self._endpointer.in_speech)

    def set_mode(self, mode: ListenMode) -> None:
        self._endpointer = self._new_endpointer()
        self._pending = b""
        self._speech.clear()
        self._recent.clear()
        self._partial_at = 0
        self._decoder.activate_search(mode.value)
        self._mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        results: list[Transcript] = []
        self._pending += pcm
        while len(self._pending) >= self._frame_bytes:
            frame, self._pending = self._pending[: self._frame_bytes], self._pending[self._frame_bytes :]
            was_speech = self._endpointer.in_speech
            self._recent.append(frame)
            speech = self._endpointer.process(frame)
            if speech is not None:
                if not self._speech:
                    self._speech += self._lead_in(bytes(speech))
                self._speech += speech
            if was_speech and not self._endpointer.in_speech:
                results.extend(self._decode())
            elif self._mode is ListenMode.DICTATION and self._endpointer.in_speech:
                results.extend(self._partial())
        return results

    def _lead_in(self, first: bytes) -> bytes:
        """The frames heard just before `first` (the endpointer starts speech a little late)."""
        frames = list(self._recent)
        for index in range(len(frames) - 1, -1, -1):
            if frames[index] == first:
                return b"".join(frames[max(0, index - self._pre_roll) : index])
        return b""

    def _run(self, audio: bytes) -> Any:
        self._decoder.start_utt()
        self._decoder.process_raw(audio, False, True)
        self._decoder.end_utt()
        return self._decoder.hyp()

    def _partial(self) -> list[Transcript]:
        if len(self._speech) - self._partial_at < PARTIAL_EVERY_SECONDS * BYTES_PER_SECOND:
            return []
        self._partial_at = len(self._speech)
        hyp = self._run(bytes(self._speech))
        text = hyp.hypstr.strip() if hyp is not None else ""
        return [Transcript(text, False, 0.0, len(self._speech) / BYTES_PER_SECOND)] if text else []

    def _decode(self) -> list[Transcript]:
        audio, self._speech = bytes(self._speech), bytearray()
        self._partial_at = 0
        if not audio:
            return []
        hyp = self._run(audio)
        if hyp is None or not hyp.hypstr.strip():
            return []
        text = hyp.hypstr.strip()
        confidence = max(0.0, min(1.0, float(hyp.prob))) if hyp.prob else 0.0
        if self._mode is not ListenMode.DICTATION and text in self.garbage.get(self._mode, ()):
            return [Transcript(f"{GARBAGE_MARK} {text}", True, 0.0, len(audio) / BYTES_PER_SECOND)]
        return [Transcript(text, True, confidence, len(audio) / BYTES_PER_SECOND)]

    def flush(self) -> list[Transcript]:
        if self._pending:
            tail = self._endpointer.end_stream(self._pending)
            self._pending = b""
            if tail:
                self._speech += tail
        self._endpointer = self._new_endpointer()
        return self._decode()
