"""A one-line microphone level meter."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

FLOOR_DB = -60.0


class MicLevel(Widget):
    """Shows the microphone loudness in dBFS as a bar, or that there is no microphone."""

    DEFAULT_CSS = """
    MicLevel { height: 1; }
    """

    level_db: reactive[float] = reactive(FLOOR_DB)
    available: reactive[bool] = reactive(False)

    def render(self) -> Content:
        if not self.available:
            return Content("mic  off")
        bar_width = max(4, self.size.width - 14)
        share = min(1.0, max(0.0, (self.level_db - FLOOR_DB) / -FLOOR_DB))
        filled = round(share * bar_width)
        return Content.assemble("mic  ", ("█" * filled, "$success"), ("░" * (bar_width - filled), "dim"),
                                f" {max(self.level_db, -99):4.0f} dB")
