"""Where the user is in a practice: step n of N, with dots."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class StepProgress(Widget):
    """`Step 2 of 6  ●●○○○○`, and the breathing cycle when there is one."""

    DEFAULT_CSS = """
    StepProgress { height: 1; }
    """

    index: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    cycle: reactive[int] = reactive(0)
    cycles: reactive[int] = reactive(0)

    def render(self) -> Content:
        if self.total <= 0:
            return Content("")
        shown = min(max(self.index, 0), self.total)
        dots = "●" * shown + "○" * (self.total - shown)
        parts: list[str | tuple[str, str]] = [f"Step {shown} of {self.total}  ", (dots, "$accent")]
        if self.cycles:
            parts.append(f"   breath {self.cycle} of {self.cycles}")
        return Content.assemble(*parts)
