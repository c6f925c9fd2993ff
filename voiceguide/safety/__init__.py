"""Safety: crisis detection, the support card, and the escalation rule (see each module).

The session and the terminal app need only what is imported here.
"""

from __future__ import annotations

from voiceguide.safety.categories import Category, Finding
from voiceguide.safety.detector import detect
from voiceguide.safety.escalation import HIGH_DISTRESS, Escalation, escalate
from voiceguide.safety.resources import (
    ResourceKind,
    SupportCard,
    SupportResource,
    card_text,
    spoken_message,
    support_card,
)

__all__ = [
    "HIGH_DISTRESS",
    "Category",
    "Escalation",
    "Finding",
    "ResourceKind",
    "SupportCard",
    "SupportResource",
    "card_text",
    "detect",
    "escalate",
    "spoken_message",
    "support_card",
]
