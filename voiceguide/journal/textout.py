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


def print_data(data: Any) -> None:
    """JSON with sorted keys; strings keep every character (escaped per JSON where needed)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
