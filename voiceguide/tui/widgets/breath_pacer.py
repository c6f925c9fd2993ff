"""A breath pacer: a shape that grows on the in-breath, holds, and shrinks on the out-breath."""

from __future__ import annotations

import math

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from voiceguide.tui.view import phase_direction, phase_label


class BreathPacer(Widget):
    """Draws the current phase; `reduced_motion` shows only the phase name and the countdown."""

    DEFAULT_CSS = """
    BreathPacer { height: 1fr; min-height: 3; content-align: center middle; }
    """

    phase: reactive[str] = reactive("")
    phase_seconds: reactive[float] = reactive(0.0)
    remaining: reactive[float] = reactive(0.0)
    reduced_motion: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._fullness = 0.0  # how full the shape was when the phase began
        self._key: object = None

    def set_phase(self, phase: str, seconds: float, remaining: float, key: object = None) -> None:
        """Show `phase` (of `seconds`) with `remaining` seconds left; `key` tells one phase from the next."""
        if phase != self.phase or key != self._key:
            self._fullness = self.fullness()
            self._key = key
        self.phase = phase
        self.phase_seconds = seconds
        self.remaining = max(0.0, remaining)

    def fullness(self) -> float:
        """How full the shape is, 0 to 1, at this moment of the phase."""
        if not self.phase or self.phase_seconds <= 0:
            return self._fullness
        done = min(1.0, max(0.0, 1 - self.remaining / self.phase_seconds))
        direction = phase_direction(self.phase)
        if direction > 0:
            start = self._fullness if self._fullness < 0.95 else 0.8  # a second inhale tops up
            return start + (1 - start) * done
        if direction < 0:
            return 1 - done
        return self._fullness

    def countdown(self) -> str:
        return str(max(0, math.ceil(self.remaining - 1e-6)))

    def render(self) -> Content:
        if not self.phase:
            return Content("")
        label = Content.assemble((phase_label(self.phase), "bold"), "  ", (self.countdown(), "bold"))
        if self.reduced_motion:
            return label
        width, height = self.size.width, max(1, self.size.height - 2)
        fill = 0.12 + 0.88 * self.fullness()
        radius_y = max(0.5, (height / 2) * fill)
        radius_x = min(width / 2 - 1, radius_y * 2.2)
        lines: list[Content] = []
        middle = (height - 1) / 2
        for row in range(height):
            dy = (row - middle) / radius_y if radius_y else 2
            if abs(dy) > 1:
                lines.append(Content(""))
                continue
            half = round(radius_x * math.sqrt(1 - dy * dy))
            lines.append(Content("█" * max(1, 2 * half)).stylize("$accent"))
        lines.append(Content(""))
        lines.append(label)
        return Content("\n").join(lines)
