"""The Piper speaker: real synthesis, rate and volume, and clear errors for a bad voice file."""

from __future__ import annotations

import os
import subprocess
import sys
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


def test_a_run_whose_prompts_are_on_disk_never_loads_piper(tmp_path: Path) -> None:
    """The first run synthesizes and keeps the prompts; the next finds them all and Piper (onnxruntime,
    ~115 MB) is never imported: the audio is the same."""
    code = (
        "import sys, hashlib\n"
        "from voiceguide.config import Config\n"
        "from voiceguide.speech.engines import open_speaker\n"
        "from voiceguide.speech.prompt_store import PromptStore\n"
        "from voiceguide.speech.speaker import SpeechCache, VoiceChoice\n"
        "speaker = open_speaker(Config())\n"
        "cache = SpeechCache(speaker, VoiceChoice(), PromptStore.default())\n"
        "pcm = b''.join(cache.get(t).data for t in ('Notice your breath.', 'Let your shoulders drop.'))\n"
        "print(speaker.name, 'onnxruntime' in sys.modules, hashlib.sha256(pcm).hexdigest())\n"
    )
    env = {**os.environ, "VOICEGUIDE_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    first, second = run(), run()
    assert first[:2] == ["piper", "True"]
    assert second[:2] == ["piper", "False"]
    assert first[2] == second[2]
    assert len(list((tmp_path / "cache" / "prompts").glob("*.wav"))) == 2


def test_a_voice_that_cannot_load_falls_back_to_pyttsx3_unless_piper_was_asked_for(tmp_path: Path) -> None:
    from voiceguide.config import Config
    from voiceguide.speech.engines import open_speaker
    from voiceguide.speech.neural import piper_voice_files

    _model, config_file = piper_voice_files(Config())
    voice = tmp_path / "broken.onnx"
    voice.write_bytes(b"this is not an onnx model")
    Path(f"{voice}.json").write_text(config_file.read_text())
    config = Config()
    config.voice.piper_voice = str(voice)
    speaker = open_speaker(config)
    try:
        assert speaker.name == "piper"
        assert SpeechCache(speaker, VoiceChoice()).get("Breathe in.").duration > 0.3
        assert speaker.name == "pyttsx3" and "broken.onnx" in speaker.problem  # type: ignore[attr-defined]
    finally:
        speaker.close()
    config.voice.speaker = "piper"
    strict = open_speaker(config)
    with pytest.raises(EngineError) as caught:
        strict.synthesize("Breathe in.", VoiceChoice())
    assert "\n" not in caught.value.message and "broken.onnx" in caught.value.message


def test_the_identity_changes_with_either_voice_file(tmp_path: Path) -> None:
    from voiceguide.config import Config
    from voiceguide.speech.neural import piper_voice_files
    from voiceguide.speech.piper_speaker import piper_identity

    model, config_file = piper_voice_files(Config())
    own_model, own_config = tmp_path / "voice.onnx", tmp_path / "voice.onnx.json"
    own_model.write_bytes(model.read_bytes()[:1000])
    own_config.write_text(config_file.read_text())
    before = piper_identity(own_model, own_config)
    os.utime(own_config, ns=(1, 1))
    after_config = piper_identity(own_model, own_config)
    os.utime(own_model, ns=(1, 1))
    assert len({before, after_config, piper_identity(own_model, own_config)}) == 3
