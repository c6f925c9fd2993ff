"""One printed benchmark figure, with its target where the issue names one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """A measured value, its unit, and an optional target ("< 50 ms") with whether it was met."""

    name: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None

    def __str__(self) -> str:
        shown = f"{self.value:.3g}" if abs(self.value) < 1000 else f"{self.value:,.0f}"
        text = f"{self.name}: {shown} {self.unit}".rstrip()
        if self.target:
            verdict = "" if self.met is None else (" ok" if self.met else " MISSED")
            text += f"   (target {self.target}{verdict})"
        return text
