"""Whisper's input: the log-Mel spectrogram of 16 kHz audio, computed with numpy."""

from __future__ import annotations

import functools

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160


@functools.lru_cache(maxsize=4)
def mel_filters(n_mels: int, sample_rate: int = SAMPLE_RATE, n_fft: int = N_FFT) -> np.ndarray:
    """Triangular filters on the Slaney mel scale, area-normalized: shape (n_mels, n_fft // 2 + 1)."""
    linear_step = 200.0 / 3  # Hz per mel below 1 kHz
    log_start_mel = 1000.0 / linear_step
    log_step = np.log(6.4) / 27.0

    def to_mel(hz: np.ndarray) -> np.ndarray:
        mel = hz / linear_step
        above = hz >= 1000.0
        mel[above] = log_start_mel + np.log(hz[above] / 1000.0) / log_step
        return mel

    def to_hz(mel: np.ndarray) -> np.ndarray:
        hz = mel * linear_step
        above = mel >= log_start_mel
        hz[above] = 1000.0 * np.exp(log_step * (mel[above] - log_start_mel))
        return hz

    edges = to_hz(np.linspace(0.0, to_mel(np.array([sample_rate / 2.0]))[0], n_mels + 2))
    bins = np.linspace(0.0, sample_rate / 2.0, n_fft // 2 + 1)
    widths = np.diff(edges)
    distances = edges[:, None] - bins[None, :]
    rising = -distances[:-2] / widths[:-1, None]
    falling = distances[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(rising, falling))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights.astype(np.float32)


def log_mel_columns(samples: np.ndarray, n_mels: int = 80) -> np.ndarray:
    """Whisper's normalized log-Mel spectrogram of `samples` (float32 in [-1, 1]): one column per whole
    10 ms of audio, shape (n_mels, samples.size // 160).

    As in faster-whisper (whose readings the command figures were first measured with): computed once
    over the whole audio (one loudness floor, a continuous spectrum across window edges), running a hop
    past the audio's end.
    """
    audio = np.concatenate([samples.astype(np.float32, copy=False), np.zeros(HOP, dtype=np.float32)])
    padded = np.pad(audio, N_FFT // 2, mode="reflect")
    count = (padded.size - N_FFT) // HOP  # the last, half-empty frame is dropped
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(count)[:, None]
    window = np.hanning(N_FFT + 1)[:-1].astype(np.float32)
    spectrum = np.fft.rfft(padded[index] * window, axis=1).astype(np.complex64)
    power = (np.abs(spectrum) ** 2).T
    log_spec = np.log10(np.maximum(mel_filters(n_mels) @ power, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec[:, : samples.size // HOP] + 4.0) / 4.0).astype(np.float32)


def window_of(columns: np.ndarray, start: int, frames: int) -> np.ndarray:
    """`frames` columns from `start`, padded with zeros past the audio (as faster-whisper pads)."""
    window = np.zeros((columns.shape[0], frames), dtype=np.float32)
    piece = columns[:, start:start + frames]
    window[:, : piece.shape[1]] = piece
    return window


def log_mel(samples: np.ndarray, frames: int, n_mels: int = 80) -> np.ndarray:
    """The features of audio that fits one window: `frames` columns, zeros past the audio."""
    return window_of(log_mel_columns(samples, n_mels), 0, frames)
