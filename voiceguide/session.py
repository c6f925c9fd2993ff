"""One practice session: heard or typed text, keys and ticks in; the runner's effects out to a front end.

The same SessionController drives the terminal app and the headless spoken walkthrough. It owns the
runner, checks every final piece of text for signs of crisis, records to the journal, and applies the
escalation rule when the practice ends. The front end implements EffectTarget (no blocking calls there:
the app hands slow work to its workers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from voiceguide.config import ListenSettings, SafetySettings
from voiceguide.intents import Intent, IntentKind
from voiceguide.journal.models import Source
from voiceguide.journal.recorder import SessionRecorder
from voiceguide.practices.clock import Clock
from voiceguide.practices.events import (
    Effect,
    End,
    EndReason,
    Event,
    IntentEvent,
    Listen,
    ListenTimedOut,
    OfferSupport,
    PlayCue,
    RunnerState,
    SaveField,
    SaveRating,
    ShowStep,
    Speak,
    SpeechFinished,
    StepView,
    StopListening,
    StopSpeaking,
    Tick,
    Utterance,
)
from voiceguide.practices.model import AnswerEnding, CueStyle, ListenStep, Practice, RatingWhich, StepKind
from voiceguide.practices.runner import Runner
from voiceguide.safety import Category, Finding, SupportCard, escalate, spoken_message, support_card
from voiceguide.safety.calm_words import ESCALATION_OFFER
from voiceguide.speech.commands import intent_for, only_asks_for_support
from voiceguide.speech.recognizer import ListenMode
from voiceguide.voice.state import ListeningState

# Commands that a line typed alone gives even in a listen step (an answer of one word such as "yes" or "no"
# stays an answer; "next" and "done" already end one).
TYPED_COMMANDS = frozenset({IntentKind.END, IntentKind.SKIP, IntentKind.PAUSE, IntentKind.RESUME,
                            IntentKind.BACK, IntentKind.REPEAT, IntentKind.HELP, IntentKind.SLOWER,
                            IntentKind.FASTER})
# What closes the support card without resuming the practice ("go back", "next", "done", "yes"): the
# practice stays paused until "resume", which closes the card too.
CLOSES_THE_CARD = frozenset({IntentKind.NEXT, IntentKind.BACK, IntentKind.DONE, IntentKind.YES})
SETTLING_SECONDS = 3.0  # how long past the silence an answer waits for words still being read


class EffectTarget(Protocol):
    """What a front end does for each effect (the app's session screen, or the headless spoken session)."""

    def speak(self, text: str) -> None: ...

    def stop_speaking(self) -> None: ...

    def play_cue(self, phase: str) -> None: ...

    def listen(self, listen: Listen) -> None: ...

    def stop_listening(self) -> None: ...

    def show(self, view: StepView) -> None: ...

    def offer_support(self, card: SupportCard, message: str) -> None:
        """Show the card; `message` (when not empty) is shown and spoken calmly."""
        ...

    def end(self, reason: EndReason) -> None: ...

    def schedule(self, deadline: float | None) -> None:
        """Call SessionController.tick() at monotonic time `deadline` (None: no tick needed)."""
        ...


class DetachedTarget:
    """The front end is gone (the app is closing): effects go nowhere, while what the runner saves still
    reaches the session's recorder."""

    def speak(self, text: str) -> None:
        return None

    def stop_speaking(self) -> None:
        return None

    def play_cue(self, phase: str) -> None:
        return None

    def listen(self, listen: Listen) -> None:
        return None

    def stop_listening(self) -> None:
        return None

    def show(self, view: StepView) -> None:
        return None

    def offer_support(self, card: SupportCard, message: str) -> None:
        return None

    def end(self, reason: EndReason) -> None:
        return None

    def schedule(self, deadline: float | None) -> None:
        return None


def combined_check() -> Callable[[str], Finding | None]:
    """The rules then the semantic stage (voiceguide.safety.check), loaded when first asked for."""
    from voiceguide.safety.semantic import check

    return check


@dataclass(frozen=True)
class SafetyCheck:
    """Crisis detection and the support card for the configured country. `detect` is the rules then the
    semantic stage (may embed or load a model: the terminal app passes `check_cached` instead)."""

    settings: SafetySettings = field(default_factory=SafetySettings)
    detect: Callable[[str], Finding | None] = field(default_factory=combined_check)

    def card(self, category: Category | None = None) -> SupportCard:
        return support_card(self.settings, category)

    def spoken_messages(self) -> list[str]:
        """Every calm message a card can bring, so each can be synthesized before it is needed."""
        cards = [self.card(), *(self.card(category) for category in Category)]
        return list(dict.fromkeys(spoken_message(card) for card in cards))

    def response(self, text: str) -> tuple[SupportCard, str] | None:
        """The card and the calm spoken message when `text` suggests danger, else None."""
        finding = self.detect(text)
        if finding is None:
            return None
        card = self.card(finding.category)
        return card, spoken_message(card)


def answer_ending(listen: ListenSettings | None) -> AnswerEnding:
    """The end phrase and silence the config gives listen steps that set none of their own."""
    listen = listen or ListenSettings()
    return AnswerEnding(listen.end_phrase.strip().lower(), listen.silence_timeout)


def texts_to_prepare(practice: Practice, safety: SafetyCheck,
                     listen: ListenSettings | None = None) -> list[str]:
    """What a session of `practice` may speak, in the order to synthesize it: the first prompt, then the
    safety messages (they must never wait for synthesis), then the rest of the practice."""
    prompts = practice.settled(answer_ending(listen)).spoken_texts()
    return list(dict.fromkeys([*prompts[:1], *safety.spoken_messages(), *prompts[1:]]))


class SessionController:
    """One practice session over the real runner. No UI code and no blocking calls of its own."""

    def __init__(self, practice: Practice, target: EffectTarget, clock: Clock, *,
                 recorder: SessionRecorder | None = None, safety: SafetyCheck | None = None,
                 cue_style: CueStyle | None = None, listen: ListenSettings | None = None,
                 listening_state: ListeningState | None = None) -> None:
        self.runner = Runner(practice, clock, cue_style=cue_style, ending=answer_ending(listen))
        self.practice = self.runner.practice
        self.target = target
        self.clock = clock
        self.recorder = recorder
        self.safety = safety or SafetyCheck()
        self.listening_state = listening_state or ListeningState()
        self.listening_state.follow(None)
        self.speaking = False  # a Speak is under way (an answer's silence is not counted meanwhile)
        self._last_heard = clock.now()  # when the user was last heard, for the silence timeout
        self._unsettled = False  # words of the answer are still being read (a partial or draft, no final)
        self.view: StepView | None = None
        self.ended = False
        self.spoken = ""  # the text of the Speak under way
        self.ratings: dict[RatingWhich, int] = {}
        self._concern: tuple[SupportCard, str] | None = None
        self._early: tuple[SupportCard, str] | None = None  # a concern offered on a draft, final to come
        self._offered_early = False  # the support the runner is about to offer was offered already
        self._source: Source = "spoken"  # how the answer being kept came in
        self._listen_started: float | None = None  # clock time the latest Listen began
        self._answer_started: dict[str, float] = {}  # step id -> when its answer began being heard
        self._said: dict[str, str] = {}  # journal field -> the answer kept so far

    def detach(self) -> None:
        """The front end has closed: later input (the last words settled on quitting) is still saved.
        The shared listening state goes back to commands; this session keeps its own copy for those words."""
        self.target = DetachedTarget()
        shared = self.listening_state
        self.listening_state = ListeningState(shared.mode, shared.listen)
        shared.follow(None)

    @property
    def mode(self) -> ListenMode:
        """What the microphone listens for now (kept in the shared ListeningState)."""
        return self.listening_state.mode

    @property
    def listening(self) -> Listen | None:
        """The runner's Listen being served, or None."""
        return self.listening_state.listen

    @property
    def listen_step(self) -> str | None:
        """The id of the listen step the practice is on (its answer may be recorded), else None."""
        step = self.runner.step
        return step.id if isinstance(step, ListenStep) and not self.ended else None

    @property
    def hearing_answer(self) -> bool:
        """Whether the answer to the listen step is being taken by voice right now (dictation)."""
        return self.listen_step is not None and self.listening is not None and \
            self.mode is ListenMode.DICTATION

    # ---- events in -----------------------------------------------------------------------------

    def start(self) -> None:
        self._carry_out(self.runner.start())

    def tick(self) -> None:
        self._feed(Tick(self.clock.now()))

    def intent(self, intent: Intent) -> None:
        self._feed(IntentEvent(intent))

    def heard(self, text: str, final: bool, source: Source = "spoken", draft: bool = False,
              spoken_at: float | None = None) -> None:
        """Recognized (or typed) text: checked for safety when final, then an intent or an utterance.

        A `draft` (a settled segment's quick reading, before its accurate final) is only checked for
        safety: a crisis brings the card and the calm words at once, and the final that follows keeps
        the words in the journal and pauses the practice without offering the card a second time.
        """
        if self.ended or not text.strip():
            return
        # An answer's silence counts from the last word heard (`spoken_at`, the capture time of its audio),
        # not from when a reading arrived: the settled reading of words already heard as they were spoken
        # (partials) is later by the endpointer's window and the reading's time, and adds no new words.
        at = self.clock.now() if spoken_at is None else spoken_at
        if not (final or draft) or not self._unsettled:
            self._last_heard = max(self._last_heard, at)
        self._unsettled = not final and self.mode is ListenMode.DICTATION
        self._source = source
        if draft:
            if self._early is None and (concern := self.safety.response(text)) is not None:
                self._early = concern
                self.target.offer_support(*concern)
            return
        if final:
            early, self._early = self._early, None
            concern = self.safety.response(text) or early  # a crisis read in the draft stands
            if concern is not None:
                self._offered_early = early is not None
                self._respond_to(text, concern)
                self._offered_early = False
                return
        if final and self.mode is not ListenMode.COMMANDS and self.runner.state is RunnerState.PAUSED:
            # The card's pause keeps the step's listening (an answer said meanwhile is kept whole), so its
            # commands ("resume", "go back") are looked for here, in whole utterances.
            found = intent_for(text, ListenMode.COMMANDS)
            if found is not None:
                self.intent(found)
                return
        if self.mode is ListenMode.DICTATION:
            found = intent_for(text, ListenMode.DICTATION) if final else None
            if found is not None and found.kind is IntentKind.SUPPORT:
                if not only_asks_for_support(text):  # "i need help with my sister" is an answer too
                    self._feed(Utterance(text, True))
                self.intent(found)
            else:
                self._feed(Utterance(text, final))
            return
        if not final:
            return
        found = intent_for(text, self.mode)
        if found is not None:
            self.intent(found)
        else:
            self._feed(Utterance(text, True))

    def typed(self, text: str) -> None:
        """A line the user typed: a command or number, or (in a listen step) their whole answer. A command
        typed alone ("end", "skip", "pause") is that command even where an answer is asked for, as its key
        is; it is not kept as the answer."""
        found = intent_for(text, ListenMode.COMMANDS) if self.mode is ListenMode.DICTATION else None
        if found is not None and found.kind in TYPED_COMMANDS:
            self.intent(found)
            return
        answering = self.listening is not None and self.view is not None and \
            self.view.kind is StepKind.LISTEN and self.mode is ListenMode.DICTATION  # not a yes to "end now?"
        self.heard(text, True, source="typed")
        if (answering and self.mode is ListenMode.DICTATION and self.listening is not None
                and self.runner.state is not RunnerState.PAUSED):  # the support card paused it: stay
            self.intent(Intent(IntentKind.DONE))

    def speech_finished(self) -> None:
        self.speaking = False
        self._last_heard = self.clock.now()  # an answer's silence counts from the end of the question
        self._feed(SpeechFinished(self.spoken))

    def listen_timed_out(self) -> None:
        if self.listening is not None:
            self._feed(ListenTimedOut())

    def check_silence(self, typing: bool = False) -> None:
        """Tell the runner when the user has been quiet for the listen step's silence timeout (not while
        voiceguide speaks, the practice is paused, or a line is being typed). Every front end calls this
        regularly, so an answer ends after the same silence whether it is spoken or typed."""
        listen = self.listening
        if (listen is None or self.mode is not ListenMode.DICTATION or listen.silence <= 0 or self.speaking
                or typing or self.runner.state is RunnerState.PAUSED):
            return
        quiet = self.clock.now() - self._last_heard
        silence = listen.silence_after(self._said.get(listen.field, ""))
        if quiet < silence or (self._unsettled and quiet < silence + SETTLING_SECONDS):
            return  # words still being read are waited for (a while: a recognizer may never settle noise)
        self._last_heard = self.clock.now()
        self._unsettled = False
        self.listen_timed_out()

    # ---- effects out ---------------------------------------------------------------------------

    def _feed(self, event: Event) -> None:
        if not self.ended:
            self._carry_out(self.runner.handle(event))

    def _respond_to(self, text: str, concern: tuple[SupportCard, str]) -> None:
        """Pause gently, keep the words only in the user's journal, then the card and the calm message."""
        if self.mode is ListenMode.DICTATION:
            self._feed(Utterance(text, True))
        self._concern = concern
        self.intent(Intent(IntentKind.SUPPORT))

    def _carry_out(self, effects: list[Effect]) -> None:
        for effect in effects:
            self._apply(effect)
        self.target.schedule(None if self.ended else self.runner.next_deadline())

    def _apply(self, effect: Effect) -> None:
        match effect:
            case Speak(text=text):
                self.spoken = text
                self.speaking = True
                self.target.speak(text)
            case StopSpeaking():
                self.speaking = False
                self.target.stop_speaking()
            case PlayCue(phase=phase, style=style):
                if style is CueStyle.TONES:
                    self.target.play_cue(phase)
            case Listen():
                self.listening_state.follow(effect)
                self._listen_started = self._last_heard = self.clock.now()
                self.target.listen(effect)
            case StopListening():
                self.listening_state.follow(None)
                self.target.stop_listening()
            case ShowStep(view=view):
                self.view = view
                self.target.show(view)
            case SaveField(name=name, text=text, prompt=prompt, step_id=step_id):
                self._said[name] = text  # how much was said decides how soon the answer ends
                if self.recorder is not None:
                    self.recorder.answer(step_id, prompt, text, self._source, self._answer_seconds(step_id))
            case SaveRating(which=which, value=value):
                self.ratings[which] = value
                if self.recorder is not None:
                    self.recorder.rating(which, value)
            case OfferSupport():
                concern, self._concern = self._concern, None
                if self._offered_early:
                    self._offered_early = False
                    return
                card, message = concern or (self.safety.card(), "")
                self.target.offer_support(card, message)
            case End(reason=reason):
                self._end(reason)

    def _answer_seconds(self, step_id: str) -> float | None:
        """How long a spoken answer has taken: from its step's first listening to this segment."""
        if self._listen_started is None:
            return None
        started = self._answer_started.setdefault(step_id, self._listen_started)
        return round(self.clock.now() - started, 3) if self._source == "spoken" else None

    def _end(self, reason: EndReason) -> None:
        self.ended = True
        self.listening_state.follow(None)
        after = self.ratings.get(RatingWhich.AFTER)
        if after is not None and escalate(self.ratings.get(RatingWhich.BEFORE), after).offer_support:
            self.target.offer_support(self.safety.card(), ESCALATION_OFFER)
        self.target.end(reason)
