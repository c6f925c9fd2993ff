"""What the user can ask for, by voice or by key: the vocabulary shared by recognizer, runner and UI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IntentKind(StrEnum):
    """One thing the user asked for."""

    NEXT = "next"
    BACK = "back"
    REPEAT = "repeat"
    PAUSE = "pause"
    RESUME = "resume"
    SLOWER = "slower"
    FASTER = "faster"
    SKIP = "skip"
    END = "end"
    HELP = "help"
    YES = "yes"
    NO = "no"
    DONE = "done"
    NUMBER = "number"  # a rating 0-10; the value is in Intent.number
    SUPPORT = "support"  # "I need help": open the support card from any state


@dataclass(frozen=True)
class Intent:
    """An intent, with the number for NUMBER and the words it was heard from (if spoken)."""

    kind: IntentKind
    number: int | None = None
    heard: str = ""
