"""Safety: crisis detection, the support card, and the escalation rule (see each module).

`detect` is the rules alone; `check` is the rules then the semantic stage (semantic.py), and
`check_cached` the same without ever blocking (for the event loop, after `prepare` in a worker).

The session and the terminal app need only what is imported here. The detectors (`detect`, `check`,
`check_cached`, `prepare`) load on first use: their rules and the semantic stage's numpy take a few
tenths of a second that the terminal app's first screen must not wait for (it loads them in a worker
right after; see VoiceguideApp.load_safety_stage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voiceguide.safety.categories import Category, Finding
from voiceguide.safety.escalation import HIGH_DISTRESS, Escalation, escalate
from voiceguide.safety.resources import (
    ResourceKind,
    SupportCard,
    SupportResource,
    card_text,
    spoken_message,
    support_card,
)

if TYPE_CHECKING:
    from voiceguide.safety.detector import detect
    from voiceguide.safety.semantic import check, check_cached, prepare

LOADED_ON_FIRST_USE = {"detect": "voiceguide.safety.detector", "check": "voiceguide.safety.semantic",
                       "check_cached": "voiceguide.safety.semantic", "prepare": "voiceguide.safety.semantic"}


def __getattr__(name: str) -> Any:
    import importlib

    module = LOADED_ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

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
