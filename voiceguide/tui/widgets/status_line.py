"""One line saying what voiceguide can hear and say: engine, model, microphone, speaker."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from voiceguide.tui.text import plain


class StatusLine(Widget):
    """The engine, model, microphone and speaker state, in one line."""

    DEFAULT_CSS = """
    StatusLine { height: 1; }
    """

    text: reactive[str] = reactive("voice: starting…")

    def render(self) -> Content:
        return plain(self.text)
