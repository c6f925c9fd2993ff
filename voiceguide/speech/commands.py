"""Recognized text read as commands, per listening mode (the words themselves are in vocabulary.py)."""

from __future__ import annotations

from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.recognizer import ListenMode
from voiceguide.vocabulary import COMMAND_PHRASES, NUMBER_WORDS, SUPPORT_PHRASE, normalize

# In NUMBER mode only these answers (besides the numbers) are heard.
NUMBER_MODE_KINDS = frozenset({IntentKind.YES, IntentKind.NO, IntentKind.HELP, IntentKind.SUPPORT,
                               IntentKind.SKIP, IntentKind.REPEAT})


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

