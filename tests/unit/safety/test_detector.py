"""The crisis detector: categories, recognizer noise, negation, idioms, and what a finding records."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.safety_eval import must_fire
from voiceguide.safety import Category, Finding, detect
from voiceguide.safety.detector import scan_clause
from voiceguide.safety.normalize import clauses
from voiceguide.safety.rules import RULES


@pytest.mark.parametrize(("text", "category"), [
    ("i don't want to be here anymore", Category.SUICIDE),
    ("everyone would be better off without me", Category.SUICIDE),
    ("i've been hurting myself again", Category.SELF_HARM),
    ("he hits me", Category.ABUSE),
    ("i have the pills in front of me", Category.IMMEDIATE_DANGER),
    ("i'm going to hurt him when he gets back", Category.HARM_TO_OTHERS),
    ("he laid his hands on me again", Category.ABUSE),
])
def test_fires_with_the_right_category(text: str, category: Category) -> None:
    finding = detect(text)
    assert finding is not None and finding.category is category


@pytest.mark.parametrize("text", [
    "this traffic is killing me", "i could kill for a coffee", "dying to see her",
    "i want to end this argument", "i'm dead tired", "that joke killed", "kill the lights",
    "my mom is going to kill me when she sees the car", "i beat myself up about it all night",
    "he has never laid a hand on me", "i want to dye my hair", "i cut my finger chopping onions",
])
def test_idioms_and_ordinary_words_do_not_fire(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize("spelling", [
    "I'm going to kill myself.", "i m going to kill myself", "im going to kill myself",
    "I’M GOING TO KILL MYSELF!!", "i'm gonna kill my self", "i m going to kill my shelf",
])
def test_recognizer_spellings_give_the_same_answer(spelling: str) -> None:
    finding = detect(spelling)
    assert finding is not None and finding.category is Category.SUICIDE


@pytest.mark.parametrize(("text", "fires"), [
    ("i'm not going to hurt myself", False),
    ("i would never kill myself", False),
    ("i dont want to die i want things to change", False),
    ("i can't stop thinking about killing myself", True),
    ("i don't know i want to die", True),
    ("i don't want to live anymore", True),
    ("i wish i had never been born", True),
])
def test_negation_reaches_only_its_own_clause(text: str, fires: bool) -> None:
    assert (detect(text) is not None) is fires


def test_sentences_are_separate_clauses() -> None:
    assert detect("I'm not okay. I want to end my life.") is not None
    assert detect("No. Everyone would be better off without me") is not None


def test_the_most_urgent_category_wins() -> None:
    finding = detect("i want to die and i have the pills in my hand")
    assert finding is not None and finding.category is Category.IMMEDIATE_DANGER


def test_a_finding_records_the_rule_and_the_words_it_matched() -> None:
    finding = detect("Honestly... I wanna die tonight")
    assert finding == Finding(Category.SUICIDE, "want_to_die", "want to die")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "other"  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "🙂", "'''", "\x00\x01"])
def test_empty_or_odd_input_is_quiet(text: str) -> None:
    assert detect(text) is None


def test_every_rule_fires_on_something() -> None:
    fired: set[str] = {"laid_hands"}  # covered above: the eval set only has it negated
    for _, statement in must_fire():
        for clause in clauses(statement):
            fired.update(finding.rule for finding in scan_clause(clause))
    assert {rule.name for rule in RULES} <= fired


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    finding = detect(text)
    assert finding is None or isinstance(finding.category, Category)


def test_every_grammar_phrase_fires() -> None:
    from voiceguide.safety.phrases import SPOKEN_CRISIS_PHRASES

    silent = [phrase for phrase in SPOKEN_CRISIS_PHRASES if detect(phrase) is None]
    assert not silent


@pytest.mark.parametrize(("text", "fires"), [
    ("i'm not safe", True), ("i don't feel safe", True), ("i'm not safe to drive", False),
    ("the roads are not safe", False),
])
def test_not_safe_on_its_own(text: str, fires: bool) -> None:
    assert (detect(text) is not None) is fires


def test_a_resolved_past_lets_go_only_of_what_it_covers() -> None:
    assert detect("i used to think about hurting myself years ago but i'm in a good place now") is None
    finding = detect("i used to cut myself years ago and now i want to kill myself")
    assert finding is not None and finding.category is Category.SUICIDE
