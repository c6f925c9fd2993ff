"""The second-pass logic: drafts shown at once, replaced in order by the accurate text, nothing lost."""

from __future__ import annotations

import threading

import pytest

from voiceguide.errors import EngineError
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.second_pass import (
    BYTES_PER_SECOND,
    DictationSegment,
    SecondPassDictation,
    SecondPassRecognizer,
    SegmentMirror,
)


class ScriptedTranscriber:
    """Answers each call with the next scripted text (an exception is raised), recording the audio."""

    def __init__(self, answers: list[str | Exception]) -> None:
        self.answers = list(answers)
        self.heard: list[bytes] = []
        self.threads: set[str] = set()
        self.release = threading.Event()
        self.release.set()

    def transcribe(self, pcm16k: bytes) -> str:
        self.release.wait(timeout=10)
        self.heard.append(pcm16k)
        self.threads.add(threading.current_thread().name)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class ScriptedRecognizer:
    """A streaming recognizer that settles a segment whenever it is fed a chunk starting with b'E'."""

    name = "scripted"

    def __init__(self, finals: list[Transcript]) -> None:
        self.finals = list(finals)
        self.mode = ListenMode.COMMANDS

    def set_mode(self, mode: ListenMode) -> None:
        self.mode = mode

    def accept(self, pcm: bytes) -> list[Transcript]:
        if pcm.startswith(b"E"):
            return [self.finals.pop(0)]
        return [Transcript("partial", False)]

    def flush(self) -> list[Transcript]:
        return [self.finals.pop(0)] if self.finals else []


def test_drafts_are_replaced_in_order_off_the_callers_thread() -> None:
    transcriber = ScriptedTranscriber(["I feel tight in my chest.", "It is easing now."])
    transcriber.release.clear()
    revised: list[DictationSegment] = []
    dictation = SecondPassDictation(transcriber, on_revised=revised.append)
    first = dictation.submit("i feel light in my chest", b"\x01\x00" * 100)
    dictation.submit("it is these in now", b"\x02\x00" * 100)
    assert dictation.text() == "i feel light in my chest it is these in now"  # drafts shown at once
    assert not first.done()
    transcriber.release.set()
    segments = dictation.finish(timeout=10)
    dictation.close()
    assert [s.text for s in segments] == ["I feel tight in my chest.", "It is easing now."]
    assert [s.draft for s in segments] == ["i feel light in my chest", "it is these in now"]
    assert all(s.revised for s in segments)
    assert [s.index for s in revised] == [0, 1]
    assert threading.current_thread().name not in transcriber.threads
    assert first.result().text == "I feel tight in my chest."


def test_a_failed_or_empty_second_pass_keeps_the_draft() -> None:
    transcriber = ScriptedTranscriber([EngineError("Whisper failed on this audio: boom"), ""])
    dictation = SecondPassDictation(transcriber)
    dictation.submit("first words", b"\x00\x00" * 10)
    dictation.submit("second words", b"\x00\x00" * 10)
    segments = dictation.finish(timeout=10)
    dictation.close()
    assert [s.text for s in segments] == ["first words", "second words"]
    assert not any(s.revised for s in segments)
    assert segments[0].error == "Whisper failed on this audio: boom"


def test_the_wrapper_passes_transcripts_through_and_second_passes_each_settled_segment() -> None:
    one_second = b"\x05\x00" * (BYTES_PER_SECOND // 2)
    inner = ScriptedRecognizer([Transcript("draft one", True, 0.5, audio_seconds=1.0),
                                Transcript("draft two", True, 0.5, audio_seconds=0.5)])
    transcriber = ScriptedTranscriber(["Accurate one.", "Accurate two."])
    dictation = SecondPassDictation(transcriber)
    recognizer = SecondPassRecognizer(inner, dictation)
    recognizer.set_mode(ListenMode.DICTATION)
    assert inner.mode is ListenMode.DICTATION
    seen = []
    for chunk in (one_second, one_second, one_second, b"E" + b"\x00" * 3, one_second):
        seen += recognizer.accept(chunk)
    seen += recognizer.flush()
    segments = dictation.finish(timeout=10)
    dictation.close()
    assert [t.text for t in seen if t.final] == ["draft one", "draft two"]
    assert any(not t.final for t in seen)
    assert [s.text for s in segments] == ["Accurate one.", "Accurate two."]
    # The segment's audio is trimmed to its length plus lead-in and tail, not everything since the start.
    assert len(transcriber.heard[0]) == 2 * BYTES_PER_SECOND
    assert len(transcriber.heard[1]) == BYTES_PER_SECOND  # all 1 s since the first final (< 1.5 s allowed)


def test_commands_are_not_second_passed() -> None:
    inner = ScriptedRecognizer([Transcript("next", True, 0.9, 0.4)])
    transcriber = ScriptedTranscriber([])
    dictation = SecondPassDictation(transcriber)
    recognizer = SecondPassRecognizer(inner, dictation)
    recognizer.set_mode(ListenMode.COMMANDS)
    assert [t.text for t in recognizer.accept(b"E\x00")] == ["next"]
    assert dictation.finish(timeout=1) == []
    dictation.close()
    assert transcriber.heard == []


@pytest.mark.parametrize("mode", [ListenMode.COMMANDS, ListenMode.NUMBER])
def test_no_audio_is_kept_outside_dictation(mode: ListenMode) -> None:
    recognizer = SecondPassRecognizer(ScriptedRecognizer([]), SecondPassDictation(ScriptedTranscriber([])))
    recognizer.set_mode(mode)
    recognizer.accept(b"\x00\x00" * 1000)
    assert len(recognizer._trail) == 0
    recognizer.dictation.close()


class ScriptedEndpointer:
    """Speech is any frame starting with b'S'; a segment ends at the first frame that does not."""

    frame_bytes = 4

    def __init__(self) -> None:
        self.in_speech = False

    def process(self, frame: bytes) -> bytes | None:
        self.in_speech = frame.startswith(b"S")
        return frame if self.in_speech else None

    def end_stream(self, frame: bytes) -> bytes | None:
        self.in_speech = False
        return frame if frame.startswith(b"S") else None


def mirrored(transcriber: ScriptedTranscriber, order: list[str]) -> SecondPassRecognizer:
    """A second pass over a scripted streaming recognizer that notes when it decodes a segment."""
    dictation = SecondPassDictation(transcriber)

    class DecodingRecognizer(ScriptedRecognizer):
        def accept(self, pcm: bytes) -> list[Transcript]:
            if pcm.startswith(b"E"):
                order.append(f"decoded with {len(dictation.segments())} segment(s) queued")
            return super().accept(pcm)

    inner = DecodingRecognizer([Transcript("draft words", True, 0.5, 0.1), Transcript("draft tail", True)])
    recognizer = SecondPassRecognizer(inner, dictation, SegmentMirror(ScriptedEndpointer))
    recognizer.set_mode(ListenMode.DICTATION)
    return recognizer


def test_with_a_mirror_whisper_goes_first_and_the_streaming_decode_waits_without_blocking() -> None:
    transcriber = ScriptedTranscriber(["Accurate words.", "Accurate tail."])
    transcriber.release.clear()  # Whisper is busy
    order: list[str] = []
    recognizer = mirrored(transcriber, order)
    dictation = recognizer.dictation
    assert [t.final for t in recognizer.accept(b"SSSS" * 3)] == [False]  # partials pass straight through
    assert recognizer.accept(b"E\x00\x00\x00") == []  # the segment closed: Whisper started, decode held
    assert recognizer.accept(b"\x00" * 4) == []
    assert order == []
    transcriber.release.set()
    assert dictation.segments()[0].index == 0
    first = dictation.finish(timeout=10)[0]
    assert first.text == "Accurate words." and first.draft == ""
    finals = [t.text for t in recognizer.accept(b"\x00" * 4) if t.final]
    assert finals == ["draft words"]  # the held decode ran once Whisper was done
    assert order == ["decoded with 1 segment(s) queued"]
    recognizer.accept(b"SSSS")
    assert [t.text for t in recognizer.flush()] == ["draft tail"]
    segments = dictation.finish(timeout=10)
    dictation.close()
    assert [s.draft for s in segments] == ["draft words", "draft tail"]
    assert [s.text for s in segments] == ["Accurate words.", "Accurate tail."]
    assert transcriber.heard == [b"SSSS" * 3, b"SSSS"]  # exactly each segment's speech


def test_the_streaming_decode_is_held_back_only_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    transcriber = ScriptedTranscriber(["Accurate words."])
    transcriber.release.clear()  # Whisper never finishes in time
    recognizer = mirrored(transcriber, [])
    monkeypatch.setattr(recognizer, "MAX_HOLD_SECONDS", 0.0)
    recognizer.accept(b"SSSS")
    assert [t.text for t in recognizer.accept(b"E\x00\x00\x00") if t.final] == ["draft words"]
    assert recognizer.dictation.segments()[0].text == "draft words"  # shown while Whisper still works
    transcriber.release.set()
    assert recognizer.dictation.finish(timeout=10)[0].text == "Accurate words."
    recognizer.dictation.close()
