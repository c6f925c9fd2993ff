"""Whisper assisting the streaming engine: it reads commands, and re-reads each settled stretch of dictation.

The streaming engine finds where each utterance starts and ends (and shows dictation as it is spoken);
Whisper then reads the utterance's audio.

pocketsphinx's grammar search cannot tell the shared command clips apart well enough (about 74 % right
with no rejection, or under 40 % right with a garbage path that rejects non-commands). Whisper tiny.en
reads the same short utterances far better, and since it transcribes freely, a word that is not a command
simply does not match the vocabulary. A short prompt biases it toward the expected answers; numbers it
prints as digits are spelled out, and in number mode common homophones ("for", "to", "ate") are read as
the numbers they sound like.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, cast

from voiceguide.intents import IntentKind
from voiceguide.speech.commands import may_continue, phrases_for
from voiceguide.speech.recognizer import ListenMode, Recognizer, Transcript
from voiceguide.speech.segment_mirror import Endpointer, SegmentMirror
from voiceguide.speech.utterances import (
    CommandUtterances,
    SpeechEndpointer,
    UtteranceEvent,
    UtteranceEventKind,
    UtteranceTiming,
)
from voiceguide.vocabulary import COMMAND_PHRASES, NUMBER_HOMOPHONES, SPELLED, SUPPORT_PHRASE

BYTES_PER_SECOND = 32000
# Commands are short. A longer utterance (someone talking in command mode) is read once, when it closes:
# reading it at every pause would queue a quarter second of work per pause.
MAX_EARLY_READ_SECONDS = 2.5
_DIGITS = re.compile(r"\d+")
_NOT_WORD = re.compile(r"[^a-z' ]+")


class PromptedTranscriber(Protocol):
    """Transcribes a stretch of 16 kHz speech with a prompt that biases the words it expects."""

    def transcribe_prompted(self, pcm16k: bytes, prompt: str | None) -> Transcript: ...

    def transcribe_command(self, pcm16k: bytes, prompt: str) -> Transcript:
        """A short reading of a spoken command."""
        ...


# In command mode only the answers people give most are listed: with the whole vocabulary in the prompt,
# Whisper reads any short word as some command ("off" became "pause"), so non-commands started to act.
COMMON_COMMANDS_PROMPT = "Yes. No. Next. Back. Stop. Go."
SHORT_SUPPORT_PHRASES = frozenset(
    p for p, kind in COMMAND_PHRASES.items() if kind is IntentKind.SUPPORT and p != SUPPORT_PHRASE)


def mode_prompt(mode: ListenMode) -> str:
    """The words Whisper should expect in `mode`, as a short prompt."""
    if mode is ListenMode.NUMBER:  # the support phrase's short variants stay out: they cost a number
        said = [p for p in phrases_for(mode) if p not in SHORT_SUPPORT_PHRASES]
        return "Say one of: " + ", ".join(said) + "."
    return COMMON_COMMANDS_PROMPT


def command_text(raw: str, mode: ListenMode) -> str:
    """Whisper's text as the vocabulary spells it: digits as words, repeats collapsed, homophones read."""
    text = _DIGITS.sub(lambda m: SPELLED.get(int(m.group()), m.group()), raw.lower().replace("’", "'"))
    words = _NOT_WORD.sub(" ", text).split()
    if mode is ListenMode.NUMBER:
        words = [NUMBER_HOMOPHONES.get(word, word) for word in words]
    collapsed: list[str] = []
    for word in words:
        if not collapsed or collapsed[-1] != word:
            collapsed.append(word)
    # "stop stop" or "go go go" is one command said with urgency, not a different phrase.
    return " ".join(collapsed)


@dataclass(frozen=True)
class EarlyReading:
    """Whisper's reading of an utterance made when its speaker went quiet (None: no words in it)."""

    transcript: Transcript | None


class WhisperAssistedRecognizer:
    """A Recognizer where Whisper reads what the streaming engine segments.

    - Commands and numbers (`commands=True`): Whisper reads each utterance; the streaming engine's own
      grammar result is not used. Utterances are cut by a quicker endpointer (`make_command_endpointer`)
      (default: `make_endpointer`, which must then report `speech_start`) and read as soon as the
      speaker has gone quiet; the reading is used when the endpointer closes with nothing loud since, so
      the endpointer's trailing window and Whisper's reading overlap. A reading that may be the start of
      a longer phrase ("go" of "go back") waits for the rest.
    - Dictation (`dictation=True`): the streaming engine's partial text passes through at once. When a
      segment closes, its last partial goes out at once as a draft (the safety check reads it without
      waiting for any decoding). The next call reads the segment with Whisper first and returns that
      reading as the segment's final (the journal gets the accurate words, and the safety check has
      them as soon as Whisper does); the streaming engine's own decode of the segment waits for the
      call after, and its final for the segment is dropped. When Whisper hears nothing, that streaming
      final is kept instead: no words are lost.

    Utterances are cut by an endpointer identical to the streaming engine's, so the n-th segment here is
    the n-th final the streaming engine gives. Whisper runs on the caller's thread (the recognizer
    worker); audio keeps queueing meanwhile.
    """

    def __init__(self, streaming: Recognizer, whisper: PromptedTranscriber,
                 make_endpointer: Callable[[], Endpointer], *, commands: bool = True,
                 dictation: bool = True,
                 make_command_endpointer: Callable[[], SpeechEndpointer] | None = None,
                 timing: UtteranceTiming | None = None) -> None:
        self.streaming = streaming
        self.whisper = whisper
        self.commands = commands
        self.dictation = dictation
        self.name = f"{streaming.name}+whisper"
        self._segments = SegmentMirror(make_endpointer)
        command_endpointer = make_command_endpointer or cast(Callable[[], SpeechEndpointer], make_endpointer)
        self._utterances = CommandUtterances(command_endpointer, timing)
        self._mode = ListenMode.COMMANDS
        self._unfed = b""  # dictation audio the streaming engine has not been given yet
        self._closed: list[bytes] = []  # segments closed in the previous call, for Whisper to read
        # One flag a closed segment, in order: whether Whisper's reading replaced its streaming final.
        self._replaced: deque[bool] = deque()
        self._last_partial = ""
        self._early: EarlyReading | None = None
        self._held: Transcript | None = None  # a command reading waiting to see whether more words come

    def set_mode(self, mode: ListenMode) -> None:
        self._mode = mode
        self._segments.reset()
        self._utterances.reset()
        self._unfed, self._closed, self._last_partial = b"", [], ""
        self._replaced.clear()
        self._early, self._held = None, None
        self.streaming.set_mode(mode)

    def _assisted(self) -> bool:
        return self.dictation if self._mode is ListenMode.DICTATION else self.commands

    def accept(self, pcm: bytes) -> list[Transcript]:
        if not self._assisted():
            return self.streaming.accept(pcm)
        if self._mode is not ListenMode.DICTATION:
            return [t for event in self._utterances.feed(pcm) if (t := self._on_utterance(event)) is not None]
        readings = self._read_closed()
        self._unfed += pcm
        closed = self._segments.feed(pcm)
        if closed:
            # The segment is over: its last partial goes out now as a draft; Whisper reads it on the next
            # call, and the streaming engine (whose whole-segment decode is the slow part) waits till after.
            self._closed = closed
            draft, self._last_partial = self._last_partial, ""
            return readings + ([Transcript(draft, False, draft=True)] if draft else [])
        if readings:
            return readings  # the streaming engine catches up on the next call
        return self._feed_streaming()

    def flush(self) -> list[Transcript]:
        if not self._assisted():
            return self.streaming.flush()
        if self._mode is not ListenMode.DICTATION:
            return self._flush_command()
        readings = self._read_closed()
        tail = self._segments.end()
        if tail:
            self._closed = [tail]
            readings += self._read_closed()
        caught_up = self._feed_streaming() + self._kept(self.streaming.flush())
        self._last_partial = ""
        self._replaced.clear()
        return readings + [t for t in caught_up if t.final]

    def _on_utterance(self, event: UtteranceEvent) -> Transcript | None:
        """Read a command utterance early, settle it when it closes, or let a held reading go out."""
        if event.kind is UtteranceEventKind.QUIET:
            short = len(event.audio) <= MAX_EARLY_READ_SECONDS * BYTES_PER_SECOND
            self._early = EarlyReading(self._read(event.audio)) if short else None
            return None
        if event.kind is UtteranceEventKind.LAPSED:
            held, self._held = self._held, None
            return held
        early, self._early = self._early, None
        heard = early.transcript if early is not None and event.settled else self._read(event.audio)
        if heard is not None and not may_continue(heard.text, self._mode):
            self._held = None
            return heard
        self._held = heard
        self._utterances.hold()
        return None

    def _flush_command(self) -> list[Transcript]:
        speaking = self._utterances.in_speech
        audio = self._utterances.end()
        held, self._held, self._early = self._held, None, None
        heard = self._read(audio) if speaking else held
        return [heard] if heard is not None else []

    def _note_partials(self, results: list[Transcript]) -> None:
        for transcript in results:
            self._last_partial = "" if transcript.final else transcript.text

    def _read_closed(self) -> list[Transcript]:
        """Whisper's readings of the segments that closed in the previous call, as their finals."""
        closed, self._closed = self._closed, []
        readings: list[Transcript] = []
        for audio in closed:
            heard = self.whisper.transcribe_prompted(audio, None)
            text = heard.text.strip()
            self._replaced.append(bool(text))
            if text:
                readings.append(Transcript(text, True, heard.confidence, len(audio) / BYTES_PER_SECOND))
        return readings

    def _feed_streaming(self) -> list[Transcript]:
        pcm, self._unfed = self._unfed, b""
        return self._kept(self.streaming.accept(pcm)) if pcm else []

    def _kept(self, results: list[Transcript]) -> list[Transcript]:
        """The streaming engine's results minus the finals Whisper's readings replaced.

        Both endpointers close a segment on the same frame, so the n-th streaming final belongs to the
        n-th closed segment; a final with no flag (a segment only the streaming engine closed, which
        identical endpointers never give) is kept.
        """
        self._note_partials(results)
        kept = []
        for transcript in results:
            if transcript.final and self._replaced and self._replaced.popleft():
                continue
            kept.append(transcript)
        return kept

    def _read(self, audio: bytes) -> Transcript | None:
        if len(audio) < BYTES_PER_SECOND // 10:
            return None
        heard = self.whisper.transcribe_command(audio, mode_prompt(self._mode))
        text = command_text(heard.text, self._mode)
        if not text:
            return None
        return Transcript(text, True, heard.confidence, len(audio) / BYTES_PER_SECOND)
