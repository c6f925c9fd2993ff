"""Word error rate with a plain normalization (case, punctuation, numerals, common abbreviations)."""

from __future__ import annotations

import re

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ABBREVIATIONS = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint", "ok": "okay"}


def number_words(digits: str) -> list[str]:
    """A numeral as spoken words: up to 99 as a number, longer numerals digit by digit."""
    value = int(digits)
    if len(digits) > 2 or (len(digits) == 2 and digits[0] == "0"):
        return [_ONES[int(d)] for d in digits]
    if value < 20:
        return [_ONES[value]]
    tens, ones = divmod(value, 10)
    return [_TENS[tens]] + ([_ONES[ones]] if ones else [])


def normalize_words(text: str) -> list[str]:
    """Lower-case words without punctuation; numerals spelled out, hyphenated words split."""
    words: list[str] = []
    for token in re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")):
        token = token.strip("'")
        if not token:
            continue
        for piece in re.findall(r"\d+|[^\d]+", token):
            if piece.isdigit():
                words.extend(number_words(piece))
            else:
                words.append(_ABBREVIATIONS.get(piece, piece))
    return words


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Substitutions, deletions and insertions needed to turn `reference` into `hypothesis`."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, start=1):
        current = [i]
        for j, hyp_word in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ref_word != hyp_word)))
        previous = current
    return previous[-1]


def word_error_rate(references: list[str], hypotheses: list[str]) -> float:
    """Total word errors over total reference words, across pairs of texts (0.0 is perfect)."""
    if len(references) != len(hypotheses):
        raise ValueError("references and hypotheses differ in number")
    errors = total = 0
    for reference, hypothesis in zip(references, hypotheses, strict=True):
        ref_words = normalize_words(reference)
        errors += edit_distance(ref_words, normalize_words(hypothesis))
        total += len(ref_words)
    return errors / total if total else 0.0
