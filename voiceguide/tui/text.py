"""User text made safe to show: never parsed as markup, control characters made visible."""

from __future__ import annotations

import re

from textual.content import Content

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_RECOGNIZER_TOKENS = re.compile(r"<[a-z_]+>|\[unk\]")


def recognized(text: str) -> str:
    """Recognizer output without its filler tokens (<garbage>, <sil>, [unk]), spaces tidied."""
    return " ".join(_RECOGNIZER_TOKENS.sub(" ", text).split())


def visible(text: str) -> str:
    """`text` with control characters (such as ANSI escapes) shown as their Unicode pictures (␛)."""
    return _CONTROL.sub(lambda m: picture_of(m.group()), text)


def picture_of(control: str) -> str:
    return "␡" if control == "\x7f" else chr(0x2400 + ord(control))


def restore_controls(edited: str, original: str) -> str:
    """`edited` (made from `visible(original)`) with the pictures of the control characters `original`
    had turned back into those characters: editing a word keeps the rest of the entry as it was. A
    picture of a character the original did not have was typed as such and stays."""
    for control in set(_CONTROL.findall(original)):
        edited = edited.replace(picture_of(control), control)
    return edited


def plain(text: str, style: str = "") -> Content:
    """User text as literal Content: brackets stay brackets, escapes stay visible."""
    content = Content(visible(text))
    return content.stylize(style) if style else content
