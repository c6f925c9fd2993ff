"""The words voiceguide understands: numbers, commands, "I'm done" endings, and how any of them is read."""

from __future__ import annotations

import re

from voiceguide.intents import IntentKind

# The recognizers listen for exactly these (the grammar, Whisper's number prompt).
NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
SPELLED: dict[int, str] = {value: word for word, value in NUMBER_WORDS.items()}
# Read as a number inside an answer, but not listened for: the grammar and Whisper's prompt stay as measured.
OTHER_NUMBER_WORDS: dict[str, int] = {"nought": 0}
# Words a recognizer often hears for a lone number word; trusted only when said on their own.
ALONE_NUMBER_WORDS: dict[str, int] = {"oh": 0, "won": 1, "to": 2, "too": 2, "for": 4, "ate": 8}
# What Whisper writes for a number word, read as that number in number mode wherever it stands.
# "oh" is not here: nobody rates with "oh", and Whisper writes "Oh." for many a short vowel ("on", "off").
NUMBER_HOMOPHONES: dict[str, str] = {"for": "four", "fore": "four", "to": "two", "too": "two", "ate": "eight",
                                     "won": "one", "tree": "three", "free": "three"}

SUPPORT_PHRASE = "i need help"

# Phrase -> intent kind. Every phrase here is in the recognizers' grammar for COMMANDS mode.
COMMAND_PHRASES: dict[str, IntentKind] = {
    "next": IntentKind.NEXT,
    "go": IntentKind.NEXT,
    "go on": IntentKind.NEXT,
    "continue": IntentKind.NEXT,
    "back": IntentKind.BACK,
    "go back": IntentKind.BACK,
    "repeat": IntentKind.REPEAT,
    "say again": IntentKind.REPEAT,
    "pause": IntentKind.PAUSE,
    "stop": IntentKind.PAUSE,
    "resume": IntentKind.RESUME,
    "slower": IntentKind.SLOWER,
    "slow down": IntentKind.SLOWER,
    "faster": IntentKind.FASTER,
    "speed up": IntentKind.FASTER,
    "skip": IntentKind.SKIP,
    "end": IntentKind.END,
    "help": IntentKind.HELP,
    "yes": IntentKind.YES,
    "no": IntentKind.NO,
    "done": IntentKind.DONE,
    "i'm done": IntentKind.DONE,
    SUPPORT_PHRASE: IntentKind.SUPPORT,
    "need help": IntentKind.SUPPORT,  # a recognizer may drop the "i"
    "help me": IntentKind.SUPPORT,
}
# Heard, but not offered in help: said alone, "go" makes the app wait a moment for a possible "go back".
UNOFFERED_PHRASES = frozenset({"go"})

# In dictation, a whole utterance that is one of these means "that's it".
DONE_WORDS = {"done", "i'm done", "im done", "i am done", "next", "finished", "that's all", "thats all"}
DEFAULT_END_VARIANTS = (("i", "am", "done"), ("im", "done"), ("that's", "all"), ("thats", "all"),
                        ("that", "is", "all"))

_READ_NUMBERS = NUMBER_WORDS | OTHER_NUMBER_WORDS
_NOT_WORD = re.compile(r"(?:[^\w' ]|_)+")
_PRONOUN_I = re.compile(r"\bi\b")


def normalize(text: str) -> str:
    """Lower case, curly apostrophes folded, marked tokens ([unk], <sil>) removed, punctuation except
    apostrophes dropped (letters and digits kept), single spaces."""
    tokens = [t for t in text.lower().replace("’", "'").split() if not t.startswith(("<", "["))]
    return " ".join(_NOT_WORD.sub(" ", " ".join(tokens)).split())


def parse_number(text: str) -> int | None:
    """The first number word or digits in `text` ("seven", "7", "a six I think"), else None."""
    words = normalize(text).split()
    if len(words) == 1 and words[0] in ALONE_NUMBER_WORDS:
        return ALONE_NUMBER_WORDS[words[0]]
    for word in words:
        if word.isdecimal() and len(word) <= 3:
            return int(word)
        if word in _READ_NUMBERS:
            return _READ_NUMBERS[word]
    return None


def is_done(text: str) -> bool:
    """The whole utterance is a way of saying "that's it"."""
    return normalize(text) in DONE_WORDS


def ends_with_phrase(text: str, phrase: str) -> tuple[bool, str]:
    """Whether dictated `text` ends with the end `phrase`; returns (found, text without the phrase)."""
    rest = _without_ending(text, tuple(normalize(phrase).split()))
    return (False, text.strip()) if rest is None else (True, rest)


def split_end_phrase(text: str, end_phrase: str, default_end_phrase: str) -> tuple[str, bool]:
    """`text` without a trailing end phrase, and whether it had one ("we argued I'm done").

    A whole utterance of done words counts too, and so do the default phrase's variants ("i am done")."""
    text = text.strip()
    if is_done(text):
        return "", True
    endings = [tuple(normalize(end_phrase).split())]
    if end_phrase == default_end_phrase:
        endings += list(DEFAULT_END_VARIANTS)
    for ending in endings:
        rest = _without_ending(text, ending)
        if rest is not None:
            return rest, True
    return text, False


def _without_ending(text: str, ending: tuple[str, ...]) -> str | None:
    """`text` without its last words when, read, they are `ending` (None when they are not)."""
    words = normalize(text).split()
    if not ending or tuple(words[-len(ending):]) != ending:
        return None
    if len(words) == len(ending):
        return ""
    said = text.split()
    return " ".join(said[: max(0, len(said) - len(ending))]).strip()


def help_phrases(kind: IntentKind) -> tuple[str, ...]:
    """The phrases help offers for `kind`, in table order, written for people ("I'm done")."""
    return tuple(_PRONOUN_I.sub("I", phrase) for phrase, meant in COMMAND_PHRASES.items()
                 if meant is kind and phrase not in UNOFFERED_PHRASES)
