"""The new passphrase dialog: typed twice, never shown, never spoken."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from voiceguide.journal.keys import looks_like_recovery_code
from voiceguide.tui.text import plain

MIN_LENGTH = 8
ASK = ("Choose a passphrase for your journal. You will type it each time voiceguide starts (there is no "
       "desktop keyring here to keep the key). Escape: keep the journal as it is.")


class NewPassphraseScreen(ModalScreen[str | None]):
    """Dismissed with the passphrase once it was typed the same twice, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="new-passphrase"):
            yield Static(plain("A passphrase for your journal").stylize("bold"), id="new-passphrase-title")
            yield Static(plain(ASK), id="new-passphrase-help")
            yield Input(password=True, id="first", placeholder="new passphrase")
            yield Input(password=True, id="again", placeholder="the same again")
            yield Static("", id="new-passphrase-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#first", Input).focus()

    @on(Input.Submitted, "#first")
    def first_given(self) -> None:
        self.query_one("#again", Input).focus()

    @on(Input.Submitted, "#again")
    def both_given(self) -> None:
        first, again = self.query_one("#first", Input).value, self.query_one("#again", Input).value
        problem = passphrase_problem(first, again)
        if problem:
            self.query_one("#new-passphrase-problem", Static).update(plain(problem))
            self.query_one("#again", Input).value = ""
            self.query_one("#first" if first == again else "#again", Input).focus()
            return
        self.dismiss(first)

    def action_close(self) -> None:
        self.dismiss(None)


def passphrase_problem(first: str, again: str) -> str:
    """What is wrong with a new passphrase ("" when nothing is)."""
    if len(first) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if looks_like_recovery_code(first):
        return "That looks like a recovery code: choose another passphrase."
    if first != again:
        return "The two differ: type it again."
    return ""
