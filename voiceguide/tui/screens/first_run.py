"""First run: what voiceguide is and is not, how the journal is protected (and the choice), and a
microphone and speaker test."""

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
        Binding("k", "recovery_code", "Recovery code"),
        Binding("x", "decrypt", "Don't encrypt"),
        Binding("e", "encrypt", "Encrypt"),
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
            if journal is not None and journal.opened is not None:
                with Horizontal(id="journal-choice"):
                    yield Button("Show the recovery code (k)", id="recovery-code")
                    yield Button("Don't encrypt it (x)", id="decrypt")
                    yield Button("Encrypt it (e)", id="encrypt")
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
        self.show_protection()

    def show_protection(self) -> None:
        """The journal's line and the choices that fit it: encrypted (see the code, or don't encrypt) or
        plain (encrypt)."""
        journal = self.vg.services.journal
        if journal is None or journal.opened is None:
            return
        self.query_one("#journal-protection", Static).update(journal.protection)
        for button_id, shown in (("#recovery-code", journal.encrypted), ("#decrypt", journal.encrypted),
                                 ("#encrypt", not journal.encrypted)):
            self.query_one(button_id, Button).display = shown
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        journal = self.vg.services.journal
        if action in ("recovery_code", "decrypt"):
            return journal is not None and journal.encrypted
        if action == "encrypt":
            return journal is not None and journal.opened is not None and not journal.encrypted
        return True

    @on(Button.Pressed, "#recovery-code")
    def action_recovery_code(self) -> None:
        from voiceguide.tui.screens.recovery_code import RecoveryCodeScreen

        journal = self.vg.services.journal
        if journal is not None and journal.encrypted:
            self.app.push_screen(RecoveryCodeScreen(journal.recovery_code()))

    @on(Button.Pressed, "#decrypt")
    def action_decrypt(self) -> None:
        journal = self.vg.services.journal
        if journal is not None and journal.encrypted:
            self.vg.config.journal.encrypt = "off"  # the choice stands for a journal made again later
            self.change_protection(None, encrypt=False)

    @on(Button.Pressed, "#encrypt")
    def action_encrypt(self) -> None:
        from voiceguide.journal import keychain
        from voiceguide.tui.screens.new_passphrase import NewPassphraseScreen

        journal = self.vg.services.journal
        if journal is None or journal.opened is None or journal.encrypted:
            return
        self.vg.config.journal.encrypt = "auto"
        if keychain.keyring_available():
            self.change_protection(None, encrypt=True)
            return

        def chosen(passphrase: str | None) -> None:
            if passphrase is not None:
                self.change_protection(passphrase, encrypt=True)

        self.app.push_screen(NewPassphraseScreen(), chosen)

    @work(thread=True, exit_on_error=False, group="journal-protection")
    def change_protection(self, passphrase: str | None, *, encrypt: bool) -> None:
        journal = self.vg.services.journal
        if journal is None:
            return
        try:
            code = ""
            if encrypt:
                code = journal.encrypt(passphrase)
            else:
                journal.decrypt()
        except Exception as exc:  # noqa: BLE001 - one line; the journal stays as it was
            self.app.call_from_thread(self.app.notify, f"The journal was not changed: {exc}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self.protection_changed, code)

    def protection_changed(self, code: str) -> None:
        self.show_protection()
        if code:
            from voiceguide.tui.screens.recovery_code import RecoveryCodeScreen

            self.app.push_screen(RecoveryCodeScreen(code, "Your journal is encrypted: its recovery code"))

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
