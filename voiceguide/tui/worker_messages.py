"""Messages the workers post back to the event loop."""

from __future__ import annotations

from textual.message import Message

from voiceguide.journal.audio import FinishedRecording
from voiceguide.tui.services import Voice


class VoiceReady(Message):
    """The speaker and microphone were opened (or found missing)."""

    def __init__(self, voice: Voice) -> None:
        super().__init__()
        self.voice = voice


class Heard(Message):
    """The recognizer produced text (partial or settled)."""

    def __init__(self, text: str, final: bool, draft: bool = False, spoken_at: float | None = None) -> None:
        super().__init__()
        self.text = text
        self.final = final
        self.draft = draft  # a settled segment's quick reading; its accurate final follows
        self.spoken_at = spoken_at  # the capture time of the audio it was read at


class Recorded(Message):
    """An answer's recording is complete (posted after the words heard before it)."""

    def __init__(self, finished: FinishedRecording) -> None:
        super().__init__()
        self.finished = finished


class ListenStopped(Message):
    """The listen worker has left: the words it settled on the way out were posted before this."""


class MicLevelChanged(Message):
    """A new microphone loudness reading."""

    def __init__(self, level_db: float) -> None:
        super().__init__()
        self.level_db = level_db


class SpeechDone(Message):
    """Speech number `token` left the speaker (or was cut off)."""

    def __init__(self, token: int) -> None:
        super().__init__()
        self.token = token


class Saved(Message):
    """A journal write finished (`error` says why it failed)."""

    def __init__(self, error: str = "") -> None:
        super().__init__()
        self.error = error


class AnswerEndedByItself(Message):
    """A dictated answer ended without the user (it reached the maximum length)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
