"""Settings: voice, engine, devices, silence timeout, cues, theme, motion and recording, saved to the config
file."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

from voiceguide.config import SILENCE_TIMEOUT_RANGE, Config
from voiceguide.tui.text import plain
from voiceguide.tui.themes import THEME_NAMES
from voiceguide.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from voiceguide.tui.app import VoiceguideApp

TEST_PHRASE = "This is how I will sound. Take your time."
ENGINES = ("auto", "vosk", "pocketsphinx")
CUE_STYLES = ("tones", "words", "silent")
THEME_LABELS = {"voiceguide-calm": "Calm", "voiceguide-high-contrast": "High contrast"}


class SettingsError(ValueError):
    """A setting the user typed that cannot be used."""


def _number(text: str, name: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(f"{name} must be a number") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}")
    return value


class SettingsScreen(Screen[None]):
    """Edit the settings; Save writes them, Escape leaves without saving."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "back", "Back"),
    ]
    AUTO_FOCUS = "#rate"  # the first field, not the scrolling form around it

    @property
    def vg(self) -> VoiceguideApp:
        from voiceguide.tui.app import VoiceguideApp

        return cast(VoiceguideApp, self.app)

    def compose(self) -> ComposeResult:
        config = self.vg.config
        with VerticalScroll(id="settings"):
            yield Static(Content("Settings").stylize("bold"), id="settings-title")
            yield from self._row("Speaking rate (words a minute, 80-250)",
                                 Input(str(config.voice.rate), id="rate", type="integer"))
            yield from self._row("Voice (empty: the engine's default)", Input(config.voice.voice, id="voice"))
            yield from self._row("Volume (0-1)",
                                 Input(f"{config.voice.volume:g}", id="volume", type="number"))
            yield Button("Test the voice", id="test-voice")
            yield from self._row("Recognizer", Select([(e, e) for e in ENGINES], value=config.listen.engine,
                                                      allow_blank=False, id="engine"))
            yield from self._row("Microphone (name or number; empty: default)",
                                 Input(config.devices.input, id="input-device"))
            yield from self._row("Speaker (name or number; empty: default)",
                                 Input(config.devices.output, id="output-device"))
            yield Static("", id="devices-found")
            low, high = SILENCE_TIMEOUT_RANGE
            yield from self._row(f"Silence that ends an answer (seconds, {low:g}-{high:g})",
                                 Input(f"{config.listen.silence_timeout:g}", id="silence", type="number"))
            yield from self._row("Breathing cues", Select([(c, c) for c in CUE_STYLES],
                                                          value=config.voice.cue_style, allow_blank=False,
                                                          id="cue-style"))
            theme = config.ui.theme if config.ui.theme in THEME_NAMES else THEME_NAMES[0]
            yield from self._row("Theme", Select([(THEME_LABELS[t], t) for t in THEME_NAMES], value=theme,
                                                 allow_blank=False, id="theme"))
            yield from self._row("Reduced motion (pacer as text)",
                                 Switch(value=config.ui.reduced_motion, id="reduced-motion"))
            yield from self._row("Keep recordings of spoken answers (WAV)",
                                 Switch(value=config.journal.record_audio, id="record-audio"))
        with Horizontal(id="settings-buttons"):
            yield Button("Save (Ctrl+S)", id="save", variant="primary")
            yield Button("Back (Esc)", id="back")
            yield Static("", id="settings-message")
        yield StatusLine(id="status")
        yield Footer()

    def _row(self, label: str, widget: Input | Select[str] | Switch) -> ComposeResult:
        with Horizontal(classes="setting"):
            yield Label(label, classes="setting-label")
            yield widget

    def on_mount(self) -> None:
        self.query_one(StatusLine).text = self.vg.voice_status.line()
        for field in self.query(Input):
            field.cursor_blink = self.vg.cursor_blink
        self.find_devices()

    @work(thread=True, exit_on_error=False, group="devices")
    def find_devices(self) -> None:
        """List the sound devices (PortAudio can be slow and noisy: off the event loop, silenced)."""
        from voiceguide.errors import VoiceguideError

        try:
            devices = self.vg.services.list_devices()
        except VoiceguideError as exc:
            text = f"Sound devices: {exc}"
        else:
            inputs = ", ".join(f"{d.index} {d.name}" for d in devices if d.inputs) or "none"
            outputs = ", ".join(f"{d.index} {d.name}" for d in devices if d.outputs) or "none"
            text = f"Microphones found: {inputs}\nSpeakers found: {outputs}"
        self.app.call_from_thread(self.query_one("#devices-found", Static).update, plain(text).stylize("dim"))

    def read_form(self) -> Config:
        """The config as the form says, or SettingsError naming the first bad field."""
        config = copy.deepcopy(self.vg.config)
        value = self.query_one

        config.voice.rate = int(_number(value("#rate", Input).value, "Speaking rate", 80, 250))
        config.voice.voice = value("#voice", Input).value.strip()
        config.voice.volume = _number(value("#volume", Input).value, "Volume", 0, 1)
        config.listen.engine = str(value("#engine", Select).value)
        config.devices.input = value("#input-device", Input).value.strip()
        config.devices.output = value("#output-device", Input).value.strip()
        silence = value("#silence", Input).value
        config.listen.silence_timeout = _number(silence, "Silence", *SILENCE_TIMEOUT_RANGE)
        config.voice.cue_style = str(value("#cue-style", Select).value)
        config.ui.theme = str(value("#theme", Select).value)
        config.ui.reduced_motion = value("#reduced-motion", Switch).value
        config.journal.record_audio = value("#record-audio", Switch).value
        return config

    def say(self, text: str, error: bool = False) -> None:
        self.query_one("#settings-message", Static).update(
            plain(text).stylize("bold $error" if error else "$success"))

    def action_save(self) -> None:
        try:
            config = self.read_form()
        except SettingsError as exc:
            self.say(str(exc), error=True)
            return
        vars(self.vg.config).update(vars(config))  # in place: the adapters hold the same Config
        self.vg.apply_theme()
        self.vg.apply_voice(config.voice)
        self.write(config)

    @work(thread=True, exit_on_error=False, group="config")
    def write(self, config: Config) -> None:
        try:
            self.vg.services.save_config(config)
        except Exception as exc:  # noqa: BLE001 - shown as one line
            self.app.call_from_thread(self.say, f"Could not save: {exc}", True)
            return
        self.app.call_from_thread(self.say, "Saved. Device and engine changes apply at the next start.")

    @on(Select.Changed, "#theme")
    def preview_theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value in THEME_NAMES:
            self.app.theme = event.value

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "back":
            self.action_back()
        elif event.button.id == "test-voice":
            self.test_voice()

    def test_voice(self) -> None:
        """Say the test phrase with the rate, voice and volume on the form (kept only by Save)."""
        if self.vg.voice is None or self.vg.voice.speech.description == "off":
            self.say("No speaker is available, so the voice cannot be tested.", error=True)
            return
        try:
            config = self.read_form()
        except SettingsError as exc:
            self.say(str(exc), error=True)
            return
        self.vg.apply_voice(config.voice)
        self.vg.speak(TEST_PHRASE)
        self.say("Speaking the test phrase with these settings; Save keeps them.")

    def action_back(self) -> None:
        self.vg.apply_theme()
        self.vg.apply_voice(self.vg.config.voice)  # a voice tried with the test button, not saved
        self.dismiss()
