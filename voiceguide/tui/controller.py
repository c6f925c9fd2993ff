"""Feeds the session runner (ticks, intents, utterances) and hands its effects to the front end."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.ports import Clock, FieldRecord, SafetyPort, SessionRunner, mode_of

log = logging.getLogger(__name__)
_sessions = itertools.count(1)


def interpret(text: str, mode: ListenMode) -> Intent | None:
    """The intent a recognized phrase asks for in `mode` (the voice package's vocabulary)."""
    from voiceguide.speech.commands import intent_for

    return intent_for(text, mode)


class EffectTarget(Protocol):
    """What the front end does for each effect (the app's session screen implements this)."""

    def speak(self, text: str) -> None: ...

    def play_cue(self, name: str) -> None: ...

    def stop_speaking(self) -> None: ...

    def listen(self, mode: ListenMode, field: str, silence: float) -> None: ...

    def stop_listening(self) -> None: ...

    def show(self, view: Any) -> None: ...

    def record(self, record: FieldRecord) -> None: ...

    def offer_support(self, category: str | None, message: str) -> None: ...

    def end(self, reason: str) -> None: ...

    def schedule(self, deadline: float | None) -> None: ...


class SessionController:
    """One practice session: events in, effects out to an EffectTarget. No UI code, no blocking calls."""

    def __init__(self, runner: SessionRunner, target: EffectTarget, practice_id: str, clock: Clock,
                 safety: SafetyPort | None = None) -> None:
        self.runner = runner
        self.target = target
        self.practice_id = practice_id
        self.clock = clock
        self.safety = safety
        self.mode = ListenMode.COMMANDS
        self.listening = False
        self.field = ""
        self.view: Any = None
        self.ended = False
        self.spoken = ""  # the text of the Speak under way
        self.concern: str | None = None
        self.ratings: dict[str, int] = {}
        self.source = "spoken"  # how the answer being kept came in: spoken or typed
        self.session = next(_sessions)
        self._handlers: dict[str, Callable[[Any], None]] = {
            "Speak": self._speak,
            "StopSpeaking": lambda e: self.target.stop_speaking(),
            "PlayCue": self._cue,
            "Listen": self._listen,
            "StopListening": self._stop_listening,
            "ShowStep": self._show,
            "SaveField": self._save_field,
            "SaveRating": self._save_rating,
            "OfferSupport": lambda e: self._support(),
            "End": self._end,
        }

    # events in
    def start(self) -> None:
        self.feed(self.runner.start())

    def tick(self) -> None:
        if not self.ended:
            self.feed(self.runner.tick(self.clock()))

    def intent(self, intent: Intent) -> None:
        if self.ended:
            return
        effects = list(self.runner.intent(intent))
        if intent.kind is IntentKind.SUPPORT and not any(type(e).__name__ == "OfferSupport" for e in effects):
            effects = [*self.runner.intent(Intent(IntentKind.PAUSE)), *effects]
            self._support()
        self.feed(effects)

    def heard(self, text: str, final: bool) -> None:
        """Recognized (or typed) text: checked for safety, then an intent or an utterance for the runner."""
        if self.ended or not text.strip():
            return
        concern = self.safety.detect(text) if final and self.safety is not None else None
        if concern:
            if self.mode is ListenMode.DICTATION:
                self.feed(self.runner.utterance(text, True))  # kept in the user's own journal only
            self.concern = concern
            self.intent(Intent(IntentKind.SUPPORT))
            return
        if self.mode is ListenMode.DICTATION:
            found = interpret(text, ListenMode.DICTATION) if final else None
            if found is not None and found.kind is IntentKind.SUPPORT:
                self.intent(found)
                return
            self.feed(self.runner.utterance(text, final))
            return
        if not final:
            return
        found = interpret(text, self.mode)
        if found is not None:
            self.intent(found)
        else:
            self.feed(self.runner.utterance(text, True))

    def speech_finished(self) -> None:
        if not self.ended:
            self.feed(self.runner.speech_finished(self.spoken))

    def listen_timed_out(self) -> None:
        if not self.ended and self.listening:
            self.feed(self.runner.listen_timed_out())

    # effects out
    def feed(self, effects: Sequence[object]) -> None:
        for effect in effects:
            handler = self._handlers.get(type(effect).__name__)
            if handler is None:
                log.debug("effect %r has no handler in the app", effect)
                continue
            handler(effect)
        self.target.schedule(None if self.ended else self.runner.next_deadline())

    def _speak(self, effect: Any) -> None:
        self.spoken = str(effect.text)
        self.target.speak(self.spoken)

    def _cue(self, effect: Any) -> None:
        style = str(getattr(getattr(effect, "style", ""), "value", getattr(effect, "style", "")))
        if style in ("", "tones"):
            self.target.play_cue(str(getattr(effect, "phase", "")))

    def _listen(self, effect: Any) -> None:
        self.mode = mode_of(getattr(effect, "mode", ListenMode.COMMANDS))
        self.field = str(getattr(effect, "field", "") or "")
        self.listening = True
        self.target.listen(self.mode, self.field, float(getattr(effect, "silence", 0.0) or 0.0))

    def _stop_listening(self, effect: Any) -> None:
        self.listening = False
        self.mode = ListenMode.COMMANDS
        self.target.stop_listening()

    def _show(self, effect: Any) -> None:
        self.view = getattr(effect, "view", effect)
        self.target.show(self.view)

    def _step_name(self, effect: Any) -> str:
        for name in ("step_id", "step", "name", "field"):
            value = getattr(effect, name, None)
            if value not in (None, ""):
                return str(value)
        return str(getattr(self.view, "title", ""))

    def _save_field(self, effect: Any) -> None:
        self.target.record(FieldRecord(
            session=self.session,
            practice=self.practice_id,
            step=self._step_name(effect),
            prompt=str(getattr(effect, "prompt", "") or ""),
            text=str(getattr(effect, "text", "") or ""),
            source=self.source,
        ))

    def _save_rating(self, effect: Any) -> None:
        which = getattr(effect, "which", getattr(effect, "when", ""))
        when = str(getattr(which, "value", which) or "")
        value = getattr(effect, "value", getattr(effect, "rating", None))
        if value is not None:
            self.ratings[when] = int(value)
        self.target.record(FieldRecord(
            session=self.session,
            practice=self.practice_id,
            step=self._step_name(effect),
            prompt=str(getattr(effect, "prompt", "") or ""),
            rating_when=when,
            rating=int(value) if value is not None else None,
        ))

    def _escalate(self) -> None:
        """After a practice rated high or not lower, offer the card and another practice."""
        if self.safety is None or "after" not in self.ratings:
            return
        if self.safety.escalate(self.ratings.get("before"), self.ratings["after"]):
            from voiceguide.safety.messages import ESCALATION_OFFER

            self.target.offer_support(None, ESCALATION_OFFER)

    def _support(self) -> None:
        """The support card; with the calm message spoken when what was said raised a concern."""
        concern, self.concern = self.concern, None
        message = self.safety.card(concern).spoken if self.safety is not None and concern else ""
        self.target.offer_support(concern, message)

    def _end(self, effect: Any) -> None:
        self._escalate()
        self.ended = True
        self.listening = False
        self.target.end(str(getattr(effect, "reason", "") or "finished"))
