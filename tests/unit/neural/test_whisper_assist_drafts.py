"""Dictation with Whisper's assist: each settled segment goes out at once as a draft, then accurate."""

from __future__ import annotations

import subprocess
from pathlib import Path

from voiceguide.audio.format import read_wav
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.speech.sphinx_engine import PocketsphinxRecognizer
from voiceguide.speech.whisper_assist import WhisperAssistedRecognizer

CHUNK = 640  # 20 ms, as the microphone delivers it


class NumberedTranscriber:
    """Reads each segment as "accurate N" and keeps the audio it was given."""

    def __init__(self) -> None:
        self.heard: list[bytes] = []

    def transcribe_prompted(self, pcm16k: bytes, prompt: str | None) -> Transcript:
        self.heard.append(pcm16k)
        return Transcript(f"accurate {len(self.heard)}", True, 0.9, len(pcm16k) / 32000)

    def transcribe_command(self, pcm16k: bytes, prompt: str) -> Transcript:
        return self.transcribe_prompted(pcm16k, prompt)


def spoken(tmp_path: Path, text: str) -> bytes:
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-s", "140", "-w", str(wav), text], check=True)
    return read_wav(wav).resampled(16000).data


def test_a_segment_is_a_draft_at_once_and_accurate_from_the_next_call(tmp_path: Path) -> None:
    streaming = PocketsphinxRecognizer()
    whisper = NumberedTranscriber()
    recognizer = WhisperAssistedRecognizer(streaming, whisper, streaming.new_endpointer)
    recognizer.set_mode(ListenMode.DICTATION)
    quiet = b"\x00" * 16000
    audio = quiet + spoken(tmp_path, "i want to go for a long walk by the sea") + quiet * 2 + \
        spoken(tmp_path, "and then call my sister") + quiet * 2
    calls = [recognizer.accept(audio[i:i + CHUNK]) for i in range(0, len(audio), CHUNK)]
    calls.append(recognizer.flush())

    drafts = [(n, t) for n, found in enumerate(calls) for t in found if t.draft]
    finals = [(n, t) for n, found in enumerate(calls) for t in found if t.final]
    assert [t.text for _, t in finals] == ["accurate 1", "accurate 2"]
    assert len(drafts) == 2 and all(not t.final and t.text for _, t in drafts)
    for (draft_call, draft), (final_call, _) in zip(drafts, finals, strict=True):
        assert final_call == draft_call + 1  # Whisper's reading comes with the very next chunk
        partials = [t.text for found in calls[:draft_call] for t in found if not t.final and not t.draft]
        assert draft.text == partials[-1]  # the draft is the last partial: no decoding was waited for
    assert len(whisper.heard) == 2 and all(len(segment) > 16000 for segment in whisper.heard)


def test_flush_right_after_a_segment_closed_still_gives_its_accurate_text(tmp_path: Path) -> None:
    streaming = PocketsphinxRecognizer()
    whisper = NumberedTranscriber()
    recognizer = WhisperAssistedRecognizer(streaming, whisper, streaming.new_endpointer)
    recognizer.set_mode(ListenMode.DICTATION)
    audio = b"\x00" * 16000 + spoken(tmp_path, "my shoulders are tight") + b"\x00" * 32000
    for i in range(0, len(audio), CHUNK):
        if any(t.draft for t in recognizer.accept(audio[i:i + CHUNK])):
            break
    else:
        raise AssertionError("the segment never closed")
    assert [t.text for t in recognizer.flush() if t.final] == ["accurate 1"]


class DeafTranscriber(NumberedTranscriber):
    """Hears words in every other segment only (the second, fourth ...)."""

    def transcribe_prompted(self, pcm16k: bytes, prompt: str | None) -> Transcript:
        heard = super().transcribe_prompted(pcm16k, prompt)
        return heard if len(self.heard) % 2 == 0 else Transcript("", True, 0.0, heard.audio_seconds)


class TimedStreaming:
    """The real streaming engine, noting when it is given audio and when it gives a final."""

    def __init__(self, inner: PocketsphinxRecognizer, log: list[str]) -> None:
        self.inner, self.log, self.name = inner, log, inner.name

    def set_mode(self, mode: ListenMode) -> None:
        self.inner.set_mode(mode)

    def accept(self, pcm: bytes) -> list[Transcript]:
        found = self.inner.accept(pcm)
        self.log.extend(f"streaming final: {t.text}" for t in found if t.final)
        return found

    def flush(self) -> list[Transcript]:
        found = self.inner.flush()
        self.log.extend(f"streaming final: {t.text}" for t in found if t.final)
        return found


def test_whisper_reads_a_closed_segment_before_the_streaming_engine_decodes_it(tmp_path: Path) -> None:
    log: list[str] = []
    streaming = PocketsphinxRecognizer()

    class Logged(NumberedTranscriber):
        def transcribe_prompted(self, pcm16k: bytes, prompt: str | None) -> Transcript:
            log.append("whisper")
            return super().transcribe_prompted(pcm16k, prompt)

    recognizer = WhisperAssistedRecognizer(TimedStreaming(streaming, log), Logged(), streaming.new_endpointer)
    recognizer.set_mode(ListenMode.DICTATION)
    audio = b"\x00" * 16000 + spoken(tmp_path, "i want to go for a long walk by the sea") + b"\x00" * 32000
    finals = [t.text for i in range(0, len(audio), CHUNK) for t in recognizer.accept(audio[i:i + CHUNK])
              if t.final]
    assert finals == ["accurate 1"]  # the streaming engine's own final for the segment is not passed on
    assert log[0] == "whisper" and log[1].startswith("streaming final: ")  # Whisper first, not after it


def test_a_segment_whisper_hears_nothing_in_keeps_the_streaming_words(tmp_path: Path) -> None:
    streaming = PocketsphinxRecognizer()
    recognizer = WhisperAssistedRecognizer(streaming, DeafTranscriber(), streaming.new_endpointer)
    recognizer.set_mode(ListenMode.DICTATION)
    quiet = b"\x00" * 16000
    audio = quiet + spoken(tmp_path, "i want to go for a long walk by the sea") + quiet * 2 + \
        spoken(tmp_path, "and then call my sister") + quiet * 2
    finals = [t.text for i in range(0, len(audio), CHUNK) for t in recognizer.accept(audio[i:i + CHUNK])
              if t.final]
    finals += [t.text for t in recognizer.flush() if t.final]
    assert len(finals) == 2
    assert "walk" in finals[0] or "sea" in finals[0]  # pocketsphinx's words for the first: none lost
    assert finals[1] == "accurate 2"
