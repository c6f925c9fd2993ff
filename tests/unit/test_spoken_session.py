"""The headless front end with fakes: a microphone that vanishes mid-practice hands over to typed lines."""

from __future__ import annotations

import queue
from pathlib import Path
from typing import Any, cast

from voiceguide.config import Config
from voiceguide.errors import EngineError
from voiceguide.journal import SqliteJournal
from voiceguide.journal.recorder import JournalRecorder
from voiceguide.practices.library import load_builtins
from voiceguide.speech.recognizer import ListenMode, Transcript
from voiceguide.spoken_session import DEVICE_LOST, Microphone, SpokenSession

STOP = next(p for p in load_builtins() if p.id == "stop")


class VanishingSource:
    """Delivers a few chunks, then the device is gone (the stream stops) and the user starts typing."""

    def __init__(self, chunks: int, typing: list[str | None], lines: queue.Queue[str | None]) -> None:
        self.chunks = chunks
        self.typing = typing
        self.lines = lines
        self.stopped = False

    @property
    def active(self) -> bool:
        return self.chunks > 0

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        if self.chunks <= 0:
            while self.typing:
                self.lines.put(self.typing.pop(0))
            return None
        self.chunks -= 1
        return 0.0, b"\x00\x00" * 320

    def stop(self) -> None:
        self.stopped = True


class SaysFive:
    """A recognizer that hears "five" in the first chunk it gets."""

    name = "says-five"

    def __init__(self) -> None:
        self.said = False

    def set_mode(self, mode: ListenMode) -> None:
        return None

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self.said:
            return []
        self.said = True
        return [Transcript("five", final=True)]

    def flush(self) -> list[Transcript]:
        return []


def test_a_vanished_microphone_ends_listening_with_one_line_and_typing_carries_on(tmp_path: Path) -> None:
    lines: queue.Queue[str | None] = queue.Queue()
    source = VanishingSource(3, ["next", "next", "no", "tight chest", "rest a while", "2", None], lines)
    mic = Microphone(cast(Any, source), SaysFive(), "fake")
    out: list[str] = []
    with SqliteJournal(tmp_path / "data") as journal:
        recorder = JournalRecorder(journal, "stop")
        session = SpokenSession(STOP, Config(), None, mic, recorder, lines, out.append)
        assert session.run() == 0
        entries = {e.step: e for e in journal.list_entries()}
    assert out.count(f"voiceguide: {DEVICE_LOST}") == 1 and source.stopped
    assert "  heard: five" in out
    assert out[-1] == "The practice is finished.", out
    assert entries["observe"].text == "tight chest" and entries["observe"].source == "typed"
    assert (entries["proceed"].rating_before, entries["proceed"].rating_after) == (5, 2)


class FailsAfterFive(SaysFive):
    """Hears "five", then its process dies: every later call fails with one line; then the user types."""

    def __init__(self, typing: list[str | None], lines: queue.Queue[str | None]) -> None:
        super().__init__()
        self.typing = typing
        self.lines = lines

    def accept(self, pcm: bytes) -> list[Transcript]:
        if self.said:
            while self.typing:
                self.lines.put(self.typing.pop(0))
            raise EngineError("the speech recognizer stopped; restart voiceguide")
        return super().accept(pcm)

    def flush(self) -> list[Transcript]:
        raise EngineError("the speech recognizer stopped; restart voiceguide")


def test_a_failed_recognizer_hands_over_to_typing_with_one_line(tmp_path: Path) -> None:
    lines: queue.Queue[str | None] = queue.Queue()
    source = VanishingSource(1000, [], lines)
    typing: list[str | None] = ["next", "next", "no", "tight chest", "rest a while", "2", None]
    mic = Microphone(cast(Any, source), FailsAfterFive(typing, lines), "fake")
    out: list[str] = []
    with SqliteJournal(tmp_path / "data") as journal:
        recorder = JournalRecorder(journal, "stop")
        session = SpokenSession(STOP, Config(), None, mic, recorder, lines, out.append)
        assert session.run() == 0
        entries = {e.step: e for e in journal.list_entries()}
    lost = [line for line in out if "recognizer stopped" in line]
    assert lost == ["voiceguide: the speech recognizer stopped; restart voiceguide; carry on by typing"]
    assert source.stopped and out[-1] == "The practice is finished.", out
    assert "  heard: five" in out and entries["observe"].text == "tight chest"
