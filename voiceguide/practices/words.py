"""Reading what the user said: number words, "I'm done" endings, and tidy answers."""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}
# Words a recognizer often hears for a lone number word; trusted only when said on their own.
ALONE_NUMBER_WORDS = {"oh": 0, "won": 1, "to": 2, "too": 2, "for": 4, "ate": 8}
DONE_WORDS = {"done", "i'm done", "im done", "i am done", "next", "finished", "that's all", "thats all"}
DEFAULT_END_VARIANTS = (("i", "am", "done"), ("im", "done"))


def normalize(text: str) -> str:
    """Lower case, punctuation except apostrophes dropped, single spaces."""
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower()).split())


def parse_number(text: str) -> int | None:
    """The first number word or digits in `text` ("seven", "7", "a six I think"), else None."""
    words = normalize(text).split()
    if len(words) == 1 and words[0] in ALONE_NUMBER_WORDS:
        return ALONE_NUMBER_WORDS[words[0]]
    for word in words:
        if word.isdecimal() and len(word) <= 3:
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


def is_done(text: str) -> bool:
    """The whole utterance is a way of saying "that's it"."""
    return normalize(text) in DONE_WORDS


def split_end_phrase(text: str, end_phrase: str, default_end_phrase: str) -> tuple[str, bool]:
    """`text` without a trailing end phrase, and whether it had one ("we argued I'm done")."""
    text = text.strip()
    if is_done(text):
        return "", True
    words = normalize(text).split()
    endings = [tuple(normalize(end_phrase).split())]
    if end_phrase == default_end_phrase:
        endings += list(DEFAULT_END_VARIANTS)
    for ending in endings:
        if ending and tuple(words[-len(ending):]) == ending:
            kept = text.split()[: max(0, len(text.split()) - len(ending))]
            return " ".join(kept), True
    return text, False


def clean_answer(text: str) -> str:
    """An answer ready to go inside a sentence: no trailing punctuation or spaces."""
    return text.strip().rstrip(".!?,;: ").strip()
