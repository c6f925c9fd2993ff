"""The kinds of danger the detector recognizes, and what it reports when one fires."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """What a statement suggests; ordered from most to least urgent in PRIORITY."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    HARM_TO_OTHERS = "harm_to_others"
    ABUSE = "abuse"
    IMMEDIATE_DANGER = "immediate_danger"


# When one statement matches several categories, the most urgent one is reported.
PRIORITY: tuple[Category, ...] = (
    Category.IMMEDIATE_DANGER,
    Category.SUICIDE,
    Category.SELF_HARM,
    Category.HARM_TO_OTHERS,
    Category.ABUSE,
)


@dataclass(frozen=True)
class Finding:
    """A statement that fired: its category, the rule that fired and the words it matched (for audit)."""

    category: Category
    rule: str
    matched: str
