"""Command vocabulary, command interpretation and the dictation session, with a scripted recognizer."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from voiceguide.intents import Intent, IntentKind
from voiceguide.speech.commands import intent_for, may_continue, phrases_for
from voiceguide.speech.listening import (
    END_PHRASE,
    MAX_LENGTH,
    SILENCE,
    DictationEventKind,
    DictationSession,
    interpret,
)
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.vocabulary import COMMAND_PHRASES, ends_with_phrase, normalize


@pytest.mark.parametrize(("said", "kind"), [
    ("next", IntentKind.NEXT), ("go", IntentKind.NEXT), ("continue", IntentKind.NEXT),
    ("go on", IntentKind.NEXT), ("go back", IntentKind.BACK), ("back", IntentKind.BACK),
    ("say again", IntentKind.REPEAT), ("repeat", IntentKind.REPEAT), ("stop", IntentKind.PAUSE),
    ("pause", IntentKind.PAUSE), ("resume", IntentKind.RESUME), ("slower", IntentKind.SLOWER),
    ("faster", IntentKind.FASTER), ("skip", IntentKind.SKIP), ("end", IntentKind.END),
    ("help", IntentKind.HELP), ("yes", IntentKind.YES), ("no", IntentKind.NO), ("done", IntentKind.DONE),
    ("I'm done", IntentKind.DONE), ("I need help", IntentKind.SUPPORT),
])
def test_command_phrases_map_to_intents(said: str, kind: IntentKind) -> None:
    intent = intent_for(said)
    assert intent is not None and intent.kind is kind


@pytest.mark.parametrize(("said", "mode", "waits"), [
    ("go", ListenMode.COMMANDS, True),  # "go back" means something else
    ("i need", ListenMode.COMMANDS, True), ("i", ListenMode.NUMBER, True), ("say", ListenMode.NUMBER, True),
    ("okay", ListenMode.COMMANDS, True),  # not a command: nothing is lost by waiting
    ("go back", ListenMode.COMMANDS, False), ("stop", ListenMode.COMMANDS, False),
    ("yes", ListenMode.COMMANDS, False), ("five", ListenMode.NUMBER, False), ("no", ListenMode.NUMBER, False),
    ("done", ListenMode.COMMANDS, False),  # "i'm done" starts differently; "done" is complete
])
def test_a_reading_waits_for_more_words_only_when_they_could_change_its_meaning(
    said: str, mode: ListenMode, waits: bool
) -> None:
    assert may_continue(said, mode) is waits


def test_after_the_first_word_of_any_longer_phrase_either_it_waits_or_both_mean_the_same() -> None:
    for mode in (ListenMode.COMMANDS, ListenMode.NUMBER):
        for phrase in (p for p in phrases_for(mode) if " " in p):
            first, whole = intent_for(phrase.split()[0], mode), intent_for(phrase, mode)
            assert whole is not None
            assert may_continue(phrase.split()[0], mode) or (first is not None and first.kind is whole.kind)


@pytest.mark.parametrize("word", ["up", "down", "left", "right", "on", "off", "go up", "", "[unk]",
                                  "<garbage> then"])
def test_non_commands_give_no_intent(word: str) -> None:
    assert intent_for(word) is None
    assert intent_for(word, ListenMode.NUMBER) is None


def test_numbers_zero_to_ten_only_in_number_mode() -> None:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    for value, word in enumerate(words):
        assert intent_for(word, ListenMode.NUMBER) == Intent(IntentKind.NUMBER, value, word)
        assert intent_for(word, ListenMode.COMMANDS) is None
    assert intent_for("next", ListenMode.NUMBER) is None
    assert intent_for("yes", ListenMode.NUMBER) == Intent(IntentKind.YES, heard="yes")


def test_support_phrase_is_heard_in_every_mode() -> None:
    for mode in ListenMode:
        intent = intent_for("please i need help now", mode)
        assert intent is not None and intent.kind is IntentKind.SUPPORT


def test_every_grammar_phrase_is_a_command_there() -> None:
    for mode in (ListenMode.COMMANDS, ListenMode.NUMBER):
        assert all(intent_for(p, mode) is not None for p in phrases_for(mode))
    assert set(COMMAND_PHRASES) == set(phrases_for(ListenMode.COMMANDS))
    assert phrases_for(ListenMode.DICTATION) == []


def test_normalize_and_end_phrase() -> None:
    assert normalize("  Go  ON! [unk] ") == "go on"
    assert ends_with_phrase("it was hard I'm done", "i'm done") == (True, "it was hard")
    assert ends_with_phrase("I'm done", "i'm done") == (True, "")
    assert ends_with_phrase("done with it", "i'm done") == (False, "done with it")


def test_interpret_drops_partials_noise_garbage_and_low_confidence() -> None:
    heard = interpret(Transcript("next", True, 0.9), ListenMode.COMMANDS)
    assert heard == Intent(IntentKind.NEXT, heard="next")
    assert interpret(Transcript("next", False, 0.9), ListenMode.COMMANDS) is None
    assert interpret(Transcript("[unk]", True, 0.9), ListenMode.COMMANDS) is None
    assert interpret(Transcript("<garbage> up", True, 0.0), ListenMode.COMMANDS) is None
    assert interpret(Transcript("next", True, 0.2), ListenMode.COMMANDS, min_confidence=0.5) is None


@dataclass
class ScriptedRecognizer:
    """Returns the scripted transcripts, one list per accept() call; flush() returns `tail`."""

    script: list[list[Transcript]]
    tail: list[Transcript] = field(default_factory=list)
    name: str = "scripted"
    modes: list[ListenMode] = field(default_factory=list)

    def set_mode(self, mode: ListenMode) -> None:
        self.modes.append(mode)

    def accept(self, pcm: bytes) -> list[Transcript]:
        return self.script.pop(0) if self.script else []

    def flush(self) -> list[Transcript]:
        tail, self.tail = self.tail, []
        return tail


def test_dictation_partials_then_segments_then_end_phrase() -> None:
    rec = ScriptedRecognizer([
        [Transcript("i felt", False)], [Transcript("i felt angry", True)],
        [Transcript("then calmer", False)], [Transcript("then calmer i'm done", True)],
        [Transcript("never heard", True)],
    ])
    session = DictationSession(rec, started_at=100.0)
    events = [e for t in range(5) for e in session.feed(b"\0" * 320, 100.0 + t)]
    kinds = [e.kind for e in events]
    assert rec.modes == [ListenMode.DICTATION]
    assert kinds == [DictationEventKind.PARTIAL, DictationEventKind.SEGMENT, DictationEventKind.PARTIAL,
                     DictationEventKind.SEGMENT, DictationEventKind.ENDED]
    assert session.text == "i felt angry then calmer"
    assert events[-1].reason == END_PHRASE and events[-1].text == "i felt angry then calmer"


def test_dictation_ends_after_trailing_silence_and_keeps_the_unsettled_tail() -> None:
    rec = ScriptedRecognizer([[Transcript("my chest is tight", True)]], tail=[Transcript("and hot", True)])
    session = DictationSession(rec, started_at=0.0, silence_timeout=4.0)
    session.feed(b"", 1.0)
    assert session.tick(4.9) == []
    events = session.tick(5.0)
    assert events[-1].kind is DictationEventKind.ENDED and events[-1].reason == SILENCE
    assert session.text == "my chest is tight and hot"
    assert session.feed(b"", 6.0) == []


def test_dictation_has_a_maximum_length_even_while_speaking() -> None:
    rec = ScriptedRecognizer([[Transcript("still talking", False)]] * 100)
    session = DictationSession(rec, started_at=0.0, max_seconds=30.0, silence_timeout=4.0)
    events = [e for t in range(0, 40) for e in session.feed(b"", float(t))]
    ended = [e for e in events if e.kind is DictationEventKind.ENDED]
    assert len(ended) == 1 and ended[0].reason == MAX_LENGTH
    assert session.text == "still talking"


def test_dictation_reports_the_support_phrase() -> None:
    rec = ScriptedRecognizer([[Transcript("i need help", True)]])
    session = DictationSession(rec, started_at=0.0)
    kinds = [e.kind for e in session.feed(b"", 1.0)]
    assert DictationEventKind.SUPPORT in kinds and not session.done
