"""Whisper's log-Mel features: faster-whisper's numbers, and zeros past the audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voiceguide.audio.format import read_wav
from voiceguide.speech.whisper_features import log_mel, mel_filters


def test_the_mel_filters_are_the_slaney_filters_whisper_uses() -> None:
    from faster_whisper.feature_extractor import FeatureExtractor

    assert np.allclose(mel_filters(80), FeatureExtractor(feature_size=80).mel_filters, atol=1e-7)
    assert np.allclose(mel_filters(128), FeatureExtractor(feature_size=128).mel_filters, atol=1e-7)


@pytest.mark.parametrize("seconds", [0.3, 1.0, 4.25])
def test_features_match_faster_whisper_and_are_zero_past_the_audio(speech_dir: Path, seconds: float) -> None:
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.feature_extractor import FeatureExtractor

    clip = read_wav(next((speech_dir / "sentences").glob("*.wav"))).resampled(16000)
    samples = (clip.samples().astype(np.float32) / 32768)[: int(seconds * 16000)]
    theirs = pad_or_trim(FeatureExtractor()(samples)[:, : samples.size // 160])
    ours = log_mel(samples, 3000)
    assert np.array_equal(ours, theirs)
    assert ours.shape == (80, 3000) and ours.dtype == np.float32
    assert np.allclose(ours, theirs, atol=1e-5)
    assert not ours[:, samples.size // 160:].any()


def test_long_audio_has_one_continuous_spectrum_as_faster_whisper_computes_it(speech_dir: Path) -> None:
    """Over 30 s: computed once (one loudness floor, no edge effects at window boundaries), then cut."""
    from faster_whisper.feature_extractor import FeatureExtractor

    from voiceguide.speech.whisper_features import log_mel_columns, window_of

    clips = [read_wav(c).resampled(16000).samples() for c in sorted((speech_dir / "sentences").glob("*.wav"))]
    samples = np.concatenate(clips).astype(np.float32) / 32768
    samples[: 16000 * 20] *= 0.05  # a quiet stretch before loud speech: the floor must come from the whole
    assert samples.size > 16000 * 35
    theirs = FeatureExtractor()(samples)[:, : samples.size // 160]
    ours = log_mel_columns(samples)
    assert ours.shape == theirs.shape and np.allclose(ours, theirs, atol=1e-5)
    second = window_of(ours, 3000, 3000)
    assert np.array_equal(second[:, : ours.shape[1] - 3000], ours[:, 3000:])
    assert not second[:, ours.shape[1] - 3000:].any()
