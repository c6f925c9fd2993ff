"""Lines typed in the headless front end: read from the terminal with the time they came, and given to the
step that was on screen when they were typed.

A line typed while a step is on screen is that step's: a command ("end", "pause", "next") acts on it, and
the first line that is not a command answers its question (cutting its reading short) or, where the step
asks nothing, is set aside. Lines typed after that one, while the step is still on, wait in order for the
next moment the practice listens, so a script piped in still walks a practice. A line typed for a step
that is gone by the time it is read is not used for another one: that is how an early line used to be
filed under a later question.
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
    settled: bool = False  # a line answered it, or was set aside: later lines typed meanwhile wait


class TypedLines:
    """Which step each typed line belongs to (plain logic over times; the session carries it out)."""

    def __init__(self) -> None:
        self.showings: list[Showing] = []
        self.ahead: deque[str] = deque()
        self._given_to: Showing | None = None  # the showing the last line given was for

    def shown(self, at: float, step: tuple[int, str], asks: bool) -> None:
        """A step appeared on screen at `at`."""
        self.showings.append(Showing(at, step, asks))

    def use(self, line: TypedLine) -> Use:
        """Where `line` goes; a LATER line is kept in `ahead`. A NOW line that answers the step or is set
        aside is followed by `settle()`."""
        if not self.showings:
            self.ahead.append(line.text)
            return Use.LATER
        earlier = [s for s in self.showings if s.since <= line.at]
        showing = earlier[-1] if earlier else self.showings[0]  # typed before the first step: the first's
        if showing.settled:
            self.ahead.append(line.text)
            return Use.LATER
        if showing is not self.showings[-1]:
            return Use.GONE
        self._given_to = showing
        return Use.NOW

    def settle(self) -> None:
        """The step the last line was given to has had its line (an answer, or one set aside); it may have
        moved on since."""
        if self._given_to is not None:
            self._given_to.settled = True

    def take_ahead(self) -> str | None:
        """The next line typed ahead, for the step on screen now."""
        if not self.ahead:
            return None
        self._given_to = self.showings[-1] if self.showings else None
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
