"""Real pyttsx3 over espeak-ng: every prompt of a practice comes back as the whole sentence, every time."""

from __future__ import annotations

import re

import pytest

from voiceguide.practices.library import load_builtins
from voiceguide.speech.speaker import Pyttsx3Speaker, VoiceChoice

PRACTICES = ("stop", "box-breathing", "grounding-54321")


def test_every_prompt_is_spoken_whole_and_the_same_each_time() -> None:
    practices = {p.id: p for p in load_builtins()}
    texts = [text for practice_id in PRACTICES for text in practices[practice_id].spoken_texts()]
    assert len(texts) > 40
    choice = VoiceChoice(rate=230)
    speaker = Pyttsx3Speaker()
    try:
        first = [speaker.synthesize(text, choice) for text in texts]
        again = [speaker.synthesize(text, choice) for text in reversed(texts[-10:])]
    finally:
        speaker.close()
    for text, pcm in zip(texts, first, strict=True):
        words = len(re.findall(r"[A-Za-z0-9']+", text))
        # 230 words a minute is 0.26 s a word; a truncated or empty prompt falls far below a third of it
        assert pcm.duration >= 0.09 * words, (text, pcm.duration)
    for text, pcm in zip(reversed(texts[-10:]), again, strict=True):
        # espeak-ng is not sample-exact from one run to the next, but a prompt keeps its length
        assert abs(pcm.duration - first[texts.index(text)].duration) < 0.05 * pcm.duration, text


@pytest.mark.parametrize("text", ["", "...", "   "])
def test_text_with_nothing_to_say_is_not_an_error(text: str) -> None:
    speaker = Pyttsx3Speaker()
    try:
        assert speaker.synthesize(text, VoiceChoice()).duration < 0.5
    finally:
        speaker.close()
