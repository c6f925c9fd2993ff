"""The session runner's behaviour step by step: speech, waiting, listening, intents, pause and end."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from voiceguide.intents import Intent, IntentKind
from voiceguide.practices import runner_lines
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import (
    End,
    EndReason,
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
    StopListening,
    StopSpeaking,
    Tick,
    Utterance,
)
from voiceguide.practices.loader import parse_practice
from voiceguide.practices.model import CueStyle, RatingWhich
from voiceguide.practices.runner import Runner
from voiceguide.speech.recognizer import ListenMode
from voiceguide.vocabulary import parse_number, split_end_phrase

HEAD = """
id = "t"
title = "Test"
summary = "A test practice."
minutes = 1
category = "reflect"
source = "test"
"""


def make(steps: str, clock: FakeClock | None = None, **options: object) -> tuple[Runner, FakeClock]:
    clock = clock or FakeClock()
    return Runner(parse_practice(HEAD + steps, "t.toml"), clock, **options), clock  # type: ignore[arg-type]


def intent(kind: IntentKind, number: int | None = None) -> IntentEvent:
    return IntentEvent(Intent(kind, number=number))


def speaks(effects: Sequence[object]) -> list[str]:
    return [effect.text for effect in effects if isinstance(effect, Speak)]


SAY_TWO = """
[[steps]]
kind = "say"
text = "One."
[[steps]]
kind = "say"
text = "Two."
wait = true
"""

LISTEN = """
[[steps]]
id = "ask"
kind = "listen"
prompt = "What happened?"
field = "what"
silence = 5
[[steps]]
kind = "say"
text = "Thanks."
wait = true
"""

BREATHE = """
[[steps]]
kind = "breathe"
phases = [{ kind = "inhale", seconds = 4 }, { kind = "exhale", seconds = 6, word = "Out" }]
cycles = 2
prepare = 0
[[steps]]
kind = "say"
text = "Done."
"""


def test_say_steps_move_on_when_speech_finishes_and_wait_for_next_when_asked() -> None:
    runner, _ = make(SAY_TWO)
    assert speaks(runner.start()) == ["One."]
    assert runner.state is RunnerState.SPEAKING
    assert runner.handle(SpeechFinished("something older")) == []
    effects = runner.handle(SpeechFinished("One."))
    assert speaks(effects) == [f"Two. {runner_lines.NEXT_PROMPT}"]
    effects = runner.handle(SpeechFinished())
    assert Listen(ListenMode.COMMANDS) in effects and runner.state is RunnerState.WAITING
    effects = runner.handle(intent(IntentKind.NEXT))
    assert effects[-1] == End(EndReason.COMPLETED) and runner.state is RunnerState.ENDED
    assert runner.handle(intent(IntentKind.NEXT)) == []


def test_no_to_ending_while_waiting_says_carry_on() -> None:
    runner, _ = make(SAY_TWO)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(SpeechFinished())
    runner.handle(intent(IntentKind.END))
    effects = runner.handle(intent(IntentKind.NO))
    assert speaks(effects) == [runner_lines.CARRY_ON] and Listen(ListenMode.COMMANDS) in effects
    assert runner.state is RunnerState.WAITING and not runner.view.confirming_end


def test_a_pause_step_ends_on_its_deadline() -> None:
    runner, clock = make('[[steps]]\nkind = "pause"\nseconds = 5\n' + SAY_TWO)
    effects = runner.start()
    assert speaks(effects) == []  # a quiet moment: nothing said, and a line to read on screen
    assert [e.view.text for e in effects if isinstance(e, ShowStep)] == [runner_lines.QUIET_MOMENT]
    assert runner.state is RunnerState.WAITING
    assert runner.next_deadline() == clock.now() + 5
    clock.advance(4.9)
    assert speaks(runner.handle(Tick(clock.now()))) == []
    clock.advance(0.2)
    assert speaks(runner.handle(Tick(clock.now()))) == ["One."]


def test_end_asks_first_and_no_carries_on() -> None:
    runner, _ = make(SAY_TWO)
    runner.start()
    effects = runner.handle(intent(IntentKind.END))
    assert StopSpeaking() in effects and runner_lines.CONFIRM_END in speaks(effects)
    assert runner.state is RunnerState.WAITING and runner.view.confirming_end
    assert speaks(runner.handle(intent(IntentKind.NEXT))) == [runner_lines.CONFIRM_END_HINT]
    effects = runner.handle(intent(IntentKind.NO))
    assert speaks(effects) == ["One."]  # the interrupted step is spoken again
    runner.handle(intent(IntentKind.END))
    effects = runner.handle(intent(IntentKind.YES))
    assert effects[-1] == End(EndReason.ENDED_BY_USER)


def test_listen_saves_each_segment_as_it_settles_and_ends_on_the_end_phrase() -> None:
    runner, _ = make(LISTEN)
    runner.start()
    effects = runner.handle(SpeechFinished())
    assert Listen(ListenMode.DICTATION, "what", "i'm done", 5.0) in effects
    assert runner.state is RunnerState.LISTENING
    runner.handle(Utterance("we argued", final=False))
    assert runner.view.answer == "we argued"
    effects = runner.handle(Utterance("we argued about money"))
    assert SaveField("what", "we argued about money", "What happened?", "ask") in effects
    effects = runner.handle(Utterance("and I left the room I'm done"))
    assert SaveField("what", "we argued about money and I left the room", "What happened?", "ask") in effects
    assert StopListening() in effects and speaks(effects) == [f"Thanks. {runner_lines.NEXT_PROMPT}"]
    # a segment that settles just after the step ended is not lost
    effects = runner.handle(Utterance("and slammed the door"))
    assert effects == [SaveField("what", "we argued about money and I left the room and slammed the door",
                                 "What happened?", "ask")]
    assert runner.fields["what"].endswith("slammed the door")


def test_only_the_step_just_left_takes_late_words() -> None:
    runner, _ = make(LISTEN + SAY_TWO)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(Utterance("first"))
    runner.handle(intent(IntentKind.NEXT))
    runner.handle(intent(IntentKind.NEXT))
    assert runner.step.text == "One."  # type: ignore[union-attr]
    assert runner.handle(Utterance("too late now")) == []
    assert runner.fields == {"what": "first"}


def test_silence_ends_an_answer_and_nudges_once_when_nothing_was_said() -> None:
    runner, _ = make(LISTEN)
    runner.start()
    runner.handle(SpeechFinished())
    assert speaks(runner.handle(ListenTimedOut())) == [runner_lines.LISTEN_NUDGE]
    assert runner.handle(ListenTimedOut()) == []
    runner.handle(Utterance("it was hard"))
    effects = runner.handle(ListenTimedOut())
    assert runner.step.id == "step-2" and speaks(effects)


def test_words_said_while_paused_in_a_listen_step_are_kept() -> None:
    runner, _ = make(LISTEN)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(intent(IntentKind.PAUSE))
    assert runner.state is RunnerState.PAUSED
    assert runner.handle(Utterance("still talking")) == [SaveField("what", "still talking", "What happened?",
                                                                   "ask")]
    effects = runner.handle(intent(IntentKind.RESUME))
    assert speaks(effects) == [runner_lines.RESUMED]
    assert Listen(ListenMode.DICTATION, "what", "i'm done", 5.0) in effects
    assert runner.state is RunnerState.LISTENING


RATE = """
[[steps]]
kind = "rate"
prompt = "How strong, zero to ten?"
which = "before"
[[steps]]
kind = "rate"
prompt = "And now?"
which = "after"
"""


def test_rate_takes_one_number_from_zero_to_ten() -> None:
    runner, _ = make(RATE)
    runner.start()
    effects = runner.handle(SpeechFinished())
    assert Listen(ListenMode.NUMBER) in effects
    effects = runner.handle(intent(IntentKind.NUMBER, 11))
    assert speaks(effects) == [runner_lines.RATE_HINT] and runner.state is RunnerState.WAITING
    assert runner.handle(intent(IntentKind.NUMBER, None))[0] == Speak(runner_lines.RATE_HINT)
    effects = runner.handle(intent(IntentKind.NUMBER, 8))
    assert effects[0] == SaveRating(RatingWhich.BEFORE, 8)
    runner.handle(SpeechFinished())
    assert speaks(runner.handle(Utterance("hmm"))) == [runner_lines.RATE_HINT]
    effects = runner.handle(Utterance("about a six I think"))
    assert effects[0] == SaveRating(RatingWhich.AFTER, 6) and effects[-1] == End(EndReason.COMPLETED)


def test_a_number_key_during_the_rating_prompt_cuts_it_short_and_answers() -> None:
    runner, _ = make(RATE)
    runner.start()
    assert runner.state is RunnerState.SPEAKING
    assert runner.handle(intent(IntentKind.NUMBER, 11)) == []  # out of range: the prompt goes on
    effects = runner.handle(intent(IntentKind.NUMBER, 7))
    assert effects[:2] == [StopSpeaking(), SaveRating(RatingWhich.BEFORE, 7)]
    assert speaks(effects) == ["And now?"]


def test_number_words() -> None:
    assert parse_number("Seven.") == 7
    assert parse_number("10") == 10
    assert parse_number("zero") == 0
    assert parse_number("hmm") is None
    assert parse_number("²") is None
    assert parse_number("I'd go for a six") == 6
    assert parse_number("for") == 4


def test_end_phrases() -> None:
    assert split_end_phrase("we argued I'm done.", "i'm done", "i'm done") == ("we argued", True)
    assert split_end_phrase("we argued i am done", "i'm done", "i'm done") == ("we argued", True)
    assert split_end_phrase("Done", "that is all", "i'm done") == ("", True)
    assert split_end_phrase("it's done now", "i'm done", "i'm done") == ("it's done now", False)


CHOOSE = """
[[steps]]
kind = "choose"
prompt = "Pick."
options = [{ name = "friends", goto = "a" }, { name = "hobbies", goto = "b" }]
default = "b"
[[steps]]
id = "a"
kind = "say"
text = "A."
next = "end"
[[steps]]
id = "b"
kind = "choose"
prompt = "Again?"
yes = "a"
no = "end"
"""


@pytest.mark.parametrize(("event", "target"), [
    (Utterance("my friends"), "a"),
    (intent(IntentKind.NUMBER, 2), "b"),
    (intent(IntentKind.NEXT), "b"),
])
def test_choose_by_name_number_or_default(event: object, target: str) -> None:
    runner, _ = make(CHOOSE)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(event)  # type: ignore[arg-type]
    assert runner.step.id == target


def test_yes_no_branch_and_a_branch_to_the_end() -> None:
    runner, _ = make(CHOOSE)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(intent(IntentKind.NUMBER, 2))
    runner.handle(SpeechFinished())
    assert speaks(runner.handle(intent(IntentKind.NUMBER, 3))) == []  # no options here: ignored
    assert runner.handle(intent(IntentKind.NO))[-1] == End(EndReason.COMPLETED)


def test_a_choice_key_during_its_prompt_cuts_it_short_and_chooses() -> None:
    runner, _ = make(CHOOSE)
    runner.start()
    assert runner.handle(intent(IntentKind.NUMBER, 5)) == []  # no fifth option: the prompt goes on
    effects = runner.handle(intent(IntentKind.NUMBER, 2))
    assert effects[0] == StopSpeaking() and runner.step.id == "b"
    assert runner.state is RunnerState.SPEAKING  # "Again?"
    assert runner.handle(intent(IntentKind.YES))[0] == StopSpeaking() and runner.step.id == "a"


def test_breathing_cues_follow_the_style() -> None:
    runner, clock = make(BREATHE)
    effects = runner.start()
    cue = next(e for e in effects if isinstance(e, PlayCue))
    assert cue == PlayCue("inhale", 4.0, clock.now(), CueStyle.WORDS)
    assert "Breathe in" in speaks(effects)
    clock.advance(4.0)
    effects = runner.handle(Tick(clock.now()))
    assert speaks(effects) == ["Out"]
    quiet, clock2 = make(BREATHE, cue_style=CueStyle.TONES)
    effects = quiet.start()
    assert speaks(effects) == [] and PlayCue("inhale", 4.0, clock2.now(), CueStyle.TONES) in effects


@pytest.mark.parametrize("style", [CueStyle.TONES, CueStyle.SILENT])
def test_tones_and_silent_cues_never_speak_during_breathing(style: CueStyle) -> None:
    runner, clock = make(BREATHE, cue_style=style)
    effects = runner.start()
    while runner.step.kind.value == "breathe":
        clock.set(runner.next_deadline() or clock.now())
        effects += runner.handle(Tick(clock.now()))
    cues = [e for e in effects if isinstance(e, PlayCue)]
    assert [c.phase for c in cues] == ["inhale", "exhale", "inhale", "exhale"]
    assert {c.style for c in cues} == {style}
    assert speaks(effects) == ["Done."]


def test_help_pauses_breathing_and_resume_continues_exactly() -> None:
    runner, clock = make(BREATHE)
    runner.start()
    clock.advance(1.0)
    effects = runner.handle(intent(IntentKind.HELP))
    assert runner.state is RunnerState.PAUSED and runner_lines.HELP_BREATHING in speaks(effects)[0]
    clock.advance(60)
    view = runner.view
    assert (view.phase, view.phase_remaining, view.cycle, view.cycles) == ("inhale", 3.0, 1, 2)
    effects = runner.handle(intent(IntentKind.RESUME))
    cue = next(e for e in effects if isinstance(e, PlayCue))
    assert speaks(effects) == ["Breathe in"]  # the phase under way is cued again
    assert cue.seconds == pytest.approx(3.0) and runner.next_deadline() == pytest.approx(clock.now() + 3.0)


def test_support_pauses_and_offers_the_card_from_any_state() -> None:
    runner, _clock = make(BREATHE)
    runner.start()
    effects = runner.handle(intent(IntentKind.SUPPORT))
    assert OfferSupport("asked") in effects and runner.state is RunnerState.PAUSED
    assert runner.next_deadline() is None
    runner.handle(intent(IntentKind.RESUME))
    assert runner.state is RunnerState.BREATHING


def test_back_and_repeat() -> None:
    runner, _ = make(SAY_TWO)
    runner.start()
    runner.handle(SpeechFinished())
    assert speaks(runner.handle(intent(IntentKind.REPEAT))) == [f"Two. {runner_lines.NEXT_PROMPT}"]
    assert speaks(runner.handle(intent(IntentKind.BACK))) == ["One."]
    assert speaks(runner.handle(intent(IntentKind.BACK))) == ["One."]  # nothing before the first step


@pytest.mark.parametrize("kind", [IntentKind.YES, IntentKind.NO, IntentKind.RESUME, IntentKind.SLOWER,
                                  IntentKind.FASTER, IntentKind.DONE, IntentKind.NUMBER])
def test_irrelevant_intents_do_not_break_a_say_step(kind: IntentKind) -> None:
    runner, _ = make(SAY_TWO)
    runner.start()
    runner.handle(intent(kind, 4))
    assert runner.state in (RunnerState.SPEAKING, RunnerState.WAITING, RunnerState.ENDED)


def test_count_counts_every_final_utterance_even_garbled_ones() -> None:
    runner, _clock = make('[[steps]]\nkind = "count"\nprompt = "Name three."\ncount = 3\nfield = "seen"\n'
                         + SAY_TWO)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(Utterance("lamp"))
    runner.handle(Utterance("", final=True))
    assert runner.view.counted == 2
    effects = runner.handle(Utterance("uh the wndow"))
    assert speaks(effects) == ["One."]
    assert runner.fields["seen"] == "lamp. uh the wndow."


def test_things_named_while_the_card_is_open_are_kept_not_counted() -> None:
    runner, _clock = make('[[steps]]\nkind = "count"\nprompt = "Name three."\ncount = 3\nfield = "seen"\n'
                         + SAY_TWO)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(Utterance("lamp"))
    effects = runner.handle(intent(IntentKind.SUPPORT))
    assert not [e for e in effects if isinstance(e, Listen)]  # the answer keeps its dictation
    runner.handle(Utterance("the window"))
    assert runner.fields["seen"] == "lamp. the window." and runner.view.counted == 1
    runner.handle(intent(IntentKind.RESUME))
    runner.handle(Utterance("a chair"))
    assert runner.fields["seen"] == "lamp. the window. a chair." and runner.view.counted == 2


def test_the_card_during_a_rating_listens_for_commands_until_resumed() -> None:
    runner, _clock = make(RATE)
    runner.start()
    runner.handle(SpeechFinished())
    effects = runner.handle(intent(IntentKind.SUPPORT))
    assert Listen(ListenMode.COMMANDS) in effects  # so that every engine hears "resume"
    effects = runner.handle(intent(IntentKind.RESUME))
    assert any(isinstance(e, Listen) and e.mode is ListenMode.NUMBER for e in effects)


def test_templates_fill_in_what_was_said() -> None:
    runner, _ = make(LISTEN.replace('text = "Thanks."', 'text = "You said {what}."\nsave_as = "echo"'))
    runner.start()
    runner.handle(SpeechFinished())
    effects = runner.handle(Utterance("we argued. I'm done"))
    assert SaveField("echo", "You said we argued.", "You said {what}.", "step-2") in effects
    assert f"You said we argued. {runner_lines.NEXT_PROMPT}" in speaks(effects)


def test_spoken_texts_cover_cue_words_and_runner_phrases_but_not_templates() -> None:
    runner, _ = make(BREATHE + LISTEN.replace('text = "Thanks."', 'text = "You said {what}."'))
    texts = runner.practice.spoken_texts()
    assert {"Breathe in", "Out", "Done.", "What happened?", runner_lines.CONFIRM_END} <= set(texts)
    assert not any("{" in text for text in texts)


def test_skip_leaves_breathing_at_once_and_goes_to_a_choose_default() -> None:
    runner, clock = make(BREATHE)
    runner.start()
    clock.advance(2.0)
    effects = runner.handle(intent(IntentKind.SKIP))
    assert speaks(effects) == ["Done."] and runner.step.id == "step-2"
    assert runner.next_deadline() is None  # the pacer is gone: no more breathing ticks
    chooser, _ = make(CHOOSE)
    chooser.start()
    chooser.handle(SpeechFinished())
    chooser.handle(intent(IntentKind.SKIP))
    assert chooser.step.id == "b"


def test_done_ends_an_answer_and_keeps_what_was_said() -> None:
    runner, _ = make(LISTEN)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(Utterance("we argued"))
    effects = runner.handle(intent(IntentKind.DONE))
    assert StopListening() in effects and runner.step.id == "step-2"
    assert runner.fields == {"what": "we argued"}


def test_pace_at_a_bound_is_said_and_kept() -> None:
    runner, clock = make(BREATHE)
    runner.start()
    for _ in range(5):
        assert speaks(runner.handle(intent(IntentKind.SLOWER))) == [runner_lines.SLOWER]
    assert speaks(runner.handle(intent(IntentKind.SLOWER))) == [runner_lines.SLOWEST]
    assert runner.view.pace == pytest.approx(1.5)
    for _ in range(8):
        runner.handle(intent(IntentKind.FASTER))
    assert speaks(runner.handle(intent(IntentKind.FASTER))) == [runner_lines.FASTEST]
    assert runner.view.pace == pytest.approx(0.7)
    clock.advance(4.0)
    cue = next(e for e in runner.handle(Tick(clock.now())) if isinstance(e, PlayCue))
    assert cue.seconds == pytest.approx(6 * 0.7)  # the exhale after the inhale under way


def test_pausing_a_pause_step_keeps_the_silence_left() -> None:
    runner, clock = make('[[steps]]\nkind = "pause"\nseconds = 5\n' + SAY_TWO)
    runner.start()
    end = clock.now() + 5
    clock.advance(2.0)
    runner.handle(intent(IntentKind.PAUSE))
    assert runner.next_deadline() is None
    clock.advance(30.0)
    runner.handle(intent(IntentKind.RESUME))
    assert runner.next_deadline() == pytest.approx(end + 30.0)
    clock.set(end + 29.9)
    assert speaks(runner.handle(Tick(clock.now()))) == []
    clock.set(end + 30.0)
    assert speaks(runner.handle(Tick(clock.now()))) == ["One."]


def test_help_speaks_the_commands_of_the_step_and_listens_again() -> None:
    runner, _ = make(LISTEN)
    runner.start()
    runner.handle(SpeechFinished())
    effects = runner.handle(intent(IntentKind.HELP))
    assert speaks(effects) == [runner_lines.listen_help("i'm done")]
    assert Listen(ListenMode.DICTATION, "what", "i'm done", 5.0) in effects
    assert runner.state is RunnerState.LISTENING
    rater, _ = make(RATE)
    rater.start()
    rater.handle(SpeechFinished())
    effects = rater.handle(intent(IntentKind.HELP))
    assert speaks(effects) == [runner_lines.HELP_RATE] and Listen(ListenMode.NUMBER) in effects


def test_yes_at_a_waiting_say_step_means_next() -> None:
    runner, _ = make(SAY_TWO)
    runner.start()
    runner.handle(SpeechFinished())
    runner.handle(SpeechFinished())
    assert runner.state is RunnerState.WAITING
    assert runner.handle(intent(IntentKind.YES))[-1] == End(EndReason.COMPLETED)
