"""The Piper speaker: real synthesis, rate and volume, and clear errors for a bad voice file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voiceguide.errors import EngineError
from voiceguide.speech.piper_speaker import NATURAL_WPM, PiperSpeaker, length_scale_for
from voiceguide.speech.speaker import SpeechCache, VoiceChoice

PROMPT = "Breathe in slowly through your nose."


def test_it_speaks_a_prompt_as_audio(piper: PiperSpeaker) -> None:
    pcm = piper.synthesize(PROMPT, VoiceChoice(rate=150, volume=0.9))
    assert pcm.fmt.rate == piper.sample_rate == 22050
    assert 1.0 < pcm.duration < 6.0
    assert np.abs(pcm.samples()).max() > 3000


def test_a_slower_rate_gives_longer_speech_and_a_lower_volume_quieter_speech(piper: PiperSpeaker) -> None:
    calm = piper.synthesize(PROMPT, VoiceChoice(rate=120, volume=0.9))
    quick = piper.synthesize(PROMPT, VoiceChoice(rate=200, volume=0.9))
    quiet = piper.synthesize(PROMPT, VoiceChoice(rate=200, volume=0.3))
    assert calm.duration > quick.duration * 1.3
    loud_peak = np.abs(quick.samples()).max()
    assert np.abs(quiet.samples()).max() < loud_peak * 0.5


def test_rate_maps_to_length_scale() -> None:
    assert length_scale_for(int(NATURAL_WPM)) == pytest.approx(1.0)
    assert length_scale_for(150) > 1.0 > length_scale_for(300)
    assert length_scale_for(1) == 3.0 and length_scale_for(10_000) == 0.4
    with pytest.raises(EngineError):
        length_scale_for(0)


def test_it_works_behind_the_speech_cache(piper: PiperSpeaker) -> None:
    cache = SpeechCache(piper, VoiceChoice(rate=150))
    cache.prepare(["Notice your feet on the floor."])
    assert "Notice your feet on the floor." in cache
    assert cache.get("Notice your feet on the floor.").duration > 1.0


def test_a_voice_file_that_is_not_a_model_is_a_one_line_error(piper: PiperSpeaker, tmp_path: Path) -> None:
    voice = tmp_path / "broken.onnx"
    voice.write_bytes(b"this is not an onnx model")
    Path(f"{voice}.json").write_text((Path(piper.default_voice + ".json")).read_text())
    with pytest.raises(EngineError) as caught:
        PiperSpeaker(voice, Path(f"{voice}.json"))
    assert "\n" not in caught.value.message and "broken.onnx" in caught.value.message
    with pytest.raises(EngineError, match=r"broken\.onnx"):
        piper.synthesize("hello", VoiceChoice(voice=str(voice)))
