"""The practice data model: frozen values loaded from a practice TOML file."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from voiceguide.practices import runner_lines

END_TARGET = "end"  # a branch or `next` pointing here ends the practice
DEFAULT_SILENCE = 4.0  # seconds of quiet that end an answer when neither the step nor the config says
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Category(StrEnum):
    """Where a practice is listed."""

    RIGHT_NOW = "right-now"
    BREATHE = "breathe"
    GROUND = "ground"
    REFLECT = "reflect"
    LEARN = "learn"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ").capitalize()


class StepKind(StrEnum):
    SAY = "say"
    PAUSE = "pause"
    BREATHE = "breathe"
    LISTEN = "listen"
    RATE = "rate"
    CHOOSE = "choose"
    COUNT = "count"


class PhaseKind(StrEnum):
    """One part of a breathing cycle."""

    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"


class CueStyle(StrEnum):
    """How breathing phases are announced: spoken words, soft tones, or only the visual pacer."""

    WORDS = "words"
    TONES = "tones"
    SILENT = "silent"

    @classmethod
    def from_setting(cls, value: str) -> CueStyle | None:
        """The style a config setting names, or None when it names none (each practice's own then)."""
        return cls(value) if value in {style.value for style in cls} else None


class RatingWhich(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Phase:
    """A breathing phase; `word` is what the WORDS cue style says at its start."""

    kind: PhaseKind
    seconds: float
    word: str


@dataclass(frozen=True)
class Option:
    """A named choice: saying `name` (or its number) goes to step `goto`."""

    name: str
    goto: str


@dataclass(frozen=True)
class AnswerEnding:
    """What ends a spoken answer: saying `end_phrase`, or `silence` seconds of quiet."""

    end_phrase: str = runner_lines.DEFAULT_END_PHRASE
    silence: float = DEFAULT_SILENCE


@dataclass(frozen=True, kw_only=True)
class Step:
    """Fields every step has: a unique id and an optional jump target once it is done."""

    id: str
    next: str | None = None
    line: int = 0  # where the step starts in its file, for messages

    @property
    def kind(self) -> StepKind:
        raise NotImplementedError

    @property
    def display_text(self) -> str:
        """What is shown on screen for this step."""
        return ""

    def spoken(self) -> tuple[str, ...]:
        """The fixed texts the runner speaks for this step (placeholders left unfilled)."""
        return (self.display_text,) if self.display_text else ()


@dataclass(frozen=True, kw_only=True)
class SayStep(Step):
    """Speak and show `text` (may hold {field} placeholders); `wait` waits for "next" afterwards."""

    text: str
    wait: bool = False
    save_as: str | None = None

    @property
    def kind(self) -> StepKind:
        return StepKind.SAY

    @property
    def display_text(self) -> str:
        return self.text

    @property
    def is_template(self) -> bool:
        return bool(PLACEHOLDER.search(self.text))

    def spoken(self) -> tuple[str, ...]:
        return () if self.is_template else (runner_lines.say_speech(self.text, self.wait),)


@dataclass(frozen=True, kw_only=True)
class PauseStep(Step):
    """`seconds` of quiet, after speaking the optional `text`."""

    seconds: float
    text: str = ""

    @property
    def kind(self) -> StepKind:
        return StepKind.PAUSE

    @property
    def display_text(self) -> str:
        return self.text or runner_lines.QUIET_MOMENT

    def spoken(self) -> tuple[str, ...]:
        return (self.text,) if self.text else ()  # QUIET_MOMENT is only shown: the quiet stays quiet


@dataclass(frozen=True, kw_only=True)
class BreatheStep(Step):
    """Paced breathing: `phases` repeated `cycles` times after `prepare` seconds of settling."""

    phases: tuple[Phase, ...]
    cycles: int
    prepare: float = 3.0
    cue: CueStyle = CueStyle.WORDS
    text: str = ""

    @property
    def kind(self) -> StepKind:
        return StepKind.BREATHE

    @property
    def display_text(self) -> str:
        return self.text

    @property
    def cycle_seconds(self) -> float:
        return sum(phase.seconds for phase in self.phases)

    def spoken(self) -> tuple[str, ...]:
        words = tuple(phase.word for phase in self.phases)
        return ((self.text,) if self.text else ()) + words


@dataclass(frozen=True, kw_only=True)
class ListenStep(Step):
    """Ask `prompt`, then keep the spoken answer as journal field `field`.

    The answer ends on `end_phrase` or after `silence` seconds of quiet: the practice file's own
    (`own_end_phrase`, `own_silence`) where it sets them, else the listener's (`listener`, from the
    config: see `Practice.settled`).
    """

    prompt: str
    field: str
    own_end_phrase: str | None = None
    own_silence: float | None = None
    listener: AnswerEnding = AnswerEnding()

    @property
    def kind(self) -> StepKind:
        return StepKind.LISTEN

    @property
    def display_text(self) -> str:
        return self.prompt

    @property
    def end_phrase(self) -> str:
        return self.listener.end_phrase if self.own_end_phrase is None else self.own_end_phrase

    @property
    def silence(self) -> float:
        return self.listener.silence if self.own_silence is None else self.own_silence

    def spoken(self) -> tuple[str, ...]:
        return (self.prompt, runner_lines.listen_help(self.end_phrase))


@dataclass(frozen=True, kw_only=True)
class RateStep(Step):
    """Ask for a 0-10 distress rating (SUDS), before or after the practice."""

    prompt: str
    which: RatingWhich

    @property
    def kind(self) -> StepKind:
        return StepKind.RATE

    @property
    def display_text(self) -> str:
        return self.prompt


@dataclass(frozen=True, kw_only=True)
class ChooseStep(Step):
    """Branch: yes/no targets, or named options; `default` is where "next" goes."""

    prompt: str
    yes: str | None = None
    no: str | None = None
    options: tuple[Option, ...] = ()
    default: str | None = None

    @property
    def kind(self) -> StepKind:
        return StepKind.CHOOSE

    @property
    def display_text(self) -> str:
        return self.prompt

    def spoken(self) -> tuple[str, ...]:
        return (self.prompt, runner_lines.choose_help([option.name for option in self.options]))


@dataclass(frozen=True, kw_only=True)
class CountStep(Step):
    """The user names `count` things; each finished utterance counts as one."""

    prompt: str
    count: int
    field: str | None = None

    @property
    def kind(self) -> StepKind:
        return StepKind.COUNT

    @property
    def display_text(self) -> str:
        return self.prompt


AnyStep = SayStep | PauseStep | BreatheStep | ListenStep | RateStep | ChooseStep | CountStep


@dataclass(frozen=True)
class Practice:
    """One practice: metadata and its steps, in order."""

    id: str
    title: str
    summary: str
    minutes: float
    category: Category
    source: str
    steps: tuple[AnyStep, ...]
    offer_support: bool = False  # end at the support card (the "when to seek help" practice)
    origin: str = ""  # the file it came from

    def settled(self, ending: AnswerEnding) -> Practice:
        """This practice for a listener whose answers end on `ending` (where a listen step sets none)."""
        steps = tuple(replace(step, listener=ending) if isinstance(step, ListenStep) else step
                      for step in self.steps)
        return replace(self, steps=steps)

    def index_of(self, step_id: str) -> int:
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(step_id)

    def fields(self) -> list[str]:
        """The journal fields this practice can save, in step order."""
        names: list[str] = []
        for step in self.steps:
            name = step.field if isinstance(step, ListenStep | CountStep) else None
            if isinstance(step, SayStep):
                name = step.save_as
            if name and name not in names:
                names.append(name)
        return names

    def spoken_texts(self) -> list[str]:
        """Every fixed text the runner may speak for this practice (for the synthesis cache).

        Say texts with {field} placeholders are filled in at run time from what the user said, so
        they cannot be prepared ahead and are left out.
        """
        texts: list[str] = []
        for step in self.steps:
            texts.extend(step.spoken())
        texts.extend(runner_lines.runner_phrases())
        return list(dict.fromkeys(text for text in texts if text))
