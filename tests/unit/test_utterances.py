"""Command utterances: read early when the speaker goes quiet, settled when the endpointer closes, held."""

from __future__ import annotations

import numpy as np

from voiceguide.speech.utterances import CommandUtterances, UtteranceEventKind, UtteranceTiming

FRAME = 480  # samples: 30 ms frames, as pocketsphinx's endpointer takes them
FRAME_SECONDS = 0.03


class ScriptedEndpointer:
    """Speech starts after 3 frames louder than 1000 (back-dated to the first) and ends after 4 quieter."""

    frame_bytes = FRAME * 2

    def __init__(self) -> None:
        self.in_speech = False
        self.speech_start = 0.0
        self._frames = 0
        self._run = 0

    def process(self, frame: bytes) -> bytes | None:
        self._frames += 1
        loud = np.abs(np.frombuffer(frame, dtype="<i2")).max() > 1000
        self._run = self._run + 1 if loud != self.in_speech else 0
        if not self.in_speech and self._run >= 3:
            self.in_speech, self._run = True, 0
            self.speech_start = (self._frames - 3) * FRAME_SECONDS
        elif self.in_speech and self._run >= 4:
            self.in_speech, self._run = False, 0
        return frame if self.in_speech else None


def frames(level: int, count: int) -> bytes:
    return np.full(FRAME * count, level, dtype="<i2").tobytes()


TIMING = UtteranceTiming(pre_roll_seconds=2 * FRAME_SECONDS, quiet_seconds=2 * FRAME_SECONDS,
                         quiet_level=0.1, hold_seconds=6 * FRAME_SECONDS)


def cutter() -> CommandUtterances:
    return CommandUtterances(ScriptedEndpointer, TIMING)


def test_a_word_goes_quiet_before_it_closes_and_both_carry_the_same_audio() -> None:
    utterances = cutter()
    audio = frames(0, 5) + frames(8000, 6) + frames(200, 1) + frames(0, 8)
    events = list(utterances.feed(audio))
    assert [e.kind for e in events] == [UtteranceEventKind.QUIET, UtteranceEventKind.CLOSED]
    quiet, closed = events
    assert closed.settled and closed.audio == quiet.audio
    # from the pre-roll before the start, through the word, to the quiet tail after its last loud frame
    assert quiet.audio == frames(0, 2) + frames(8000, 6) + frames(200, 1) + frames(0, 1)


def test_quiet_is_told_as_soon_as_the_tail_is_long_enough_not_when_the_endpointer_closes() -> None:
    utterances = cutter()
    said = frames(0, 5) + frames(8000, 6)
    assert list(utterances.feed(said)) == []
    found = [e.kind for e in utterances.feed(frames(0, 2))]
    assert found == [UtteranceEventKind.QUIET]
    assert utterances.in_speech  # the endpointer has not closed yet


def test_sound_after_the_quiet_unsettles_it_and_the_closed_audio_has_it() -> None:
    utterances = cutter()
    # after going quiet, a fainter sound (a tenth of the peak or more) that the endpointer takes for silence
    audio = frames(0, 5) + frames(8000, 6) + frames(0, 2) + frames(900, 2) + frames(0, 8)
    events = list(utterances.feed(audio))
    assert [e.kind for e in events] == [UtteranceEventKind.QUIET, UtteranceEventKind.CLOSED]
    quiet, closed = events
    assert not closed.settled  # a reading of the QUIET audio would miss the later sound
    assert closed.audio == quiet.audio + frames(900, 2)


def test_a_held_utterance_takes_in_speech_that_resumes_soon() -> None:
    utterances = cutter()
    events = []
    audio = frames(0, 5) + frames(8000, 6) + frames(0, 5) + frames(6000, 5) + frames(0, 8)
    for event in utterances.feed(audio):
        events.append(event)
        if event.kind is UtteranceEventKind.CLOSED and len(events) == 2:
            utterances.hold()
    closes = [e for e in events if e.kind is UtteranceEventKind.CLOSED]
    assert len(closes) == 2 and UtteranceEventKind.LAPSED not in [e.kind for e in events]
    first, joined = closes
    assert joined.audio.startswith(first.audio[: len(frames(8000, 6))])  # the same start: one utterance
    assert len(joined.audio) > len(frames(8000, 6) + frames(0, 5) + frames(6000, 5))


def test_a_held_utterance_lapses_after_the_hold_and_the_next_speech_starts_afresh() -> None:
    utterances = cutter()
    events = []
    audio = frames(0, 5) + frames(8000, 6) + frames(0, 12) + frames(6000, 5) + frames(0, 8)
    for event in utterances.feed(audio):
        events.append(event)
        if event.kind is UtteranceEventKind.CLOSED and len(events) == 2:
            utterances.hold()
    kinds = [e.kind for e in events]
    assert kinds == [UtteranceEventKind.QUIET, UtteranceEventKind.CLOSED, UtteranceEventKind.LAPSED,
                     UtteranceEventKind.QUIET, UtteranceEventKind.CLOSED]
    assert events[-1].audio == frames(0, 2) + frames(6000, 5) + frames(0, 2)


def test_without_a_hold_speech_soon_after_is_a_new_utterance() -> None:
    utterances = cutter()
    audio = frames(0, 5) + frames(8000, 6) + frames(0, 5) + frames(6000, 5) + frames(0, 8)
    closes = [e for e in utterances.feed(audio) if e.kind is UtteranceEventKind.CLOSED]
    assert len(closes) == 2
    assert closes[1].audio == frames(0, 2) + frames(6000, 5) + frames(0, 2)


def test_end_gives_the_utterance_in_progress_and_starts_afresh() -> None:
    utterances = cutter()
    list(utterances.feed(frames(0, 5) + frames(8000, 6)))
    assert utterances.end() == frames(0, 2) + frames(8000, 6)
    assert not utterances.in_speech and utterances.end() == b""
