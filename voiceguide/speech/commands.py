"""The spoken command vocabulary: phrases and synonyms mapped to intents, per listening mode."""

from __future__ import annotations

import re

from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.recognizer import ListenMode

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

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

# In NUMBER mode only these answers (besides the numbers) are heard.
NUMBER_MODE_KINDS = frozenset({IntentKind.YES, IntentKind.NO, IntentKind.HELP, IntentKind.SUPPORT,
                               IntentKind.SKIP, IntentKind.REPEAT})

_CLEAN = re.compile(r"[^a-z' ]+")


def normalize(text: str) -> str:
    """Lower case, punctuation dropped (apostrophes kept), marked tokens ([unk], <garbage>) removed."""
    tokens = [t for t in text.lower().replace("’", "'").split() if not t.startswith(("<", "["))]
    return " ".join(_CLEAN.sub(" ", " ".join(tokens)).split())


def phrases_for(mode: ListenMode) -> list[str]:
    """Every phrase the grammar must accept in `mode` (empty for DICTATION, which takes any words)."""
    if mode is ListenMode.DICTATION:
        return []
    if mode is ListenMode.NUMBER:
        answers = [p for p, kind in COMMAND_PHRASES.items() if kind in NUMBER_MODE_KINDS]
        return sorted({*NUMBER_WORDS, *answers})
    return sorted(COMMAND_PHRASES)


def grammar_words(mode: ListenMode) -> list[str]:
    """The distinct words of `mode`'s phrases (for a word-list grammar such as Vosk's)."""
    return sorted({word for phrase in phrases_for(mode) for word in phrase.split()})


def intent_for(text: str, mode: ListenMode = ListenMode.COMMANDS) -> Intent | None:
    """The intent a recognized phrase asks for in `mode`, or None when it is not a command there.

    The support phrase works in every mode (even inside dictation it is found anywhere in the text), and
    so do its variants said on their own ("need help", "help me").
    Only whole phrases count: "go up" is not "go".
    """
    said = normalize(text)
    if not said:
        return None
    if f" {SUPPORT_PHRASE} " in f" {said} " or only_asks_for_support(said):
        return Intent(IntentKind.SUPPORT, heard=said)
    if mode is ListenMode.DICTATION:
        return None
    if mode is ListenMode.NUMBER and said in NUMBER_WORDS:
        return Intent(IntentKind.NUMBER, number=NUMBER_WORDS[said], heard=said)
    if mode is ListenMode.NUMBER and said.isdigit() and 0 <= int(said) <= 10:
        return Intent(IntentKind.NUMBER, number=int(said), heard=said)
    kind = COMMAND_PHRASES.get(said)
    if kind is None:
        return None
    if mode is ListenMode.NUMBER and kind not in NUMBER_MODE_KINDS:
        return None
    return Intent(kind, heard=said)


def only_asks_for_support(text: str) -> bool:
    """Whether `text` is the support phrase (or a variant) and nothing more: a command, not an answer."""
    return COMMAND_PHRASES.get(normalize(text)) is IntentKind.SUPPORT


def may_continue(text: str, mode: ListenMode) -> bool:
    """Whether an utterance read as `text` may be the first part of a longer command, worth waiting a
    moment for: it is not a command itself ("i need", "say"), or a longer phrase starting with it means
    something else ("go" of "go back")."""
    said = normalize(text)
    meaning = intent_for(said, mode)
    if meaning is None:
        return True
    for phrase in phrases_for(mode):
        longer = intent_for(phrase, mode) if phrase.startswith(said + " ") else None
        if longer is not None and longer.kind is not meaning.kind:
            return True
    return False


def ends_with_phrase(text: str, phrase: str) -> tuple[bool, str]:
    """Whether dictated `text` ends with the end `phrase`; returns (found, text without the phrase)."""
    said = normalize(text)
    target = normalize(phrase)
    if not target:
        return False, text.strip()
    if said == target:
        return True, ""
    if said.endswith(" " + target):
        words = text.strip().split()
        keep = len(words) - len(target.split())
        return True, " ".join(words[:keep]).strip()
    return False, text.strip()
