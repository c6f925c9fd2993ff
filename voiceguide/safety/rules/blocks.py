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
# Someone else: a pronoun, "my <close person>", or whoever hurt the speaker ("the people who did this").
OTHER = (
    rf"(?:{either(words.OTHERS)}|my {CLOSE}|"
    r"(?:the|those|that) (?:people|person|man|woman|guy|men|boys|lads) (?:who|that) (?:did this|did that|"
    r"hurt|attacked|raped|abused|assaulted|killed|bullied))"
)
ABUSER = rf"(?:he|she|they|my {ADULT}|her {ADULT}|his {ADULT})"
PILLS = either(words.MEDICINES)
HARM_VERB = either(words.HARM_VERBS)
INTENT = either(words.INTENTS)
SELF_VERB = either(words.SELF_VERBS)
ABUSE_VERB = either(words.ABUSE_VERBS)
WEAPON = either(words.WEAPONS)
BODY = either(words.BODY)
# A number of pills from five up, or a vague large amount ("like thirty", "a whole packet of").
AMOUNT = (
    rf"(?:{either(words.HEDGES)} )*(?:[5-9]|\d{{2,}}|{either(words.MANY)})(?: odd| or so| or more| plus)?"
)
# "took ten tablets a day as the doctor said" is a prescription, not an overdose.
NOT_AS_PRESCRIBED = (
    r"(?!(?: [a-z]+){0,3} (?:a day|every|each|daily|a week|per day|per week|twice|times a|with (?:food|water|"
    r"breakfast|meals)|in the morning|as prescribed|like the doctor)\b)"
)
# A weapon meant as one: not a knife set, a knife for the vegetables, or a bat for the match.
ARMED_WEAPON = (
    rf"{WEAPON}\b(?! (?:set|block|sharpener|collection|drawer|holder|case|bag|rack|stand|licence|license|"
    r"permit|cabinet|safe|club)\b)"
    r"(?!(?: [a-z]+){0,4} (?:making|cut|cutting|chopping|cooking|slicing|carving|peeling|preparing|fixing|"
    r"fix|repair|repairing|building|hanging|putting up|help|ball|cricket|baseball|rounders|softball|match|"
    r"game|practice|training|play|playing|dinner|vegetables|birthday|christmas|present)\b)"
)
