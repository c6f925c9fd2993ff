"""The runner's step view read into one stable shape the widgets draw (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ShownStep:
    """What the session screen shows for the current step."""

    title: str = ""
    text: str = ""
    kind: str = ""
    index: int = 0  # 1-based; 0 = not started
    total: int = 0
    phase: str = ""  # breathing phase name, empty outside breathing
    phase_seconds: float = 0.0
    phase_deadline: float | None = None  # monotonic time the phase ends
    phase_remaining: float | None = None  # seconds left when paused (or when no deadline is given)
    cycle: int = 0
    cycles: int = 0
    state: str = ""


def _first(view: Any, names: tuple[str, ...], default: Any) -> Any:
    for name in names:
        value = getattr(view, name, None)
        if value is not None:
            return value
    return default


def _text(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def shown_step(view: Any) -> ShownStep:
    """Read a runner view (whatever its exact class) into a ShownStep."""
    if isinstance(view, ShownStep):
        return view
    deadline = _first(view, ("phase_deadline", "deadline"), None)
    remaining = _first(view, ("phase_remaining", "remaining"), None)
    return ShownStep(
        title=_text(_first(view, ("title", "practice_title"), "")),
        text=_text(_first(view, ("text", "instruction", "prompt"), "")),
        kind=_text(_first(view, ("kind", "step_kind"), "")),
        index=int(_first(view, ("index", "step_index", "step"), 0)),
        total=int(_first(view, ("total", "step_total", "steps", "step_count"), 0)),
        phase=_text(_first(view, ("phase", "breath_phase", "phase_name"), "")),
        phase_seconds=float(_first(view, ("phase_seconds", "phase_duration", "phase_length"), 0.0)),
        phase_deadline=float(deadline) if deadline is not None else None,
        phase_remaining=float(remaining) if remaining is not None else None,
        cycle=int(_first(view, ("cycle",), 0)),
        cycles=int(_first(view, ("cycles", "cycle_total"), 0)),
        state=_text(_first(view, ("state",), "")),
    )


def phase_label(phase: str) -> str:
    """A calm name for a breathing phase ("inhale" -> "Breathe in")."""
    key = phase.lower().replace("_", " ").strip()
    labels = {"inhale": "Breathe in", "in": "Breathe in", "exhale": "Breathe out", "out": "Breathe out",
              "hold": "Hold", "hold in": "Hold", "hold out": "Hold", "hold after inhale": "Hold",
              "hold after exhale": "Rest", "sigh": "Breathe in a little more", "second inhale":
              "Breathe in a little more", "prepare": "Get ready", "preparation": "Get ready"}
    return labels.get(key, phase.replace("_", " ").capitalize())


def phase_direction(phase: str) -> int:
    """+1 for a phase that fills the lungs, -1 for one that empties them, 0 for a hold."""
    key = phase.lower()
    if "exhale" in key or key == "out":
        return -1
    if "inhale" in key or key in ("in", "sigh"):
        return 1
    return 0
