"""Crisis detection: `detect(text)` says whether a statement suggests danger, and which kind.

A rule engine over normalized text (normalize.py, rules.py): fast (well under a millisecond a line),
offline, deterministic and auditable. It errs towards firing: a false alarm shows a card, a miss can
cost far more.
"""

from __future__ import annotations

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


def _first_match(rule: Rule, clause: str, resolved: list[tuple[int, int]]) -> str | None:
    for match in rule.pattern.finditer(clause):
        if any(start <= match.start() < end for start, end in resolved):
            continue
        if rule.negatable:
            # Only the last few words matter; the slice keeps long clauses linear.
            before = clause[max(0, match.start() - 20 * _NEGATION_REACH): match.start()].split()
            if _negated(before, match.group(0).split()):
                continue
        return match.group(0)
    return None


def _scan(clause: str) -> list[Finding]:
    resolved = let_go(clause)
    findings = []
    for rule in RULES:
        matched = _first_match(rule, clause, resolved)
        if matched is not None:
            findings.append(Finding(rule.category, rule.name, matched))
    findings.sort(key=lambda finding: PRIORITY.index(finding.category))
    return findings


def _urgency(finding: Finding) -> int:
    return PRIORITY.index(finding.category)


def scan_clause(clause: str) -> list[Finding]:
    """Every rule that fires on one normalized clause (for audit and tests); most urgent first."""
    return _scan(clause)


def detect(text: str) -> Finding | None:
    """The most urgent danger the text suggests, or None; `text` is a transcript or typed text."""
    best: Finding | None = None
    for clause in clauses(text):
        findings = _scan(clause)
        if findings and (best is None or _urgency(findings[0]) < _urgency(best)):
            best = findings[0]
        if best is not None and best.category is PRIORITY[0]:
            break
    return best


__all__ = ["Category", "Finding", "detect", "scan_clause"]
