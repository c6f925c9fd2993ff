"""Crisis detection: `detect(text)` says whether a statement suggests danger, and which kind.

A rule engine over normalized text (normalize.py, rules/), minus what framing.py lets go of: fast (well
under a millisecond a line), offline, deterministic and auditable. It errs towards firing: a false alarm
shows a card, a miss can cost far more.
"""

from __future__ import annotations

import re

from voiceguide.safety.categories import PRIORITY, Category, Finding
from voiceguide.safety.framing import let_go
from voiceguide.safety.normalize import clauses
from voiceguide.safety.rules import RULES, Rule

_NEGATORS = frozenset({"not", "never", "no"})
# "can not stop thinking about ...", "do not know if ...": the negation belongs to another verb.
_NEGATION_NEUTRALIZERS = frozenset({
    "stop", "help", "wait", "know", "think", "handle", "take", "bear", "stand", "cope", "sleep", "eat",
    "shake", "get", "see", "remember", "tell", "understand", "care", "even", "trust", "go",
})
# A new clause starts here, so a negation before it does not reach the rule's words.
_CLAUSE_STARTS = frozenset({"i", "but", "and", "because", "so", "then", "though", "although", "when", "if"})
_NEGATION_REACH = 5


def _negated(words_before: list[str], matched_words: list[str]) -> bool:
    window: list[str] = []
    for word in reversed(words_before[-_NEGATION_REACH:]):
        if word in _CLAUSE_STARTS:
            break
        window.insert(0, word)
    candidates = window + matched_words
    for index, word in enumerate(candidates):
        if word in _NEGATORS:
            following = candidates[index + 1] if index + 1 < len(candidates) else ""
            # "never take a blade to my skin": the negation falls on the rule's own first word.
            if following not in _NEGATION_NEUTRALIZERS or index + 1 == len(window):
                return True
    return False


def _counts(rule: Rule, clause: str, match: re.Match[str], resolved: list[tuple[int, int]]) -> bool:
    start = match.start()
    if any(low <= start < high for low, high in resolved):
        return False
    # Only the last few words matter; the slice keeps long clauses linear.
    before = clause[max(0, start - 20 * _NEGATION_REACH): start].split()
    return not (rule.negatable and _negated(before, match.group(0).split()))


def _first_match(rule: Rule, clause: str, resolved: list[tuple[int, int]]) -> str | None:
    # search() rather than finditer(): most rules find nothing, and that is answered without a loop.
    match = rule.pattern.search(clause)
    while match is not None:
        if _counts(rule, clause, match, resolved):
            return match.group(0)
        match = rule.pattern.search(clause, max(match.end(), match.start() + 1))
    return None


def _urgency(category: Category) -> int:
    return PRIORITY.index(category)


# Most urgent category first, so the first rule that fires on a clause is its most urgent finding.
_RULES_BY_URGENCY = tuple(sorted(RULES, key=lambda rule: _urgency(rule.category)))


def _findings(clause: str, *, first_only: bool = False,
              more_urgent_than: int = len(PRIORITY)) -> list[Finding]:
    resolved = let_go(clause)
    findings = []
    for rule in _RULES_BY_URGENCY:
        if _urgency(rule.category) >= more_urgent_than:
            break
        matched = _first_match(rule, clause, resolved)
        if matched is not None:
            findings.append(Finding(rule.category, rule.name, matched))
            if first_only:
                break
    return findings


def scan_clause(clause: str) -> list[Finding]:
    """Every rule that fires on one normalized clause (for audit and tests); most urgent first."""
    return _findings(clause)


def detect(text: str) -> Finding | None:
    """The most urgent danger the text suggests, or None; `text` is a transcript or typed text."""
    best: Finding | None = None
    for clause in clauses(text):
        bound = len(PRIORITY) if best is None else _urgency(best.category)
        findings = _findings(clause, first_only=True, more_urgent_than=bound)
        if findings:
            best = findings[0]
        if best is not None and best.category is PRIORITY[0]:
            break
    return best


__all__ = ["Category", "Finding", "detect", "scan_clause"]
