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


# Wordings of the concept rules, other than the evaluation set's: each names the category it must give.
CONCEPT_WORDINGS: list[tuple[str, Category]] = [
    ("my ex is outside the house with a baseball bat", Category.IMMEDIATE_DANGER),
    ("i necked twenty of my mum's sleeping pills", Category.IMMEDIATE_DANGER),
    ("i've drunk some antifreeze", Category.IMMEDIATE_DANGER),
    ("i took something to make it all stop", Category.IMMEDIATE_DANGER),
    ("i'm at the top of the car park looking down", Category.IMMEDIATE_DANGER),
    ("i'm so dizzy and there's so much blood", Category.IMMEDIATE_DANGER),
    ("i locked myself in the bathroom because he's drunk and angry", Category.IMMEDIATE_DANGER),
    ("my husband is coming home drunk and he said he'd bring the knife", Category.IMMEDIATE_DANGER),
    ("i'm sat on the railing of the bridge", Category.IMMEDIATE_DANGER),
    ("i've tied the belt to the banister", Category.IMMEDIATE_DANGER),
    ("i'm standing in the middle of the road waiting for a lorry", Category.IMMEDIATE_DANGER),
    ("i've swallowed a load of my nan's heart tablets", Category.IMMEDIATE_DANGER),
    ("who gets my cat when i'm gone", Category.SUICIDE),
    ("i don't think i'll be alive by christmas", Category.SUICIDE),
    ("i've chosen the day to do it", Category.SUICIDE),
    ("i feel at peace with dying now", Category.SUICIDE),
    ("i can't face another morning like this", Category.SUICIDE),
    ("you won't have to worry about me much longer", Category.SUICIDE),
    ("i've been saying my goodbyes quietly", Category.SUICIDE),
    ("i've been planning my suicide for weeks", Category.SUICIDE),
    ("i just want to take myself off this planet", Category.SUICIDE),
    ("i'd be better off six feet under", Category.SUICIDE),
    ("i pray god takes me tonight", Category.SUICIDE),
    ("i keep looking at the railings on the bridge thinking about jumping", Category.SUICIDE),
    ("i want to drink bleach", Category.SUICIDE),
    ("i'm going to take fifty paracetamol tonight", Category.SUICIDE),
    ("i'm going to end mine", Category.SUICIDE),
    ("i've got enough tablets saved to do it properly this time", Category.SUICIDE),
    ("i keep writing notes to my kids explaining why i had to go", Category.SUICIDE),
    ("i'm not planning on being here for christmas", Category.SUICIDE),
    ("nobody will have to put up with me after tonight", Category.SUICIDE),
    ("i've been looking up how high the bridge is", Category.SUICIDE),
    ("this time tomorrow i'll be gone", Category.SUICIDE),
    ("i dragged a razor across my thigh", Category.SELF_HARM),
    ("i put my arm on the radiator on purpose to feel something", Category.SELF_HARM),
    ("i scratch my arms until they bleed", Category.SELF_HARM),
    ("i keep picking at the scabs on my arms", Category.SELF_HARM),
    ("i've been hiding the cuts on my thighs from everyone", Category.SELF_HARM),
    ("i gave in and started cutting again", Category.SELF_HARM),
    ("i swear i could strangle him and not regret it", Category.HARM_TO_OTHERS),
    ("i want to put my hands around his neck", Category.HARM_TO_OTHERS),
    ("i'd love to smash his teeth in", Category.HARM_TO_OTHERS),
    ("i'm taking the knife and going over to her house", Category.HARM_TO_OTHERS),
    ("if she says that again i'm going to put her through the wall", Category.HARM_TO_OTHERS),
    ("i really want to hurt the people who did this to me", Category.HARM_TO_OTHERS),
    ("she shoved me into the kitchen counter", Category.ABUSE),
    ("he put his hands around my neck", Category.ABUSE),
    ("if i tell anyone she says she'll take the kids", Category.ABUSE),
    ("i've got bruises on my arm from him", Category.ABUSE),
    ("my ex has been following me home from work", Category.ABUSE),
    ("he controls all the money and gives me an allowance", Category.ABUSE),
    ("he has sex with me when i'm asleep", Category.ABUSE),
    ("he threw a plate at my head", Category.ABUSE),
    ("my dad beats my mum", Category.ABUSE),
    ("my uncle keeps touching me and says it's our secret", Category.ABUSE),
    ("he says nobody would believe me and he'll kill me if i tell", Category.ABUSE),
    ("my husband makes me hand over my wages every week", Category.ABUSE),
]


@pytest.mark.parametrize(("text", "category"), CONCEPT_WORDINGS)
def test_concept_rules_fire_on_other_wordings(text: str, category: Category) -> None:
    finding = detect(text)
    assert finding is not None and finding.category is category


@pytest.mark.parametrize("text", [
    "he's in the kitchen with a knife making dinner", "my brother is coming over with his new knife set",
    "i took ten tablets a day for a week like the doctor said", "i always feel faint when i give blood",
    "i'm on the roof fixing the gutter right now", "i'm at the top of the tower now the view is incredible",
    "i won't be here next week i'm on holiday", "i can't face another day at work",
    "the fireworks made me jump and i nearly fell off the balcony", "who gets the house in the divorce",
    "holding onto resentment is like drinking poison", "we've picked a date for the wedding",
    "i used the razor on my legs before the beach", "the knife slipped on the cutting board",
    "i'm cutting back on sugar and i slipped up yesterday", "i think i could kill him for that joke",
    "my son might break his arm on that trampoline", "he said he'd find me a new job",
    "she says she'll kill me if i'm late again", "my brother pushed me into the pool",
    "i got a bat for my son's cricket match and i'm driving to his school now",
    "he grabbed the bat and went out to play", "my husband got his gun licence renewed",
    "she threw a pillow at me as a joke", "my dad beat my mum at chess again",
    "i want to throttle the printer", "my sister can have my old coat after i get a new one",
    "i wrote a note to my flatmate explaining why the rent was late",
    "it all ends tonight with the season finale",
    "i tied the rope to the tree for the swing", "i'm on the road now should be there in ten minutes",
    "this time tomorrow i'll be gone on holiday", "he will kill me if i tell him about the surprise party",
    "the physio touches me where it hurts", "i'm sitting on the ledge of the pool with my feet in",
])
def test_ordinary_talk_near_the_concept_rules_stays_quiet(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(("text", "category"), [
    ("i'm going to be dead before she's finished packing", Category.SUICIDE),
    ("i've saved up enough tablets to finish myself off", Category.SUICIDE),
    ("i'm checking out of life tonight", Category.SUICIDE),
    ("would two boxes be enough to stop my heart", Category.SUICIDE),
    ("i'm steering the car off the end of the pier tonight", Category.SUICIDE),
    ("i slammed my own hand in the drawer on porpoise", Category.SELF_HARM),
    ("i held the lighter against my inner thigh where nobody can see", Category.SELF_HARM),
    ("he twisted my wrist back until it cracked", Category.ABUSE),
    ("my dad locks the cupboards and i can only eat when he says so", Category.ABUSE),
    ("he's loading his shotgun in the kitchen", Category.IMMEDIATE_DANGER),
    ("she's about to stab me she's got the knife", Category.IMMEDIATE_DANGER),
    ("my mate's cut is gushing and won't slow down", Category.IMMEDIATE_DANGER),
    ("i nearly smothered the baby last night", Category.HARM_TO_OTHERS),
    ("i want poison that won't show up in a post mortem", Category.HARM_TO_OTHERS),
])
def test_the_rules_added_from_batch_8_fire_on_new_wording(text: str, category: Category) -> None:
    finding = detect(text)
    assert finding is not None and finding.category is category, finding


@pytest.mark.parametrize("text", [
    "i do not plan on making it to the office party this year", "is that enough to stop my heart racing",
    "i stopped taking my hayfever tablets on purpose because the pollen count is low",
    "she locks the fridge at night so the dog cannot get in",
    "he bent my arm back in judo until i tapped out",
    "we are going to end them all at the tournament", "he is going to shoot me a text later",
    "the cut was gushing for a minute then stopped with a plaster",
    "my dad was loading his rifle for the clay shoot", "i will be dead by the time this meeting ends",
    "drove over the bridge to work for the first time since they reopened it",
    "climbed over the railings to get our frisbee back off the riverbank",
    "i overdosed on coffee this morning", "the hospital drama had an overdose storyline",
    "we are checking out of the hotel tonight", "whoever finds my keys gets a pint",
])
def test_the_rules_added_from_batch_8_stay_quiet_on_their_everyday_lookalikes(text: str) -> None:
    assert detect(text) is None, detect(text)


@pytest.mark.parametrize(("text", "fires"), [
    ("i tried to kill myself years ago and i'm doing well now", False),
    ("my friend tried to kill herself a few years ago and she's doing better now", False),
    ("the nurse asked whether i had been self harming and i said no", False),
    ("i used to self harm years ago and i've started again", True),
    ("she asked if i was suicidal and i said no but honestly i am", True),
    ("i took all my pills and i feel fine now", True),
    ("i was raped years ago", True),
    ("i told him i'd never take a blade to my skin again", False),
])
def test_history_and_denial_let_go_only_of_what_is_over(text: str, fires: bool) -> None:
    assert (detect(text) is not None) is fires


@pytest.mark.parametrize(("text", "fires"), [
    ("the book club chose a novel about a suicide in a small town", False),
    ("we saw a play about a family dealing with a suicide and it was really well done", False),
    ("the film ended with the main character jumping off a building", False),
    ("i watched a film about suicide and now i want to kill myself too", True),
    ("there's a song about wanting to die that i keep playing because i want to die", True),
    ("that documentary about self harm made me realise i've been cutting again", True),
])
def test_what_a_story_is_about_is_let_go_but_not_the_speakers_own_words_after_it(text: str,
                                                                                   fires: bool) -> None:
    assert (detect(text) is not None) is fires


def test_every_rule_fires_on_something() -> None:
    fired: set[str] = {"laid_hands"}  # covered above: the eval set only has it negated
    statements = [statement for _, statement in must_fire()] + [text for text, _ in CONCEPT_WORDINGS]
    for statement in statements:
        for clause in clauses(statement):
            fired.update(finding.rule for finding in scan_clause(clause))
    assert {rule.name for rule in RULES} <= fired


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    finding = detect(text)
    assert finding is None or isinstance(finding.category, Category)


def test_every_grammar_phrase_fires() -> None:
    from voiceguide.safety.grammar_phrases import SPOKEN_CRISIS_PHRASES

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
