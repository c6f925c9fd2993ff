"""The pocketsphinx recognizer: a JSGF grammar for commands, the full language model for dictation."""

from __future__ import annotations

from typing import Any

from voiceguide.errors import EngineError
from voiceguide.quiet import native_output_silenced
from voiceguide.speech.recognizer import ListenMode, Transcript

BYTES_PER_SECOND = 32000


def _pocketsphinx() -> Any:
    try:
        import pocketsphinx
    except ImportError as exc:
        raise EngineError(
            f"pocketsphinx cannot be loaded ({exc}); reinstall voiceguide, or choose Vosk with --engine vosk"
        ) from None
    return pocketsphinx


def jsgf_for(phrases: list[str], name: str = "commands") -> str:
    """A JSGF grammar accepting exactly one of `phrases`."""
    alternatives = " | ".join(sorted(set(phrases)))
    return f"#JSGF V1.0;\ngrammar {name};\npublic <{name}> = {alternatives};\n"


class PocketsphinxRecognizer:
    """Segments the stream with pocketsphinx's voice-activity endpointer and decodes each utterance whole.

    Each utterance is decoded on its own with batch cepstral normalization, so the same words give
    the same result whatever was heard before.
    """

    name = "pocketsphinx"

    def __init__(self, command_phrases: list[str]) -> None:
        ps = _pocketsphinx()
        self._ps = ps
        with native_output_silenced():
            ps.set_loglevel("FATAL")
            self._decoder = ps.Decoder(loglevel="FATAL", cmn="batch")
            self._decoder.add_jsgf_string(ListenMode.COMMANDS.value, jsgf_for(command_phrases))
            self._decoder.add_lm_file(
                ListenMode.DICTATION.value, f"{ps.get_model_path()}/en-us/en-us.lm.bin"
            )
        self._endpointer = self._new_endpointer()
        self._frame_bytes = self._endpointer.frame_bytes
        self._mode = ListenMode.COMMANDS
        self._pending = b""
        self._speech = bytearray()
        self.set_mode(ListenMode.COMMANDS)

    def _new_endpointer(self) -> Any:
        return self._ps.Endpointer(window=0.3, ratio=0.9)

    def set_mode(self, mode: ListenMode) -> None:
        search = ListenMode.DICTATION if mode is ListenMode.DICTATION else ListenMode.COMMANDS
        self._endpointer = self._new_endpointer()
        self._pending = b""
        self._speech.clear()
        self._decoder.activate_search(search.value)
        self._mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        results: list[Transcript] = []
        self._pending += pcm
        while len(self._pending) >= self._frame_bytes:
            frame, self._pending = self._pending[: self._frame_bytes], self._pending[self._frame_bytes :]
            was_speech = self._endpointer.in_speech
            speech = self._endpointer.process(frame)
            if speech is not None:
                self._speech += speech
            if was_speech and not self._endpointer.in_speech:
                results.extend(self._decode())
        return results

    def _decode(self) -> list[Transcript]:
        audio, self._speech = bytes(self._speech), bytearray()
        if not audio:
            return []
        self._decoder.start_utt()
        self._decoder.process_raw(audio, False, True)
        self._decoder.end_utt()
        hyp = self._decoder.hyp()
        if hyp is None or not hyp.hypstr.strip():
            return []
        confidence = float(self._decoder.logmath.exp(hyp.prob)) if hyp.prob else 1.0
        return [Transcript(hyp.hypstr.strip(), True, confidence, len(audio) / BYTES_PER_SECOND)]

    def flush(self) -> list[Transcript]:
        if self._pending:
            tail = self._endpointer.end_stream(self._pending)
            self._pending = b""
            if tail:
                self._speech += tail
        return self._decode()
