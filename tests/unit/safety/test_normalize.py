"""Normalization: contractions however the recognizer printed them, splits and one-slip mishearings."""

from __future__ import annotations

import pytest

from voiceguide.safety.normalize import canonical_word, clauses, normalize


@pytest.mark.parametrize(("raw", "canonical"), [
    ("I'm", "i am"), ("i m", "i am"), ("im", "i am"), ("don't", "do not"), ("don t", "do not"),
    ("dont", "do not"), ("i ve", "i have"), ("he s", "he is"), ("wanna", "want to"), ("gonna", "going to"),
    ("I’d", "i would"), ("can't", "can not"), ("won t", "will not"),
])
def test_contractions(raw: str, canonical: str) -> None:
    assert normalize(raw) == canonical


@pytest.mark.parametrize("ordinary", ["well", "were", "ill", "shell", "hell"])
def test_words_that_look_like_squashed_contractions_stay(ordinary: str) -> None:
    assert normalize(ordinary) == ordinary


@pytest.mark.parametrize(("heard", "meant"), [
    ("my shelf", "myself"), ("my self", "myself"), ("suicide all", "suicidal"), ("chocked", "choked"),
    ("better of without me", "better off without me"), ("be hear", "be here"), ("suicidial", "suicidal"),
    ("kill me self", "kill myself"), ("end my lie", "end my life"), ("take my own live", "take my own life"),
    ("my self harm", "my self harm"), ("end my live stream", "end my live stream"),
])
def test_mishearings(heard: str, meant: str) -> None:
    assert normalize(heard) == meant


@pytest.mark.parametrize("word", ["strange", "overdoes", "strangle", "amused", "filling", "killing"])
def test_real_words_are_not_bent_into_key_words(word: str) -> None:
    assert canonical_word(word) == word


def test_punctuation_splits_clauses_and_disappears() -> None:
    assert clauses("Fine. Really!  (I think)\n\nok") == ["fine", "really", "i think", "ok"]
