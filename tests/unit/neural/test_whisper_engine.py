"""The Whisper transcriber on real speech: second-pass text, the batch Recognizer protocol, silence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.neural_support import dictation_clips
from voiceguide.speech.recognizer import ListenMode
from voiceguide.speech.scoring import word_error_rate
from voiceguide.speech.whisper_engine import WhisperTranscriber

Reader = Callable[[bytes, str | None, bool], str]


def test_a_settled_sentence_is_transcribed_accurately(whisper: WhisperTranscriber, speech_dir: Path) -> None:
    clip = next(c for c in dictation_clips(speech_dir) if "0870" in c.path.name)
    text = whisper.transcribe(clip.samples().tobytes())
    assert word_error_rate([clip.transcript], [text]) <= 0.12, text


def test_as_a_batch_recognizer_it_transcribes_everything_fed_at_flush(
    whisper: WhisperTranscriber, speech_dir: Path
) -> None:
    clip = next(c for c in dictation_clips(speech_dir) if "0930" in c.path.name)
    audio = clip.samples().tobytes()
    whisper.set_mode(ListenMode.DICTATION)
    partials = [t for start in range(0, len(audio), 3200) for t in whisper.accept(audio[start:start + 3200])]
    finals = whisper.flush()
    assert partials == []
    assert len(finals) == 1 and finals[0].final
    assert word_error_rate([clip.transcript], [finals[0].text]) <= 0.12, finals[0].text
    assert 0.0 < finals[0].confidence <= 1.0
    assert abs(finals[0].audio_seconds - len(audio) / 32000) < 0.01
    assert whisper.flush() == []  # the buffer was emptied


def test_silence_and_a_click_give_no_words(whisper: WhisperTranscriber) -> None:
    assert whisper.transcribe(b"\x00\x00" * 16000) == ""
    assert whisper.transcribe(b"\x10\x00" * 800) == ""  # 50 ms: too short to hold a word


def test_a_command_reading_stops_after_a_few_words(whisper: WhisperTranscriber, speech_dir: Path) -> None:
    """A sentence read as a command is cut short (a command is a few words), while the full reading is not."""
    from voiceguide.speech.whisper_engine import COMMAND_MAX_TOKENS

    clip = next(c for c in dictation_clips(speech_dir) if "0870" in c.path.name)
    audio = clip.samples().tobytes()
    full = whisper.transcribe(audio)
    short = whisper.transcribe_command(audio, "Yes. No. Next. Back. Stop. Go.").text
    assert len(full.split()) > COMMAND_MAX_TOKENS
    assert 0 < len(short.split()) <= COMMAND_MAX_TOKENS
    assert full.lower().startswith(short.lower().rstrip(".,")[:10])


@pytest.fixture(scope="module")
def faster_whisper_reading(whisper: WhisperTranscriber) -> Reader:
    """faster-whisper's reading of the same model, with the options the engine uses: the reference."""
    import numpy as np
    from faster_whisper import WhisperModel

    reference = WhisperModel(str(whisper.model_folder), device="cpu", compute_type="int8", cpu_threads=2)

    def read(pcm: bytes, prompt: str | None, command: bool) -> str:
        options = {"max_new_tokens": 10, "temperature": 0.0} if command else {}
        segments, _ = reference.transcribe(
            np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768, language="en", beam_size=5,
            without_timestamps=True, condition_on_previous_text=False, initial_prompt=prompt, **options)
        return " ".join(s.text.strip() for s in segments)

    return read


def test_readings_are_the_ones_faster_whisper_gives(
    whisper: WhisperTranscriber, speech_dir: Path, faster_whisper_reading: Reader
) -> None:
    """The engine runs CTranslate2 itself (faster-whisper's imports cost ~20 MB); on real speech its
    dictation and command readings are word for word those of faster-whisper on the same model."""
    from voiceguide.audio.format import read_wav
    from voiceguide.speech.whisper_assist import mode_prompt

    for clip in dictation_clips(speech_dir)[:3]:
        pcm = clip.samples().tobytes()
        assert whisper.transcribe(pcm) == faster_whisper_reading(pcm, None, False)
    for name in ("five_a8cb6dda_nohash_0", "no_439c84f4_nohash_1", "off_51055bda_nohash_4"):
        path = speech_dir / "commands" / f"{name}.wav"
        if not path.exists():
            pytest.fail(f"missing shared clip {path}")
        pcm = read_wav(path).resampled(16000).data
        prompt = mode_prompt(ListenMode.NUMBER if name.startswith("five") else ListenMode.COMMANDS)
        assert whisper.transcribe_command(pcm, prompt).text == faster_whisper_reading(pcm, prompt, True)


def test_over_30_s_the_readings_are_still_faster_whispers(
    whisper: WhisperTranscriber, speech_dir: Path, faster_whisper_reading: Reader
) -> None:
    """Long audio is read window by window from one spectrum, and a prompt carries past a silent window."""
    from voiceguide.audio.format import read_wav
    from voiceguide.speech.whisper_assist import mode_prompt

    speech = b"".join(c.samples().tobytes() for c in dictation_clips(speech_dir))
    assert len(speech) > 32000 * 32
    assert whisper.transcribe(speech) == faster_whisper_reading(speech, None, False)
    late = b"\x00\x00" * int(16000 * 30.2) + read_wav(
        speech_dir / "commands" / "five_a8cb6dda_nohash_0.wav").resampled(16000).data
    prompt = mode_prompt(ListenMode.NUMBER)
    heard = whisper.transcribe_command(late, prompt).text
    assert heard == faster_whisper_reading(late, prompt, True) and "five" in heard.lower()


def test_without_a_writable_cache_whisper_still_loads(tmp_path: Path, speech_dir: Path) -> None:
    from voiceguide.speech.model_files import bundled_whisper_folder

    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would go")
    whisper = WhisperTranscriber(bundled_whisper_folder(), cache_folder=blocker)
    clip = next(c for c in dictation_clips(speech_dir) if "0870" in c.path.name)
    assert word_error_rate([clip.transcript], [whisper.transcribe(clip.samples().tobytes())]) <= 0.12


def test_audio_longer_than_one_window_is_read_window_by_window(
    whisper: WhisperTranscriber, speech_dir: Path
) -> None:
    first, second = dictation_clips(speech_dir)[:2]
    gap = b"\x00\x00" * 16000 * max(1, int(31 - first.samples().size / 16000))  # the second starts past 30 s
    audio = first.samples().tobytes() + gap + second.samples().tobytes()
    assert len(audio) / 32000 > 31
    text = whisper.transcribe(audio)
    assert word_error_rate([f"{first.transcript} {second.transcript}"], [text]) <= 0.15, text
