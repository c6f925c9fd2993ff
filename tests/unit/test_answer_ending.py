"""The config's [listen] end phrase and silence end answers where a listen step sets neither."""

from __future__ import annotations

from pathlib import Path

import pytest

from voiceguide.config import ListenSettings, load_config
from voiceguide.errors import ConfigError
from voiceguide.intents import Intent, IntentKind
from voiceguide.practices import runner_lines
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import Listen
from voiceguide.practices.loader import parse_practice
from voiceguide.practices.model import AnswerEnding, ListenStep
from voiceguide.session import DetachedTarget, SafetyCheck, SessionController, texts_to_prepare
from voiceguide.speech.recognizer import ListenMode

PRACTICE = parse_practice("""
id = "t"
title = "Test"
summary = "A test practice."
minutes = 1
category = "reflect"
source = "tests"

[[steps]]
id = "plain"
kind = "listen"
prompt = "What happened?"
field = "what"

[[steps]]
id = "own"
kind = "listen"
prompt = "And then?"
field = "then"
end_phrase = "Enough"
silence = 9
""", "test.toml")
CONFIGURED = ListenSettings(silence_timeout=2.5, end_phrase="That is all")
ROOT = Path(__file__).resolve().parents[2]


class ListenTarget(DetachedTarget):
    """Keeps what the session asks to listen with and to say."""

    def __init__(self) -> None:
        self.listens: list[Listen] = []
        self.said: list[str] = []

    def listen(self, listen: Listen) -> None:
        self.listens.append(listen)

    def speak(self, text: str) -> None:
        self.said.append(text)


def started(listen: ListenSettings | None) -> tuple[SessionController, ListenTarget]:
    target = ListenTarget()
    controller = SessionController(PRACTICE, target, FakeClock(), safety=SafetyCheck(detect=lambda _: None),
                                   listen=listen)
    controller.start()
    controller.speech_finished()
    return controller, target


def test_a_step_without_its_own_ending_listens_with_the_configured_one() -> None:
    controller, target = started(CONFIGURED)
    assert target.listens[-1] == Listen(ListenMode.DICTATION, "what", "that is all", 2.5, 2.0)
    controller.intent(Intent(IntentKind.HELP))
    assert target.said[-1] == runner_lines.listen_help("that is all")
    controller.heard("my shoulders were tight that is all", final=True)
    assert controller.runner.fields["what"] == "my shoulders were tight", "the configured phrase ended it"
    assert controller.runner.step.id == "own"


def test_a_step_that_sets_its_own_ending_keeps_it() -> None:
    controller, target = started(CONFIGURED)
    controller.intent(Intent(IntentKind.NEXT))
    controller.speech_finished()
    assert target.listens[-1] == Listen(ListenMode.DICTATION, "then", "enough", 9.0)  # its own: kept
    controller.heard("we talked that is all", final=True)
    assert controller.runner.step.id == "own", "another step's phrase does not end this answer"
    controller.heard("and it was fine enough", final=True)
    assert controller.ended and controller.runner.fields["then"] == "we talked that is all and it was fine"


def test_without_a_config_the_defaults_apply_not_a_fixed_six_seconds() -> None:
    _, target = started(None)
    assert target.listens[-1] == Listen(ListenMode.DICTATION, "what", "i'm done", 4.0, 2.0)
    assert ListenSettings().silence_timeout == AnswerEnding().silence == 4.0
    assert ListenSettings().end_phrase == AnswerEnding().end_phrase == runner_lines.DEFAULT_END_PHRASE


def test_the_loaded_step_leaves_its_ending_to_the_listener() -> None:
    plain, own = PRACTICE.steps
    assert isinstance(plain, ListenStep) and isinstance(own, ListenStep)
    assert (plain.own_end_phrase, plain.own_silence) == (None, None)
    assert (own.own_end_phrase, own.own_silence) == ("enough", 9.0)
    settled = PRACTICE.settled(AnswerEnding("that is all", 2.5))
    assert [(s.end_phrase, s.silence) for s in settled.steps if isinstance(s, ListenStep)] == [
        ("that is all", 2.5), ("enough", 9.0)]


def test_the_configured_help_is_prepared_for_synthesis() -> None:
    texts = texts_to_prepare(PRACTICE, SafetyCheck(), CONFIGURED)
    assert runner_lines.listen_help("that is all") in texts
    assert runner_lines.listen_help(runner_lines.DEFAULT_END_PHRASE) not in texts


@pytest.mark.parametrize(("line", "message"), [
    ("silence_timeout = 0", "silence_timeout: 0 is out of range"),
    ("silence_timeout = 90", "silence_timeout: 90 is out of range"),
    ('end_phrase = "  "', "end_phrase: must not be empty"),
])
def test_an_unusable_ending_in_the_config_is_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[listen]\n{line}\n")
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_the_docs_state_the_code_defaults() -> None:
    defaults = ListenSettings()
    commands = (ROOT / "docs" / "voice-commands.md").read_text()
    assert f"`listen.silence_timeout`\nseconds of silence (default {defaults.silence_timeout:g})" in commands
    assert "(`listen.end_phrase`, default \"I'm done\")" in commands
    assert defaults.end_phrase == "i'm done"
    assert f"(default {defaults.silence_timeout:g} s)" in (ROOT / "README.md").read_text()


def test_silence_counts_from_the_last_word_not_from_a_late_reading() -> None:
    """A settled reading that arrives late (the endpointer's window, Whisper) adds no new words: the answer
    ends `silence` seconds after the last word heard as it was spoken."""
    controller, _ = started(CONFIGURED)
    clock = controller.clock
    assert isinstance(clock, FakeClock)
    clock.advance(1.0)
    controller.heard("we argued", False, spoken_at=clock.now())  # a partial, as it was said
    last_word = clock.now()
    clock.advance(2.0)
    controller.heard("we argued", True, spoken_at=clock.now())  # its reading, 2 s later
    clock.advance(0.6)
    controller.check_silence()
    assert clock.now() - last_word >= 2.5 and controller.runner.step.id == "own", "ended 2.5 s after the word"


def test_words_still_being_read_are_waited_for_a_while() -> None:
    controller, _ = started(CONFIGURED)
    clock = controller.clock
    assert isinstance(clock, FakeClock)
    controller.heard("we argued about", False, spoken_at=clock.now())
    clock.advance(2.6)
    controller.check_silence()
    assert controller.runner.step.id == "plain", "the reading of what was said is still to come"
    controller.heard("we argued about money", True, spoken_at=clock.now())
    controller.check_silence()
    assert controller.runner.step.id == "own"
    assert controller.runner.fields["what"] == "we argued about money"


@pytest.mark.parametrize(("answer", "silence"), [
    ("we argued", 2.0),
    ("we argued about money and then about who does the dishes", 4.0),
])
def test_a_short_answer_ends_after_two_seconds_and_a_long_one_after_the_silence(answer: str,
                                                                                silence: float) -> None:
    """One to eight settled words end after 2 s of quiet (the next prompt within about 2.5 s of the last
    word); more words, or a pause before anything was said, wait the whole silence (4 s by default)."""
    controller, _ = started(None)
    clock = controller.clock
    assert isinstance(clock, FakeClock)
    controller.heard(answer, True, spoken_at=clock.now())
    clock.advance(silence - 0.1)
    controller.check_silence()
    assert controller.runner.step.id == "plain", f"{silence - 0.1:g} s is a pause to think, not the end"
    clock.advance(0.15)
    controller.check_silence()
    assert controller.runner.step.id == "own" and controller.runner.fields["what"] == answer


def test_a_short_answer_still_being_read_is_waited_for() -> None:
    controller, _ = started(None)
    clock = controller.clock
    assert isinstance(clock, FakeClock)
    controller.heard("we argued", True, spoken_at=clock.now())
    controller.heard("about", False, spoken_at=clock.now() + 0.5)  # more words, not yet settled
    clock.advance(2.6)
    controller.check_silence()
    assert controller.runner.step.id == "plain", "the reading of the last words is still to come"
    controller.heard("about money", True, spoken_at=clock.now() - 2.1)
    controller.check_silence()
    assert controller.runner.fields["what"] == "we argued about money"


def test_the_short_silence_follows_the_configured_one() -> None:
    from voiceguide.practices.events import short_silence_for

    assert short_silence_for(4.0) == 2.0 and short_silence_for(2.5) == 2.0
    assert short_silence_for(1.5) == 1.5  # never longer than the configured silence
    assert short_silence_for(10.0) == 5.0  # who asked for a long wait keeps more of it
    listen = Listen(ListenMode.DICTATION, "what", "i'm done", 4.0, 2.0)
    assert [listen.silence_after(text) for text in ("", "yes", "one two three four five six seven eight",
                                                    "one two three four five six seven eight nine")] == \
        [4.0, 2.0, 2.0, 4.0]
    assert Listen(ListenMode.DICTATION, "what", "i'm done", 9.0).silence_after("yes") == 9.0


@pytest.mark.parametrize("said", ["we argued that's all", "we argued, that is all.", "We argued. Thats all"])
def test_that_s_all_ends_an_answer_as_i_m_done_does(said: str) -> None:
    controller, _ = started(None)
    controller.heard(said, final=True)
    assert controller.runner.step.id == "own"
    assert controller.runner.fields["what"].rstrip(".,").lower() == "we argued"
