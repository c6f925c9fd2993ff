"""Word error rate and its normalization."""

from __future__ import annotations

import pytest

from voiceguide.speech.scoring import normalize_words, number_words, word_error_rate


def test_normalization_lowercases_strips_punctuation_and_spells_out_numerals() -> None:
    assert normalize_words("And Mr. Dashwood, cold-hearted: 10 of clubs!") == [
        "and", "mister", "dashwood", "cold", "hearted", "ten", "of", "clubs"]


@pytest.mark.parametrize(("digits", "words"), [
    ("0", ["zero"]), ("7", ["seven"]), ("13", ["thirteen"]), ("40", ["forty"]), ("42", ["forty", "two"]),
    ("01", ["zero", "one"]), ("90210", ["nine", "zero", "two", "one", "zero"]),
])
def test_numerals_are_read_as_people_say_them(digits: str, words: list[str]) -> None:
    assert number_words(digits) == words


def test_word_error_rate_counts_substitutions_deletions_and_insertions() -> None:
    assert word_error_rate(["the cat sat"], ["the cat sat"]) == 0.0
    assert word_error_rate(["the cat sat"], ["the bat sat"]) == pytest.approx(1 / 3)
    assert word_error_rate(["the cat sat"], ["the sat"]) == pytest.approx(1 / 3)
    assert word_error_rate(["the cat sat"], ["the cat sat down"]) == pytest.approx(1 / 3)
    assert word_error_rate(["a b", "c d e f"], ["a b", ""]) == pytest.approx(4 / 6)


def test_mismatched_lists_are_refused() -> None:
    with pytest.raises(ValueError):
        word_error_rate(["a"], [])
