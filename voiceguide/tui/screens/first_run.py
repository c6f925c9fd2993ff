"""First run: what voiceguide is and is not, and a microphone and speaker test."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from voiceguide import notices
from voiceguide.tui.text import plain, recognized
from voiceguide.tui.voice_aware import VoiceAware
from voiceguide.tui.widgets.mic_level import MicLevel
from voiceguide.tui.widgets.status_line import StatusLine
from voiceguide.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from voiceguide.tui.app import VoiceguideApp

TEST_PHRASE = "Hello. I am voiceguide. If you can hear me, your speaker works."


NO_MIC_HELP = ("No microphone is in use, so voiceguide works by keyboard: every command has a key "
               "(? lists them), and you type your answers. The status line below says why.")


class FirstRunScreen(Screen[None], VoiceAware):
    """Shown once: the disclaimer, privacy, and a live microphone level with a spoken test phrase."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Continue"),
        Binding("s", "speak_test", "Speak a test phrase"),
    ]

    @property
    def vg(self) -> VoiceguideApp:
        from voiceguide.tui.app import VoiceguideApp

        return cast(VoiceguideApp, self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-run"):
            yield Static(Content("Welcome to voiceguide").stylize("bold"), id="first-run-title")
            yield Static(notices.DISCLAIMER, markup=False, id="disclaimer")
            yield Static(notices.PRIVACY, markup=False, id="privacy")
            journal = self.vg.services.journal
            if journal is not None and journal.protection:
                yield Static(journal.protection, markup=False, id="journal-protection")
            yield Static("Microphone test: say something and watch the level move.", id="mic-test-help")
            yield MicLevel(id="mic")
            yield Transcript(keep=2, id="transcript")
            with Horizontal(id="first-run-buttons"):
                yield Button("Speak a test phrase (s)", id="speak-test")
                yield Button("Continue (Enter)", id="continue", variant="primary")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(StatusLine).text = self.vg.voice_status.line()
        self.voice_changed()

    def voice_changed(self) -> None:
        has_mic = bool(self.vg.voice and self.vg.voice.mic)
        self.query_one(MicLevel).available = has_mic
        if self.vg.voice is not None and not has_mic:  # loaded, and no microphone: say what works instead
            self.query_one("#mic-test-help", Static).update(NO_MIC_HELP)

    def heard_elsewhere(self, text: str, final: bool) -> bool:
        """What the microphone test heard (shown here; it also goes on, as to any screen)."""
        transcript = self.query_one(Transcript)
        if final:
            transcript.add_final(recognized(text))
        else:
            transcript.add_partial(recognized(text))
        return False

    @on(Button.Pressed, "#speak-test")
    def action_speak_test(self) -> None:
        self.vg.speak(TEST_PHRASE)
        self.query_one("#mic-test-help", Static).update(plain(
            "Speaking the test phrase…" if self.vg.voice is None or self.vg.voice.speech.description != "off"
            else "No speaker was found: voiceguide will show its words instead of saying them."))

    @on(Button.Pressed, "#continue")
    def action_done(self) -> None:
        self.vg.config.ui.first_run_done = True
        self.save()
        self.dismiss()
        if self.vg.start_practice:
            self.vg.start_session(self.vg.start_practice)

    @work(thread=True, exit_on_error=False, group="config")
    def save(self) -> None:
        try:
            self.vg.services.save_config(self.vg.config)
        except Exception as exc:  # noqa: BLE001 - shown as one line; the app goes on
            self.app.call_from_thread(self.app.notify, f"Could not save the settings: {exc}",
                                      severity="error", markup=False)
