"""Live transcript: settled text plain, the partial still being recognized dim (never markup)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from voiceguide.tui.text import plain


class Transcript(Widget):
    """The last few things heard."""

    DEFAULT_CSS = """
    Transcript { height: auto; max-height: 6; }
    """

    partial: reactive[str] = reactive("")

    def __init__(self, keep: int = 4, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keep = keep
        self.settled: list[str] = []

    def add_partial(self, text: str) -> None:
        self.partial = text

    def add_final(self, text: str) -> None:
        if text.strip():
            self.settled = [*self.settled, text][-self.keep:]
        self.partial = ""
        self.refresh(layout=True)

    def clear(self) -> None:
        self.settled = []
        self.partial = ""
        self.refresh(layout=True)

    def render(self) -> Content:
        lines = [plain(line) for line in self.settled]
        if self.partial:
            lines.append(plain(self.partial, "dim italic"))
        if not lines:
            return Content("")
        return Content("\n").join(lines)
