"""Soft generated breathing cues: a rising tone to breathe in, a steady one to hold, a falling one out."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from voiceguide.audio.format import AudioFormat, Pcm

CUE_RATE = 22050


class BreathPhase(StrEnum):
    """The phases a breathing cue can mark."""

    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"


# (start Hz, end Hz): inhale glides up a fifth, exhale glides down, hold stays on one low note.
_GLIDES = {
    BreathPhase.INHALE: (392.0, 587.3),
    BreathPhase.HOLD: (440.0, 440.0),
    BreathPhase.EXHALE: (587.3, 349.2),
}


def cue_tone(phase: BreathPhase, seconds: float = 0.8, volume: float = 0.25, rate: int = CUE_RATE) -> Pcm:
    """A gentle sine glide with a raised-cosine fade in and out (no clicks: it starts and ends at zero)."""
    count = max(2, int(seconds * rate))
    start, end = _GLIDES[phase]
    t = np.arange(count) / rate
    frequency = np.linspace(start, end, count)
    phase_angle = 2 * np.pi * np.cumsum(frequency) / rate
    wave = np.sin(phase_angle) + 0.15 * np.sin(2 * phase_angle)  # a soft overtone, warmer than a pure sine
    fade = min(0.25, seconds / 3)
    envelope = np.minimum(1.0, np.minimum(t, t[-1] - t) / fade)
    envelope = 0.5 - 0.5 * np.cos(np.pi * envelope)
    samples = wave / 1.15 * envelope * volume * 32767
    return Pcm(np.round(samples).astype("<i2").tobytes(), AudioFormat(rate=rate))


def phase_word(phase: BreathPhase) -> str:
    """The spoken cue for `phase` when cues are words instead of tones."""
    return {BreathPhase.INHALE: "Breathe in", BreathPhase.HOLD: "Hold",
            BreathPhase.EXHALE: "Breathe out"}[phase]
