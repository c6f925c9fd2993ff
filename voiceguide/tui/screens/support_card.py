"""The support card: the user's crisis resources, over any screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from voiceguide import notices
from voiceguide.intents import IntentKind
from voiceguide.session import CLOSES_THE_CARD
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.ports import CardView
from voiceguide.tui.text import plain
from voiceguide.tui.voice_aware import VoiceAware

CLOSED_BY = CLOSES_THE_CARD | {IntentKind.RESUME}  # here "resume" closes the card; the practice stays paused


class SupportCardScreen(ModalScreen[None], VoiceAware):
    """Who to reach now; Escape, Enter or a spoken "go back" closes it (the practice stays paused)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Close")]

    def __init__(self, card: CardView, message: str = "", keys_only: bool = False) -> None:
        super().__init__()
        self.card = card
        self.message = message
        self.keys_only = keys_only  # no microphone: the card does not offer a word to say

    def compose(self) -> ComposeResult:
        with Vertical(id="support-card"):
            yield Static(plain(self.card.title).stylize("bold"), id="support-title")
            if self.message:
                yield Static(plain(self.message), id="support-message")
            elif self.card.intro:
                yield Static(plain(self.card.intro), id="support-message")
            lines = []
            for resource in self.card.resources:
                line = Content.assemble(plain(resource.name).stylize("bold"), "  ",
                                        plain(resource.contact).stylize("bold $accent"))
                if resource.note:
                    line = Content.assemble(line, "  ", plain(resource.note).stylize("dim"))
                lines.append(line)
            yield Static(Content("\n").join(lines), id="support-resources")
            notes = self.card.notes or (notices.DISCLAIMER,)
            yield Static(Content("\n").join([plain(n) for n in notes]).stylize("dim"),
                         id="support-disclaimer")
            close = "Esc or Enter" + ("" if self.keys_only else ", or say \"go back\",") + " to close"
            yield Static(Content(close).stylize("dim"), id="support-close")

    def action_close(self) -> None:
        self.dismiss()

    def heard_elsewhere(self, text: str, final: bool) -> bool:
        """Whether the words close the card ("go back", "next", "continue", "resume", "done", "yes"), so
        that it can be closed by voice alone; other words go on to the practice (an answer is kept)."""
        found = intent_for(text, ListenMode.COMMANDS) if final else None
        if found is None or found.kind not in CLOSED_BY:
            return False
        self.action_close()
        return True
