"""The escalation rule: after a practice, whether to offer another practice and the support card."""

from __future__ import annotations

from dataclasses import dataclass

HIGH_DISTRESS = 8  # on the 0-10 scale: this high after a practice, more support is offered


@dataclass(frozen=True)
class Escalation:
    """Whether to offer more after a practice, and why ("high", "not fallen" or "")."""

    offer_support: bool
    reason: str = ""

    @property
    def offer_another_practice(self) -> bool:
        return self.offer_support

    @property
    def offer_card(self) -> bool:
        return self.offer_support


def _check(rating: int | None, what: str) -> None:
    if rating is not None and not 0 <= rating <= 10:
        raise ValueError(f"{what} distress must be 0 to 10, got {rating}")


def escalate(before: int | None, after: int | None) -> Escalation:
    """Offer another practice and the card when distress after is 8 or more, or has not fallen.

    A missing rating (the user skipped it) offers nothing on its own account: with no `after` nothing is
    offered; with no `before` only a high `after` counts.
    """
    _check(before, "before")
    _check(after, "after")
    if after is None:
        return Escalation(False)
    if after >= HIGH_DISTRESS:
        return Escalation(True, "high")
    if before is not None and after >= before:
        return Escalation(True, "not fallen")
    return Escalation(False)
