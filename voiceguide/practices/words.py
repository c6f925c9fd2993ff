"""Tidying a dictated answer before it goes inside a sentence (the words themselves are in vocabulary.py)."""

from __future__ import annotations


def clean_answer(text: str) -> str:
    """An answer ready to go inside a sentence: no trailing punctuation or spaces."""
    return text.strip().rstrip(".!?,;: ").strip()
