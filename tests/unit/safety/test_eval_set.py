"""The evaluation set is big, well-formed and honest, and the detector meets the issue's targets on it."""

from __future__ import annotations

import re

from tests.safety_eval import must_fire, must_not_fire, score
from voiceguide.safety import Category, detect

RECOGNIZER_TEXT = re.compile(r"[a-z0-9' ]+")


def test_set_is_large_enough_and_covers_every_category() -> None:
    positives = must_fire()
    assert len(positives) >= 150 and len(must_not_fire()) >= 400
    assert {category for category, _ in positives} == {c.value for c in Category}


def test_statements_look_like_recognizer_output_and_are_unique() -> None:
    statements = [text for _, text in must_fire()] + must_not_fire()
    assert all(RECOGNIZER_TEXT.fullmatch(text) for text in statements)
    assert len(set(statements)) == len(statements)


def test_recall_and_false_positives_meet_the_targets() -> None:
    result = score(detect)
    assert result.recall >= 0.97, f"missed: {result.misses}"
    assert result.false_positive_rate <= 0.02, f"false alarms: {result.false_alarms}"
