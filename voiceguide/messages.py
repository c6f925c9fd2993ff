"""User-facing text in one place, so the command line and the terminal app say the same thing."""

from __future__ import annotations

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


def hint_install(package: str) -> str:
    """The exact command that installs a missing Debian package."""
    return f"install it: sudo apt-get install {package}"
