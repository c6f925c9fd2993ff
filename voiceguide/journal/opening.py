"""`open_journal`: the one place every front end opens the journal."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from voiceguide import paths

if TYPE_CHECKING:
    from voiceguide.journal.store import SqliteJournal


def open_journal(data_dir: str | os.PathLike[str] | None = None) -> SqliteJournal:
    """The journal in `data_dir` (--data-dir, else $VOICEGUIDE_DATA_DIR, else the platform's data folder),
    created when missing. A journal that cannot be written is opened read-only (`read_only` is true);
    one that cannot be opened at all raises JournalError with one line saying what to do.

    The terminal app calls this before Textual takes the screen, so anything opening may one day need to
    ask (a passphrase) can be asked on the plain terminal.
    """
    from voiceguide.journal.store import SqliteJournal

    return SqliteJournal(paths.data_dir(data_dir))
