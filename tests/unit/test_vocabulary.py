"""The one vocabulary: a single reading of what was said serves commands, ratings and dictation endings."""

from __future__ import annotations

import pytest

from voiceguide.intents import IntentKind
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode
from voiceguide.vocabulary import (
    COMMAND_PHRASES,
    help_phrases,
    is_done,
    normalize,
    parse_number,
    split_end_phrase,
)


@pytest.mark.parametrize(("said", "read"), [
    ("[unk] next", "next"),
    ("<sil> Go on! <garbage>", "go on"),
    ("I’m done", "i'm done"),
    ("A 7, I think.", "a 7 i think"),
    ("snake_case — ok", "snake case ok"),
])
def test_normalize_one_rule(said: str, read: str) -> None:
    assert normalize(said) == read


@pytest.mark.parametrize(("said", "number"), [
    ("Seven.", 7), ("7", 7), ("I'd go for a six", 6), ("for", 4), ("Oh.", 0), ("nought", 0),
    ("[unk] eight", 8), ("nothing", None),
])
def test_numbers_in_an_answer(said: str, number: int | None) -> None:
    assert parse_number(said) == number


def test_a_number_mode_answer_and_a_rating_read_digits_alike() -> None:
    heard = intent_for("7", ListenMode.NUMBER)
    assert heard is not None and heard.number == parse_number("7") == 7
    assert intent_for("nought", ListenMode.NUMBER) is None  # read in answers, not listened for


def test_curly_apostrophes_and_marks_end_a_dictation() -> None:
    assert is_done("I’m done") and is_done("[unk] done")
    assert split_end_phrase("we argued, I’m done", "i'm done", "i'm done") == ("we argued,", True)
    assert intent_for("I’m done") is not None


def test_help_offers_table_phrases_written_for_people() -> None:
    assert help_phrases(IntentKind.DONE) == ("done", "I'm done")
    assert help_phrases(IntentKind.NEXT) == ("next", "go on", "continue")  # "go" alone waits for "go back"
    for kind in IntentKind:
        for phrase in help_phrases(kind):
            assert COMMAND_PHRASES[phrase.lower()] is kind
