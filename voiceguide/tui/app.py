"""VoiceguideApp: the terminal front end over the practices, the journal, safety and the voice."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType

from voiceguide.config import Config, VoiceSettings
from voiceguide.errors import VoiceguideError
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal.audio import AnswerAudio, AnswerTarget, FinishedRecording, keep_finished
from voiceguide.safety.resources import SupportCard, spoken_message
from voiceguide.session import SafetyCheck, texts_to_prepare
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.adapters import card_view
from voiceguide.tui.journal_writes import JournalWrites
from voiceguide.tui.ports import CardView, SilentSpeech, SpeechOutput, SupportResource, VoiceStatus
from voiceguide.tui.services import AppServices, Voice, note_timing
from voiceguide.tui.signals import LoopSignals
from voiceguide.tui.themes import CALM, THEME_NAMES, THEMES
from voiceguide.tui.voice_aware import VoiceAware
from voiceguide.tui.worker_messages import (
    AnswerEndedByItself,
    Heard,
    ListenStopped,
    MicLevelChanged,
    Recorded,
    Saved,
    SpeechDone,
    VoiceReady,
)
from voiceguide.voice.state import ListeningState

if TYPE_CHECKING:
    from voiceguide.practices.model import Practice
    from voiceguide.tui.screens.session import SessionScreen
    from voiceguide.voice import pipeline

VOICE_WAIT_SECONDS = 20.0
LISTEN_STOP_SECONDS = 2.0

FALLBACK_RESOURCES = (
    SupportResource("Your local emergency number", "112 in Europe, 911 in North America, 999 in the UK"),
    SupportResource("Find a helpline in your country", "findahelpline.com", "free, confidential"),
)


class VoiceguideApp(App[int]):
    """Home, sessions, journal, settings, first run, support card and help, all reachable by keyboard."""

    CSS_PATH = "voiceguide.tcss"
    TITLE = "voiceguide"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help"),
        Binding("f2", "support", "Support", priority=True),
        Binding("exclamation_mark", "support", "Support", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    def __init__(self, config: Config, services: AppServices, practice: str | None = None, *,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.config = config
        self.services = services
        self.start_practice = practice
        self.cursor_blink = cursor_blink
        self.voice: Voice | None = None
        self.voice_status = VoiceStatus(engine="loading…", mic="…", speaker="…")
        self.listening = ListeningState()  # what the microphone listens for: the session controller sets it
        self.answer_target: AnswerTarget | None = None  # whose answer the microphone is recorded for
        self.session: SessionScreen | None = None
        self._stop = threading.Event()
        self._voice_ready = threading.Event()
        self._listen_done = threading.Event()
        self._listen_done.set()
        self._speak_lock = threading.Lock()
        self._speech_token = 0
        self.save_errors: list[str] = []
        self.journal_writes = JournalWrites()
        self._quitting: int | None = None  # the exit code, once quitting waits for the last words
        self._closed_session: SessionScreen | None = None  # the last session closed, for a quit's last words
        self.late_save_errors: list[str] = []  # failures of the writes made after the screen was gone
        self.ended_by_signal: int | None = None
        self._signals = LoopSignals(self._end_on_signal)

    async def on_event(self, event: events.Event) -> None:
        """A paste reaches the focused widget without control characters: an Input or TextArea draws its
        text to the terminal as it is, where a raw escape (ESC c) would reset the terminal."""
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from voiceguide.tui.paste import clean_paste

            cleaned = clean_paste(event.text)
            if cleaned != event.text:
                event = events.Paste(cleaned)
        await super().on_event(event)

    # start-up
    def on_mount(self) -> None:
        from voiceguide.tui.screens.first_run import FirstRunScreen
        from voiceguide.tui.screens.home import HomeScreen

        self._signals.install()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.config.ui.theme if self.config.ui.theme in THEME_NAMES else CALM.name
        self.push_screen(HomeScreen())
        for line in self.services.catalog.skipped() if self.services.catalog is not None else []:
            self.notify(line, severity="warning", timeout=15, markup=False)  # the file's text is data
        if not self.config.ui.first_run_done:
            self.push_screen(FirstRunScreen())
        elif self.start_practice:
            self.start_session(self.start_practice)
        self.call_after_refresh(self._first_screen_drawn)

    def _first_screen_drawn(self) -> None:
        note_timing("first_screen")
        self.load_voice()
        self.load_safety_stage()

    @work(thread=True, exit_on_error=False, group="safety-load")
    def load_safety_stage(self) -> None:
        """The semantic safety stage's model, off the event loop (until it is ready: the rules alone)."""
        from voiceguide.safety import semantic  # the rules and the stage load here, off the first screen

        semantic.STAGE.load()

    @work(thread=True, exit_on_error=False, group="voice-load")
    def load_voice(self) -> None:
        voice = self.services.open_voice(self.config)
        self.post_message(VoiceReady(voice))

    def on_voice_ready(self, message: VoiceReady) -> None:
        self.voice = message.voice
        self.voice_status = message.voice.status
        self._voice_ready.set()
        self.refresh_status()
        if self.session is not None:  # a practice named on the command line started before the voice loaded
            self._prepare_prompts(message.voice, self.session.definition)
        if message.voice.status.problem:  # the status line cuts it short on a narrow terminal: once in full
            self.notify(message.voice.status.problem, title="Audio", severity="warning", timeout=15,
                        markup=False)
        if message.voice.mic is not None and not self._stop.is_set():
            self._listen_done.clear()
            self.listen()

    def _prepare_prompts(self, voice: Voice, practice: Practice) -> None:
        """Synthesize what a session of `practice` may say, the first prompt and the calm messages first."""
        safety = SafetyCheck(self.config.safety)
        voice.speech.prepare(texts_to_prepare(practice, safety, listen=self.config.listen))

    def refresh_status(self) -> None:
        from voiceguide.tui.widgets.status_line import StatusLine

        for screen in self.screen_stack:
            for line in screen.query(StatusLine):
                line.text = self.voice_status.line()
            if isinstance(screen, VoiceAware):
                screen.voice_changed()

    # listening
    @work(thread=True, exit_on_error=False, group="listen")
    def listen(self) -> None:
        """The listen worker: the one listening pipeline, following `self.listening`, until quitting."""
        from voiceguide.voice.pipeline import ListeningPipeline

        voice = self.voice
        if voice is None or voice.mic is None:
            return
        audio = AnswerAudio(self._recorded, lambda problem: self.post_message(Saved(problem)))
        try:
            ListeningPipeline(voice.mic, self._speech_now, self.listening, self._pipeline_event,
                              max_dictation_seconds=self.config.listen.max_dictation_seconds, audio=audio,
                              answer=lambda: self.answer_target).run(self._stop)
        except VoiceguideError as exc:  # the microphone vanished: carry on by keyboard, and say so
            self.call_from_thread(self.microphone_lost, str(exc))
        finally:
            self._listen_done.set()
            self.post_message(ListenStopped())

    def on_listen_stopped(self, message: ListenStopped) -> None:
        if self._quitting is not None:
            self._save_last_words()
            self._exit_with(self._quitting)

    def _speech_now(self) -> SpeechOutput:
        """What speaks now (a lost speaker is replaced), for the listening pipeline's self-voice gate."""
        return self.voice.speech if self.voice is not None else SilentSpeech()

    def _pipeline_event(self, event: pipeline.PipelineEvent) -> None:
        """In the listen worker: what the pipeline reports goes to the event loop as messages. The semantic
        stage's verdict on text the session will check (drafts and finals) is computed here, so the check
        on the event loop only looks it up. Once the app quits, settled words wait in `journal_writes` (a
        message might no longer be delivered)."""
        from voiceguide.voice import pipeline

        if isinstance(event, pipeline.LevelChanged):
            self.post_message(MicLevelChanged(event.level_db))
        elif isinstance(event, pipeline.AnswerEnded):
            self.post_message(AnswerEndedByItself(event.reason))
        elif isinstance(event, pipeline.Heard):
            if event.final or event.draft:
                from voiceguide.safety import semantic

                semantic.prepare(event.text)
            if self._stop.is_set():
                if event.final:
                    self.journal_writes.heard_after_quit(event)
                return
            self.post_message(Heard(event.text, event.final, event.draft, event.spoken_at))

    def on_answer_ended_by_itself(self, message: AnswerEndedByItself) -> None:
        """A dictated answer reached its maximum length: it is over, as if the user had said so."""
        if self.session is not None:
            self.session.controller.intent(Intent(IntentKind.DONE))

    def _save_last_words(self) -> None:
        self.journal_writes.save_last_words(self.session or self._closed_session, self._report_saved)

    def microphone_lost(self, problem: str) -> None:
        self.voice_status = dataclasses.replace(self.voice_status, mic="lost", problem=problem)
        self.refresh_status()

    def speaker_lost(self, problem: str) -> None:
        if self.voice_status.speaker != "lost":
            if self.voice is not None:  # prompts now take their reading time on screen, as with no speaker
                from voiceguide.voice.speech import ReadingSpeech

                dead, self.voice = self.voice.speech, dataclasses.replace(
                    self.voice, speech=ReadingSpeech(self.config.voice.rate))
                threading.Thread(target=dead.close, name="close-lost-speaker", daemon=True).start()
            self.note_voice_problem(problem, speaker="lost")

    def note_voice_problem(self, problem: str, **changes: str) -> None:
        """Add `problem` to the status line (after any already there), with other status `changes`."""
        problem = f"{self.voice_status.problem}; {problem}" if self.voice_status.problem else problem
        self.voice_status = dataclasses.replace(self.voice_status, problem=problem, **changes)
        self.refresh_status()

    def _recorded(self, finished: FinishedRecording) -> None:
        """From the listen worker: a complete recording goes to the event loop, behind the words heard
        before it; once the app quits, to `journal_writes` behind them."""
        if not self._stop.is_set():
            self.post_message(Recorded(finished))
            return
        self.journal_writes.recorded_after_quit(finished)

    def on_recorded(self, message: Recorded) -> None:
        """An answer's recording is complete: into the journal queue, after the words heard before it."""
        keep_finished(message.finished, lambda problem: self.post_message(Saved(problem)))

    def on_heard(self, message: Heard) -> None:
        self.hear(message.text, message.final, message.draft, message.spoken_at)

    def hear(self, text: str, final: bool, draft: bool = False, spoken_at: float | None = None) -> None:
        """Text from the recognizer (or typed): to the running session, or the support phrase anywhere."""
        if isinstance(self.screen, VoiceAware) and self.screen.heard_elsewhere(text, final):
            return  # the screen on top took them (words that close the support card)
        if self.session is not None:
            self.session.heard(text, final, draft, spoken_at)
            return
        if not final:
            return
        concern = self.safety.response(text)
        found = intent_for(text, ListenMode.COMMANDS)
        if concern is not None:
            self.show_support(*concern)
        elif found is not None and found.kind is IntentKind.SUPPORT:
            self.action_support()
        elif found is not None and found.kind is IntentKind.HELP:
            self.action_help()

    @property
    def safety(self) -> SafetyCheck:
        """Crisis detection and the card for the resources configured now; on the event loop the semantic
        stage is only looked up (see `_pipeline_event`), never run."""
        from voiceguide.safety.semantic import check_cached

        return SafetyCheck(self.config.safety, detect=check_cached)

    def on_mic_level_changed(self, message: MicLevelChanged) -> None:
        from voiceguide.tui.widgets.mic_level import MicLevel

        for meter in self.screen.query(MicLevel):
            meter.available = True
            meter.level_db = message.level_db

    # speaking
    def speak(self, text: str) -> int:
        """Speak `text` (cutting off what is playing); a SpeechDone with the returned token follows."""
        self._speech_token += 1
        if self.voice is not None:
            self.voice.speech.stop()
        self._speak(text, self._speech_token)
        return self._speech_token

    def stop_speaking(self) -> int:
        """Cut off speech at once; returns a new token so finishes of the old speech are ignored."""
        self._speech_token += 1
        if self.voice is not None:
            self.voice.speech.stop()
        return self._speech_token

    @work(thread=True, exit_on_error=False, group="speak")
    def _speak(self, text: str, token: int) -> None:
        self._voice_ready.wait(VOICE_WAIT_SECONDS)
        with self._speak_lock:
            if token == self._speech_token and self.voice is not None and not self._stop.is_set():
                try:
                    self.voice.speech.say(text)
                    fell_back = self.voice.speech.fell_back()  # the voice loads at its first prompt
                    if fell_back and fell_back not in self.voice_status.problem:
                        self.call_from_thread(self.note_voice_problem, fell_back)
                except VoiceguideError as exc:  # the speaker vanished: carry on in text, and say so
                    self.call_from_thread(self.speaker_lost, str(exc))
                finally:
                    self.post_message(SpeechDone(token))
            else:
                self.post_message(SpeechDone(token))

    @work(thread=True, exit_on_error=False, group="speak")
    def cue(self, name: str) -> None:
        if self.voice is not None and self.config.voice.cue_style == "tones":
            self.voice.speech.cue(name)

    def on_speech_done(self, message: SpeechDone) -> None:
        if self.session is not None:
            self.session.speech_done(message.token)

    # the journal
    def write_journal(self, write: Callable[[], object]) -> None:
        """Run a journal write off the event loop; writes happen one at a time, in the order given.
        While the app closes, the write waits for the last drain (on_unmount) instead of a new worker."""
        if self.journal_writes.add(write):
            self._drain_writes()

    @work(thread=True, exit_on_error=False, group="journal-write")
    def _drain_writes(self) -> None:
        self.journal_writes.drain(self._report_saved)

    def _report_saved(self, error: str) -> None:
        if not self.post_message(Saved(error)) and error:  # the app no longer takes messages
            self.late_save_errors.append(error)

    def on_saved(self, message: Saved) -> None:
        if message.error:
            self.save_errors.append(message.error)
            self.notify(message.error, severity="error", markup=False)

    # navigation
    def start_session(self, practice_id: str) -> None:
        from voiceguide.tui.screens.session import SessionScreen

        if self.services.catalog is None:
            self.notify("The practices are not available in this build.", severity="error")
            return
        known = {p.id: p for p in self.services.catalog.practices()}
        if practice_id not in known:
            self.notify(f"No practice called {practice_id!r}.", severity="error", markup=False)
            return
        practice = self.services.catalog.practice(practice_id)
        if self.voice is not None:
            self._prepare_prompts(self.voice, practice)
        screen = SessionScreen(known[practice_id], practice)
        self.session = screen
        self.push_screen(screen)

    def session_closed(self, screen: SessionScreen) -> None:
        if self.session is screen:
            self._closed_session = screen  # a quit's last words may still come for it
            self.session = None
            self.answer_target = None

    def action_help(self) -> None:
        from voiceguide.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_support(self) -> None:
        if self.session is not None:
            self.session.controller.intent(Intent(IntentKind.SUPPORT))
        else:
            self.show_support(None, "")

    def support_card(self, card: SupportCard | None) -> CardView:
        """The card from the safety package; if it fails, the configured resources and a generic line."""
        try:
            return card_view(card or self.safety.card())
        except Exception as exc:  # noqa: BLE001 - the card must open whatever went wrong
            self.log.error(f"support card: {exc!r}")
        configured = tuple(SupportResource(r.name, r.contact, r.note) for r in self.config.safety.resources)
        return CardView("Support", "", configured or FALLBACK_RESOURCES)

    def show_support(self, card: SupportCard | None, message: str) -> None:
        """Open the support card over any screen; `message` (if any) is spoken and shown."""
        from voiceguide.tui.screens.support_card import SupportCardScreen

        if not isinstance(self.screen, SupportCardScreen):
            self.push_screen(SupportCardScreen(self.support_card(card), self._as_written(card, message),
                                               keys_only=self.voice_status.keys_only))
        if message:
            self.speak(message)

    def _as_written(self, card: SupportCard | None, message: str) -> str:
        """The calm message as it reads on screen: numbers as written, not spelled out for the voice."""
        try:
            shown = card or self.safety.card()
            return spoken_message(shown, written=True) if message == spoken_message(shown) else message
        except Exception:  # noqa: BLE001 - the card must open whatever went wrong
            return message

    def apply_theme(self) -> None:
        self.theme = self.config.ui.theme if self.config.ui.theme in THEME_NAMES else CALM.name

    def apply_voice(self, settings: VoiceSettings) -> None:
        """Speak from now on with these rate, voice and volume settings (no restart needed)."""
        if self.voice is not None:
            self.voice.speech.configure(settings.voice, settings.rate, settings.volume)

    # quitting
    def stop_voice(self) -> None:
        """Stop listening and speaking; the listen worker closes the microphone as it leaves."""
        self._stop.set()
        self._voice_ready.set()
        if self.voice is not None:
            self.voice.speech.stop()

    async def action_quit(self) -> None:
        self.quit_keeping_words(0)

    def _end_on_signal(self, signum: int) -> None:
        """SIGINT, SIGTERM or SIGHUP: quit as the quit key does; the command line then says so and exits
        with 128 + the signal's number."""
        if self.ended_by_signal is None:
            self.ended_by_signal = signum
        self.quit_keeping_words(128 + self.ended_by_signal)  # a second signal quits at once

    def quit_keeping_words(self, code: int) -> None:
        """Quit without losing an answer: a line typed but not sent is saved, and the listen worker first
        settles the words still in the recognizer (they reach the journal before the app exits). Asking
        again while it settles, or its taking longer than LISTEN_STOP_SECONDS, quits at once."""
        if self._quitting is None:
            self._quitting = code
            if self.session is not None:
                self.session.keep_unsent_answer()
            if not self._listen_done.is_set():  # on_listen_stopped exits once the last words are in
                if self.listening.mode is ListenMode.DICTATION:  # they may take Whisper a moment
                    self.notify("Keeping what you said… (Ctrl+Q again quits at once)",
                                timeout=LISTEN_STOP_SECONDS)
                self.stop_voice()
                self.set_timer(LISTEN_STOP_SECONDS, lambda: self._exit_with(code))
                return
        self.stop_voice()
        self._exit_with(self._quitting)

    def _exit_with(self, code: int) -> None:
        self.exit(code, return_code=code)

    def on_unmount(self) -> None:
        self._signals.restore()
        self.stop_voice()
        self.journal_writes.begin_closing()
        self._listen_done.wait(LISTEN_STOP_SECONDS)  # the loop checks the stop flag every 0.1 s
        self.workers.cancel_all()
        self._save_last_words()  # those a quit that could not wait for them left behind
        self.journal_writes.close(self._report_saved)  # the loop takes no messages now: kept for after
        if self.voice is not None:
            self.voice.speech.close()
