"""The help overlay: every key and the words that do the same."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from voiceguide.tui.keys import HOME_HELP, JOURNAL_HELP, help_rows


def help_table() -> Content:
    rows = help_rows()
    lines = [Content.assemble((f"{'Key':<20}", "bold"), (f"{'Does':<18}", "bold"), ("Or say", "bold"))]
    lines += [Content.assemble((f"{keys:<20}", "$accent"), f"{action:<18}", (spoken, "italic"))
              for keys, action, spoken in rows]
    lines.append(Content(""))
    lines.append(Content("On the home screen").stylize("bold"))
    lines += [Content.assemble((f"{keys:<20}", "$accent"), action) for keys, action in HOME_HELP]
    lines.append(Content(""))
    lines.append(Content("In the journal").stylize("bold"))
    lines += [Content.assemble((f"{keys:<20}", "$accent"), action) for keys, action in JOURNAL_HELP]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys and spoken commands."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content("Keys and spoken commands").stylize("bold"), id="help-title")
            yield Static(help_table(), id="help-table")
            yield Static(Content("Esc to close").stylize("dim"))

    def action_close(self) -> None:
        self.dismiss()
