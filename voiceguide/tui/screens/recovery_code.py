"""The recovery code dialog: the journal's key, shown to be written down."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from voiceguide.tui.text import plain

WRITE_IT_DOWN = ("Write this down on paper and keep it away from this computer. It opens your journal "
                 "if the keyring or the passphrase is ever lost; nobody, not even voiceguide, can open "
                 "the journal without one of them.")


class RecoveryCodeScreen(ModalScreen[None]):
    """Shows the code until Enter or Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Done")]

    def __init__(self, code: str, title: str = "Your journal's recovery code") -> None:
        super().__init__()
        self.code = code
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="recovery"):
            yield Static(plain(self.title_text).stylize("bold"), id="recovery-title")
            yield Static(plain(self.code).stylize("bold"), id="recovery-code")
            yield Static(plain(WRITE_IT_DOWN), id="recovery-help")
            yield Static(plain("Enter when it is written down.").stylize("dim"))

    def action_close(self) -> None:
        self.dismiss()
