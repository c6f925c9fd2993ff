"""User text made safe to show: never parsed as markup, control characters made visible."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

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
    """`edited` (made from `visible(original)`) with the text it left unchanged taken from `original`,
    so its control characters come back where they were; what was typed stays as typed (a picture too).
    `visible` maps each character to one, so unchanged spans line up character for character."""
    shown = visible(original)
    if shown == original:
        return edited
    kept: list[str] = []
    for operation, start, end, edit_start, edit_end in SequenceMatcher(
            None, shown, edited, autojunk=False).get_opcodes():
        kept.append(original[start:end] if operation == "equal" else edited[edit_start:edit_end])
    return "".join(kept)


def plain(text: str, style: str = "") -> Content:
    """User text as literal Content: brackets stay brackets, escapes stay visible."""
    content = Content(visible(text))
    return content.stylize(style) if style else content
