"""Pasted text stays text: a terminal parser that keeps a bracketed paste whole, and a paste cleaner.

Textual's XTermParser (8.2) treats an ESC inside a bracketed paste as the start of an escape sequence:
what follows it is sent as key presses (Escape, Enter, Ctrl+Q, q ...) before the Paste event, so a paste
could close a screen or quit the app, and past 32 characters the ESC itself stays in the pasted text,
where an Input draws it to the terminal as it is (ESC c resets the terminal).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textual import constants, events
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.message import Message

PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_paste(text: str) -> str:
    """Pasted text without control characters (tabs and line breaks kept for the widget to handle)."""
    return _CONTROLS.sub("", text)


def _marker_start_at_end(data: str, marker: str) -> int:
    """How many characters at the end of `data` could be the start of `marker` (0 when none)."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class PasteSafeParser(XTermParser):
    """Textual's parser, except that everything between the paste markers is the paste, whatever it holds.

    The start of a marker split across two reads is held until the next read; a lone ESC held that way
    is the Escape key once Textual's escape delay passes with nothing after it.
    """

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pasted: list[str] | None = None  # the paste in progress, if any
        self._held = ""
        self._held_since = 0.0

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # the end of input
            yield from super().feed(data)
            return
        data, self._held = self._held + data, ""
        while data:
            if self._pasted is None:
                start = data.find(PASTE_START)
                if start < 0:
                    held = _marker_start_at_end(data, PASTE_START)
                    if len(data) > held:
                        yield from super().feed(data[: len(data) - held])
                    self._held, self._held_since = data[len(data) - held :], get_time()
                    return
                if start:
                    yield from super().feed(data[:start])
                self._pasted, data = [], data[start + len(PASTE_START) :]
            else:
                end = data.find(PASTE_END)
                if end < 0:
                    held = _marker_start_at_end(data, PASTE_END)
                    self._pasted.append(data[: len(data) - held])
                    self._held = data[len(data) - held :]
                    return
                text, self._pasted = "".join([*self._pasted, data[:end]]), None
                data = data[end + len(PASTE_END) :]
                yield events.Paste(text.replace("\x00", ""))

    def tick(self) -> Iterable[Message]:
        if self._pasted is None and self._held and get_time() - self._held_since >= constants.ESCAPE_DELAY:
            held, self._held = self._held, ""  # no paste began: what was held, as typed
            if held == "\x1b":
                yield events.Key("escape", "\x1b")
            else:
                yield from super().feed(held)
        yield from super().tick()


def install() -> None:
    """Make Textual's Linux drivers read the terminal with PasteSafeParser (the real terminal only)."""
    from textual.drivers import linux_driver, linux_inline_driver

    linux_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
    linux_inline_driver.XTermParser = PasteSafeParser  # type: ignore[misc]
