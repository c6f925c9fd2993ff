"""Pasted text stays text: the paste-safe terminal parser, and control characters dropped from pastes."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message
from textual.widgets import Input

from tests.tui.fakes import services
from tests.tui.helpers import ready_config, settle
from voiceguide.tui import paste
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.paste import PASTE_END, PASTE_START, PasteSafeParser, clean_paste

INSIDE = "a\x1b\x11\x1b\x1b q\rb\x1b[31m" + "x" * 40 + "\x1bc end"  # what Textual sent as keys


def shown(messages: list[Message]) -> list[tuple[str, str]]:
    """Events as comparable pairs: a key's name, a paste's text."""
    return [("key", m.key) if isinstance(m, events.Key) else ("paste", m.text) if isinstance(m, events.Paste)
            else (type(m).__name__, "") for m in messages]


def parse(reads: list[str], parser: XTermParser | None = None) -> list[tuple[str, str]]:
    parser = parser or PasteSafeParser()
    found: list[Message] = []
    for read in reads:
        found += parser.feed(read)
    return shown(found)


def test_a_paste_is_one_paste_event_however_the_reads_split_it() -> None:
    data = "k" + PASTE_START + INSIDE + PASTE_END + "z"
    expected = [("key", "k"), ("paste", INSIDE), ("key", "z")]
    assert parse([data]) == expected
    for cut in range(1, len(data)):
        assert parse([data[:cut], data[cut:]]) == expected, cut
    textual = parse([data], XTermParser())
    assert ("key", "ctrl+q") in textual and ("paste", INSIDE) not in textual  # the fault this parser fixes


@pytest.mark.parametrize("typed", ["abc", "\x1b[A", "\x1b[1;5C", "\x1b[<0;10;5M", "\x1bx", "\r", "\x11", "\t",
                                   "\x1b[20~", "é"])
def test_outside_a_paste_it_reads_keys_as_textual_does(typed: str) -> None:
    assert parse([typed]) == parse([typed], XTermParser())


def test_a_lone_escape_is_the_escape_key_once_the_delay_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(paste, "get_time", lambda: now[0])
    parser = PasteSafeParser()
    assert list(parser.feed("\x1b")) == []  # it could begin a paste
    assert list(parser.tick()) == []
    now[0] += 1.0
    assert shown(list(parser.tick())) == [("key", "escape")]
    assert parse(["\x1b[20", "0~pasted" + PASTE_END], parser) == [("paste", "pasted")]


def test_control_characters_never_reach_a_box() -> None:
    assert clean_paste("a\x1bc\x00b\x7f\x9b\tc\r\nd") == "acb\tc\r\nd"
    asyncio.run(paste_into_search())


async def paste_into_search() -> None:
    app = VoiceguideApp(ready_config(), services(), None, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        assert search.has_focus
        app.post_message(events.Paste("calm\x1bc [31mnow\x07"))
        await settle(pilot)
        assert search.value == "calmc [31mnow"
