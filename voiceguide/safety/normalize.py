"""Puts recognized or typed text into one canonical form: lower-case words, contractions spelled out.

Recognizers print "i m", "im", "i'm" or "dont" for the same words, and sometimes mishear one word;
the rules in `rules.py` are written against the canonical form this module produces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^a-z0-9']+")
_SENTENCE_END = re.compile(r"[.!?;:\n\r]+")

# Pieces a recognizer splits off a contraction ("i m", "don t", "i ve", "he s").
_CONTRACTION_TAILS = frozenset({"m", "s", "t", "ve", "ll", "d", "re"})

# Contractions spelled out; the squashed forms are listed only where they are not also an ordinary word
# ("ill", "well", "were", "shell", "hell" stay as they are).
_EXPANSIONS: dict[str, str] = {
    "i'm": "i am", "im": "i am", "i've": "i have", "ive": "i have", "i'd": "i would", "id": "i would",
    "i'll": "i will",
    "don't": "do not", "dont": "do not", "doesn't": "does not", "doesnt": "does not",
    "didn't": "did not", "didnt": "did not", "can't": "can not", "cant": "can not", "cannot": "can not",
    "couldn't": "could not", "couldnt": "could not", "won't": "will not", "wont": "will not",
    "wouldn't": "would not", "wouldnt": "would not", "shouldn't": "should not", "shouldnt": "should not",
    "isn't": "is not", "isnt": "is not", "aren't": "are not", "arent": "are not",
    "wasn't": "was not", "wasnt": "was not", "weren't": "were not", "werent": "were not",
    "haven't": "have not", "havent": "have not", "hasn't": "has not", "hasnt": "has not",
    "ain't": "is not", "aint": "is not",
    "he's": "he is", "hes": "he is", "she's": "she is", "shes": "she is", "it's": "it is",
    "that's": "that is", "thats": "that is", "there's": "there is", "theres": "there is",
    "what's": "what is", "whats": "what is", "who's": "who is", "life's": "life is",
    "they're": "they are", "theyre": "they are", "we're": "we are", "you're": "you are",
    "youre": "you are",
    "he'd": "he would", "hed": "he would", "she'd": "she would", "they'd": "they would",
    "theyd": "they would", "we'd": "we would", "you'd": "you would", "everyone'd": "everyone would",
    "he'll": "he will", "she'll": "she will", "they'll": "they will", "theyll": "they will",
    "we'll": "we will", "you'll": "you will", "it'll": "it will",
    "they've": "they have", "we've": "we have", "you've": "you have",
    "let's": "let us", "lets": "let us",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "hafta": "have to",
    "kinda": "kind of", "outta": "out of", "tryna": "trying to",
}

# Two-word mishearings and splits that only ever mean one thing here.
_PHRASE_FIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{wrong}\b"), right)
    for wrong, right in (
        (r"(?:my|me|mi) (?:self|shelf|selves|elf)"
         r"(?! (?:harm|harming|harmed|injury|esteem|confidence|worth|care))", "myself"),
        (r"(?:myshelf|meself)", "myself"),
        # "end my lie", "take my own live": the last word of "my life" is the one most often misheard.
        (r"(end|ending|take|taking) my (own )?(?:lie|lye|lies|lives|live|lice|lite)\b"
         r"(?! (?:stream|show|feed))", r"\1 my \2life"),
        (r"him (?:self|shelf)", "himself"),
        (r"her (?:self|shelf)", "herself"),
        (r"suicide (?:all|el|le|ill)", "suicidal"),
        (r"better of\b(?= (?:without|dead|if|gone))", "better off"),
        (r"be hear\b", "be here"),
        (r"selfharm(ing)?", r"self harm\1"),
        (r"on (?:porpoise|porpoises|purpose full)", "on purpose"),
        (r"stay a life\b", "stay alive"),
        (r"(bedroom|kitchen|bathroom|front|back|the|a|open|through) (?:widow|widows)\b"
         r"(?! (?:of|and|who|whose))", r"\1 window"),
    )
)

# Words a recognizer often swaps for a key word, mapped back where the swap is unambiguous.
_WORD_FIXES: dict[str, str] = {
    "chocked": "choked",
    "choaked": "choked",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "suacide": "suicide",
}

# Key words worth recovering from a one-letter slip; ordinary words one slip away are protected.
_FUZZY_TARGETS = ("suicide", "suicidal", "overdose", "overdosed", "strangled", "choked")
_PROTECTED = frozenset({
    "strange", "stranger", "overdoes", "overdone", "chokes", "choker", "cooked", "chocker",
    "suicides", "strangle", "strangles", "strangler", "choke",
})


def _within_one_edit(word: str, target: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns word into target."""
    if word == target:
        return True
    lw, lt = len(word), len(target)
    if abs(lw - lt) > 1:
        return False
    i = 0
    while i < min(lw, lt) and word[i] == target[i]:
        i += 1
    if lw == lt:
        if word[i + 1:] == target[i + 1:]:
            return True
        swapped = i + 1 < lw and word[i] == target[i + 1] and word[i + 1] == target[i]
        return swapped and word[i + 2:] == target[i + 2:]
    if lw > lt:
        return word[i + 1:] == target[i:]
    return word[i:] == target[i + 1:]


@lru_cache(maxsize=4096)
def canonical_word(word: str) -> str:
    """The word itself, or the key word it is a one-slip mishearing of."""
    fixed = _WORD_FIXES.get(word)
    if fixed:
        return fixed
    if len(word) < 6 or word in _PROTECTED:
        return word
    for target in _FUZZY_TARGETS:
        if _within_one_edit(word, target):
            return target
    return word


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").replace("\u00b4", "'")
    words = [word.strip("'") for word in _NOT_WORD.split(text)]
    merged: list[str] = []
    for word in words:
        if not word:
            continue
        if merged and word in _CONTRACTION_TAILS and not merged[-1].endswith("'"):
            merged[-1] = f"{merged[-1]}'{word}"
        else:
            merged.append(word)
    return merged


def normalize(text: str) -> str:
    """Text as canonical words joined by single spaces ("I'm" -> "i am", "my shelf" -> "myself")."""
    words: list[str] = []
    for token in _tokens(text):
        expanded = _EXPANSIONS.get(token)
        if expanded is None:
            expanded = token.replace("'", "")
            expanded = canonical_word(expanded)
        words.append(expanded)
    joined = " ".join(words)
    for pattern, replacement in _PHRASE_FIXES:
        joined = pattern.sub(replacement, joined)
    return joined


def clauses(text: str) -> list[str]:
    """Text split at sentence punctuation and line breaks, each piece normalized; empty pieces dropped."""
    pieces = (normalize(piece) for piece in _SENTENCE_END.split(text))
    return [piece for piece in pieces if piece]
