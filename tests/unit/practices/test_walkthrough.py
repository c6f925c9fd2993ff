"""Every built-in practice walked to its end on a fake clock by a scripted user."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests.unit.practices.driver import ScriptedUser, drive
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import (
    End,
    EndReason,
    OfferSupport,
    PlayCue,
    SaveField,
    SaveRating,
    ShowStep,
    Speak,
)
from voiceguide.practices.library import load_builtins
from voiceguide.practices.model import BreatheStep, CountStep, ListenStep, Practice, RateStep, SayStep
from voiceguide.practices.runner import Runner
from voiceguide.practices.step_flow import listen_for

BUILTINS = {practice.id: practice for practice in load_builtins()}


def visited_steps(effects: Sequence[object]) -> list[str]:
    seen: list[str] = []
    for effect in effects:
        if isinstance(effect, ShowStep) and (not seen or seen[-1] != effect.view.step_id):
            seen.append(effect.view.step_id)
    return seen


def breath_cues(effects: Sequence[object], step_id: str) -> list[PlayCue]:
    """The breathing cues emitted while `step_id` was the step on screen."""
    current = ""
    cues: list[PlayCue] = []
    for effect in effects:
        if isinstance(effect, ShowStep):
            current = effect.view.step_id
        elif isinstance(effect, PlayCue) and effect.phase != "tick" and current == step_id:
            cues.append(effect)
    return cues


@pytest.mark.parametrize("practice_id", sorted(BUILTINS))
def test_every_builtin_walks_to_its_end(practice_id: str) -> None:
    practice: Practice = BUILTINS[practice_id]
    clock = FakeClock()
    runner = Runner(practice, clock)
    effects = drive(runner, clock)

    assert isinstance(effects[-1], End) and effects[-1].reason is EndReason.COMPLETED
    assert sum(isinstance(effect, End) for effect in effects) == 1
    visited_sequence = visited_steps(effects)
    visited = set(visited_sequence)
    assert practice.steps[-1].id in visited

    fixed = set(practice.spoken_texts())
    spoken = [effect.text for effect in effects if isinstance(effect, Speak)]
    templates = [step for step in practice.steps if isinstance(step, SayStep) and step.is_template]
    for text in spoken:
        assert text in fixed or any(text.startswith(step.text.split("{")[0]) for step in templates), text

    saved = {effect.name: effect.text for effect in effects if isinstance(effect, SaveField)}
    for step in practice.steps:
        if step.id not in visited:
            continue
        if isinstance(step, ListenStep):
            assert saved[step.field] == f"first part for {step.field} second part for {step.field}"
            assert listen_for(step) in effects
            assert listen_for(step).silence == step.silence and listen_for(step).end_phrase == step.end_phrase
        if isinstance(step, CountStep) and step.field:
            assert saved[step.field].count("thing") == step.count
        if isinstance(step, BreatheStep):  # every phase of every cycle cued, in order, at full length
            cues = breath_cues(effects, step.id)
            pattern = [(phase.kind.value, phase.seconds) for phase in step.phases]
            runs = visited_sequence.count(step.id)
            assert [(cue.phase, cue.seconds) for cue in cues] == pattern * step.cycles * runs

    rates = [step for step in practice.steps if isinstance(step, RateStep)]
    ratings = [effect for effect in effects if isinstance(effect, SaveRating)]
    assert [r.which for r in ratings] == [step.which for step in rates]
    assert (OfferSupport("practice") in effects) == practice.offer_support


@pytest.mark.parametrize("practice_id", sorted(BUILTINS))
def test_every_step_of_every_builtin_is_reached_by_some_answers(practice_id: str) -> None:
    practice = BUILTINS[practice_id]
    visited: set[str] = set()
    for user in (ScriptedUser(), ScriptedUser(contrary=True, pick=1), ScriptedUser(contrary=True, pick=2)):
        clock = FakeClock()
        effects = drive(Runner(practice, clock), clock, user)
        assert effects[-1] == End(EndReason.COMPLETED)
        visited |= set(visited_steps(effects))
    assert visited == {step.id for step in practice.steps}


def test_stop_records_before_and_after_and_observe() -> None:
    clock = FakeClock()
    effects = drive(Runner(BUILTINS["stop"], clock), clock)
    ratings = [(e.which.value, e.value) for e in effects if isinstance(e, SaveRating)]
    assert ratings == [("before", 7), ("after", 3)]
    fields = {e.name for e in effects if isinstance(e, SaveField)}
    assert {"observe", "next_step"} <= fields
    # the scripted user said yes to "a few more breaths" once: the breathing ran twice
    starts = [e for e in effects if isinstance(e, ShowStep) and e.view.step_id == "breathe"
              and e.view.phase == "prepare"]
    assert len(starts) >= 2


def test_i_statement_composes_one_sentence_from_the_answers() -> None:
    clock = FakeClock()
    effects = drive(Runner(BUILTINS["i-statement"], clock), clock)
    statement = [e for e in effects if isinstance(e, SaveField) and e.name == "statement"][-1]
    assert statement.text == (
        "I feel first part for feeling second part for feeling when first part for situation second "
        "part for situation because first part for reason second part for reason. I need first part "
        "for request second part for request."
    )
    assert Speak(statement.text) in effects


def test_grounding_counts_every_utterance_whatever_was_heard() -> None:
    clock = FakeClock()
    user = ScriptedUser()
    effects = drive(Runner(BUILTINS["grounding-54321"], clock), clock, user)
    ticks = [e for e in effects if isinstance(e, PlayCue) and e.phase == "tick"]
    assert len(ticks) == 5 + 4 + 3 + 2 + 1


def test_seek_help_ends_at_the_support_card() -> None:
    clock = FakeClock()
    effects = drive(Runner(BUILTINS["seek-help"], clock), clock)
    assert effects[-2:] == [OfferSupport("practice"), End(EndReason.COMPLETED)]


def test_the_documented_example_is_valid_and_walks_to_its_end() -> None:
    from pathlib import Path

    from voiceguide.practices.loader import parse_practice

    doc = (Path(__file__).resolve().parents[3] / "docs" / "practices.md").read_text()
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    practice = parse_practice(example, "docs/practices.md")
    assert {step.kind.value for step in practice.steps} == {
        "say", "pause", "breathe", "listen", "rate", "choose", "count"}
    clock = FakeClock()
    effects = drive(Runner(practice, clock), clock)
    assert effects[-1] == End(EndReason.COMPLETED)
    assert SaveField("letting_go", "You chose to let go of first part for let_go second part for let_go.",
                     "You chose to let go of {let_go}.", "step-8") in effects
