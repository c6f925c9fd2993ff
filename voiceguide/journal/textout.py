"""Printing user text as plain data: never parsed as markup; control characters made visible on a terminal."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

# Everything below space except newline and tab, plus DEL and the C1 range: on a terminal these could move
# the cursor, change colours or retitle the window, so they are shown as \xNN there (pipes get them as is).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def print_text(text: str, *, end: str = "\n") -> None:
    """Write text exactly as it is (to a terminal, with control characters shown escaped)."""
    stream = sys.stdout
    if stream.isatty():
        text = visible(text)
    stream.write(text + end)
    stream.flush()


# JSON escapes the C0 controls itself but leaves DEL and the C1 range (U+0080..U+009F, where CSI is) as
# they are; written as \u00XX they mean the same to a JSON reader and nothing to a terminal.
_RAW_IN_JSON = re.compile("[\x7f-\x9f]")


def json_text(data: Any, **options: Any) -> str:
    """`json.dumps` keeping text as it is (not \\u-escaped) except DEL and C1 controls."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return _RAW_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_data(data: Any) -> None:
    """JSON with sorted keys; strings keep every character (escaped per JSON where needed)."""
    sys.stdout.write(json_text(data, sort_keys=True, indent=2) + "\n")


def write_document(text: str) -> None:
    """An export written to standard output: always UTF-8 (the formats are), whatever the locale says."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    buffer.write(text.encode("utf-8", "surrogateescape"))
    buffer.flush()
