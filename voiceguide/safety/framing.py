"""Stretches of a clause the rules let go of: a trouble told as long over, what a story is about, and a
crisis question answered no.

"i used to self harm as a teenager but that is behind me now", "my friend attempted suicide years back
and she is doing well now", "the doctor asked if i had thoughts of ending my life and honestly no". Only
a rule match starting inside such a stretch is let go; anything said after it still counts, and the
stretch is not let go at all when the clause goes on to say it came back ("... and i started again").
"""

from __future__ import annotations

import re

from voiceguide.safety import vocabulary as words
from voiceguide.safety.rules.blocks import CLOSE, either, gap

_SOMEONE_ELSE = (
    rf"(?:my (?:friend|best friend|mate|cousin|colleague|{CLOSE})|a friend(?: of mine)?|one of my friends|"
    r"an old friend|someone i know)"
)
# Where a story of the past starts: a past marker, someone else, or "i tried ..." opening the clause.
_STORY_START = (
    rf"\b(?:{either(words.DISTANT_PAST)}|{_SOMEONE_ELSE})\b|"
    r"^i (?:attempted|tried|took|overdosed|cut|burned|burnt|self harmed|harmed|hurt)\b"
)
_TOLD_AS_OVER = re.compile(
    rf"(?:{_STORY_START}){gap(25)} {either(words.RECOVERED)}\b|"
    r"\bused to\b(?: [a-z]+){0,20}? (?:years ago|a long time ago|ages ago)\b"
)
_DISTANT_PAST = re.compile(rf"\b{either(words.DISTANT_PAST)}\b")
_COME_BACK = re.compile(rf"\b{either(words.COME_BACK)}\b")

# "asked if ... and honestly no": the question names the crisis, the answer denies it.
_ANSWERED_NO = re.compile(
    r"\b(?:asked|asks|asking|ask)(?: me)?(?: [a-z]+){0,2}? (?:if|whether)\b(?: [a-z]+){0,20}? "
    r"(?:and|but|so|to which)(?: i (?:said|told (?:him|her|them)|answered|replied)| honestly| truthfully|"
    r" thankfully| luckily| the answer (?:is|was)| really| just)* "
    r"(?:no|nope|not really|never|not at all|not anymore|i (?:have|had|do|did|am|was|would) not)\b"
)
# "a novel about a suicide", "the film ended with him jumping off a building": what a story is about, up
# to where the speaker starts on their own clause ("... and i", "but i").
_STORY_ABOUT = re.compile(
    r"\b(?:book|novel|film|movie|play|musical|show|series|documentary|episode|podcast|drama|soap|article|"
    r"storyline|plot|song|opera|game)s? (?:is |was )?(?:about|on|where|in which|dealing with|that deals with|"
    r"ended with|ends with|featuring|had|has)\b(?:(?! (?:i|and|but|so|because|me|my|myself)\b) [a-z]+){0,10}"
)
# After a "no", words that take it back.
_TAKEN_BACK = re.compile(r"\b(?:but|though|although|yet|except|actually|sometimes|lately|maybe|yes)\b")


def let_go(clause: str) -> list[tuple[int, int]]:
    """The (start, end) stretches of a normalized clause whose rule matches do not count."""
    spans = []
    for match in _TOLD_AS_OVER.finditer(clause):
        told = match.group(0)
        if _DISTANT_PAST.search(told) and not _COME_BACK.search(clause, match.end()):
            spans.append(match.span())
    spans.extend(match.span() for match in _STORY_ABOUT.finditer(clause))
    for match in _ANSWERED_NO.finditer(clause):
        if not _TAKEN_BACK.search(clause, match.end()):
            spans.append(match.span())
    return spans
