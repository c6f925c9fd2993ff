"""What every rule is made of: the Rule record, and regular-expression pieces built from vocabulary.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from voiceguide.safety import vocabulary as words
from voiceguide.safety.categories import Category


@dataclass(frozen=True)
class Rule:
    """One pattern, the category it signals, and whether a preceding negation cancels it."""

    name: str
    category: Category
    pattern: re.Pattern[str]
    negatable: bool = True


def rule(name: str, category: Category, pattern: str, *, negatable: bool = True) -> Rule:
    return Rule(name, category, re.compile(pattern), negatable)


def either(*lists: Iterable[str]) -> str:
    """A group matching any of the words or phrases; the longest are tried first."""
    alternatives = sorted({phrase for phrase in (item for each in lists for item in each)},
                          key=lambda phrase: (-len(phrase), phrase))
    return "(?:" + "|".join(alternatives) + ")"


def gap(most: int) -> str:
    """Up to `most` words in between, as few as possible (bounded, so long input stays linear)."""
    return rf"(?: [a-z0-9]+){{0,{most}}}?"


def near(first: str, second: str, most: int) -> str:
    """`first` and `second` in either order, at most `most` words apart, each on word boundaries."""
    between = gap(most)
    return rf"\b(?:{first}{between} {second}|{second}{between} {first})\b"


GAP = gap(4)
CLOSE = either(words.CLOSE_PEOPLE)
ADULT = either(words.ADULTS)
OTHER = rf"(?:{either(words.OTHERS)}|my {CLOSE})"
ABUSER = rf"(?:he|she|they|my {ADULT}|her {ADULT}|his {ADULT})"
PILLS = either(words.MEDICINES)
HARM_VERB = either(words.HARM_VERBS)
INTENT = either(words.INTENTS)
SELF_VERB = either(words.SELF_VERBS)
ABUSE_VERB = either(words.ABUSE_VERBS)
