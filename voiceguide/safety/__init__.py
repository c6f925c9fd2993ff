"""Safety: crisis detection, the support card, and the escalation rule (see each module).

`detect` is the rules alone; `check` is the rules then the semantic stage (semantic.py), and
`check_cached` the same without ever blocking (for the event loop, after `prepare` in a worker).

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
from voiceguide.safety.semantic import check, check_cached, prepare

__all__ = [
    "HIGH_DISTRESS",
    "Category",
    "Escalation",
    "Finding",
    "ResourceKind",
    "SupportCard",
    "SupportResource",
    "card_text",
    "check",
    "check_cached",
    "detect",
    "escalate",
    "prepare",
    "spoken_message",
    "support_card",
]
