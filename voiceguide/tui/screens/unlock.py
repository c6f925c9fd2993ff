"""The unlock dialog: a locked journal's passphrase or recovery code, typed (never spoken)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from voiceguide.errors import VoiceguideError
from voiceguide.tui.text import plain

if TYPE_CHECKING:
    from voiceguide.tui.app import VoiceguideApp

ASK = ("Type your journal's passphrase or recovery code, then Enter. Escape: not now (what you say stays "
       "in memory, not saved).")


class UnlockScreen(ModalScreen[int | None]):
    """Asks for the secret and unlocks in a worker (scrypt takes about half a second); dismissed with how
    many answers were saved, or None when closed without unlocking."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Not now")]

    @property
    def vg(self) -> VoiceguideApp:
        from voiceguide.tui.app import VoiceguideApp

        return cast(VoiceguideApp, self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static(plain("Unlock your journal").stylize("bold"), id="unlock-title")
            yield Static(plain(ASK), id="unlock-help")
            yield Input(password=True, id="unlock-secret", placeholder="passphrase or recovery code")
            yield Static("", id="unlock-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#unlock-secret")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            return
        self.query_one(Input).disabled = True
        self.query_one("#unlock-problem", Static).update(plain("Unlocking…"))
        self.unlock(event.value)

    @work(thread=True, exit_on_error=False, group="unlock")
    def unlock(self, secret: str) -> None:
        journal = self.vg.services.journal
        try:
            saved = journal.unlock(secret) if journal is not None else 0
        except VoiceguideError as exc:
            self.app.call_from_thread(self.refused, str(exc))
        except Exception as exc:  # noqa: BLE001 - one line; the journal stays locked, answers in memory
            self.app.call_from_thread(self.refused, f"the journal could not be unlocked: {exc}")
        else:
            self.app.call_from_thread(self.dismiss, saved)

    def refused(self, problem: str) -> None:
        field = self.query_one(Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self.query_one("#unlock-problem", Static).update(plain(problem))

    def action_close(self) -> None:
        self.dismiss(None)
