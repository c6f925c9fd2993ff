"""The neural engines for these tests, each loaded once per session."""

from tests.neural_support import piper, whisper

__all__ = ["piper", "whisper"]
