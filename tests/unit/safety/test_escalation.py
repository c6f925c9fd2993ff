"""The escalation rule after a practice: 8 or more, or not fallen, offers another practice and the card."""

from __future__ import annotations

import pytest

from voiceguide.safety import Escalation, escalate


@pytest.mark.parametrize(("before", "after", "expected"), [
    (9, 8, Escalation(True, "high")),
    (10, 10, Escalation(True, "high")),
    (6, 6, Escalation(True, "not fallen")),
    (5, 7, Escalation(True, "not fallen")),
    (9, 7, Escalation(False)),
    (3, 0, Escalation(False)),
    (None, 8, Escalation(True, "high")),
    (None, 5, Escalation(False)),
    (7, None, Escalation(False)),
])
def test_rule(before: int | None, after: int | None, expected: Escalation) -> None:
    result = escalate(before, after)
    assert result == expected
    assert result.offer_card is result.offer_another_practice is expected.offer_support


@pytest.mark.parametrize(("before", "after"), [(11, 3), (5, -1)])
def test_ratings_outside_0_to_10_are_refused(before: int, after: int) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        escalate(before, after)
