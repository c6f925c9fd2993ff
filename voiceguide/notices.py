"""User-facing text in one place, so the command line and the terminal app say the same thing."""

from __future__ import annotations

import re

# Every control character (newline and tab too): a message is one line, and escape sequences taken from a
# user's file must not move the cursor, recolour or retitle the terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

DISCLAIMER = (
    "voiceguide is a self-help tool for getting through a hard moment. It is not therapy, it is not "
    "a diagnosis, and it is not an emergency service. If you are in danger or thinking about harming "
    "yourself or someone else, call your local emergency number or a crisis line now."
)

PRIVACY = "Everything stays on this computer: voiceguide never sends your words or audio anywhere."

INTERRUPTED = "Session ended. What you said so far is saved."

NO_TUI_FALLBACK = "The terminal app is not available; starting the spoken walkthrough instead."


def journal_read_only(path: object) -> str:
    """Degraded mode: the journal can be read but not written."""
    return (f"the journal {path} is read-only: showing it, but nothing new can be saved "
            "(make the file and its folder writable: chmod u+w)")


def journal_protection(encrypted: bool, in_keyring: bool) -> str:
    """One line on how the journal is protected, and what to do about it."""
    if not encrypted:
        return ("Your journal is not encrypted: anyone who can read your files can read it. "
                "To encrypt it: voiceguide journal encrypt")
    where = "its key is in your desktop keyring" if in_keyring else "it opens with your passphrase"
    return (f"Your journal is encrypted; {where}. Write down its recovery code (voiceguide journal "
            "export-key): without it a lost key means a lost journal.")


def hint_install(package: str) -> str:
    """The exact command that installs a missing Debian package."""
    return f"install it: sudo apt-get install {package}"


def one_line(text: str, limit: int = 400) -> str:
    """`text` safe to print as one line of a message: control characters shown as \\xNN, and at most
    `limit` characters (a 1 MB value quoted from a bad file is cut short)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
