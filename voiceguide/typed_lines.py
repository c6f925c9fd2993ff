"""Lines typed in the headless front end: read from the terminal with the time they came, and given to the
step that was on screen when they were typed.

The first line typed while a step is on screen is that step's: it answers a question (cutting its reading
short) or, where the step asks nothing, gives a command ("next", "pause") or is set aside. Lines typed
beyond that one wait, in order, for the next moment the practice listens, so a script piped in still walks
a practice. A line typed for a step that is gone by the time it is read is not used for another one: that
is how an early line used to be filed under a later question.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO


@dataclass(frozen=True)
class TypedLine:
    """A line typed on the terminal and when it was typed (monotonic seconds)."""

    text: str
    at: float


TypedInput = queue.Queue[TypedLine | str | None]  # a plain str counts as typed when it is read; None: the end


class Use(StrEnum):
    """What to do with a typed line now."""

    NOW = "now"  # it belongs to the step on screen
    LATER = "later"  # typed ahead: it waits for the next moment the practice listens
    GONE = "gone"  # its step ended before it was read: it is for no other step


@dataclass
class Showing:
    """One appearance of a step on screen."""

    since: float
    step: tuple[int, str]
    asks: bool
    took_a_line: bool = False


class TypedLines:
    """Which step each typed line belongs to (plain logic over times; the session carries it out)."""

    def __init__(self) -> None:
        self.showings: list[Showing] = []
        self.ahead: deque[str] = deque()

    def shown(self, at: float, step: tuple[int, str], asks: bool) -> None:
        """A step appeared on screen at `at`."""
        self.showings.append(Showing(at, step, asks))

    def use(self, line: TypedLine) -> Use:
        """Where `line` goes; a LATER line is kept in `ahead`."""
        if not self.showings:
            self.ahead.append(line.text)
            return Use.LATER
        earlier = [s for s in self.showings if s.since <= line.at]
        showing = earlier[-1] if earlier else self.showings[0]  # typed before the first step: the first's
        if showing.took_a_line:
            self.ahead.append(line.text)
            return Use.LATER
        showing.took_a_line = True
        return Use.NOW if showing is self.showings[-1] else Use.GONE

    def take_ahead(self) -> str | None:
        """The next line typed ahead, for the step on screen now (which then has its line)."""
        if not self.ahead:
            return None
        if self.showings:
            self.showings[-1].took_a_line = True
        return self.ahead.popleft()


def typed_lines(stream: TextIO | None = None) -> TypedInput:
    """Lines typed on `stream` (stdin by default) with when they came, read by a daemon thread; None marks
    the end of input."""
    lines: TypedInput = queue.Queue()
    source = stream or sys.stdin

    def read() -> None:
        try:
            for line in source:
                lines.put(TypedLine(line, time.monotonic()))
        except (OSError, ValueError):
            pass
        lines.put(None)

    threading.Thread(target=read, name="typed-lines", daemon=True).start()
    return lines
