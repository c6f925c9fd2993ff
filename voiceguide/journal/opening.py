"""`open_journal`: the one place every front end opens the journal (unlocking it when it is encrypted)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from voiceguide import paths

if TYPE_CHECKING:
    from voiceguide.journal.store import SqliteJournal
    from voiceguide.journal.unlock import Unlocking


def open_journal(data_dir: str | os.PathLike[str] | None = None,
                 unlocking: Unlocking | None = None) -> SqliteJournal:
    """The journal in `data_dir` (--data-dir, else $VOICEGUIDE_DATA_DIR, else the platform's data folder),
    created when missing, unlocked as `unlocking` says (default: the keyring, or VOICEGUIDE_PASSPHRASE;
    nobody is asked). A journal that cannot be written is opened read-only (`read_only` is true); one that
    cannot be opened at all raises JournalError with one line saying what to do.

    The terminal app calls this before Textual takes the screen, so a passphrase is asked on the plain
    terminal.
    """
    from voiceguide.journal.keys import KeyFile
    from voiceguide.journal.store import SqliteJournal
    from voiceguide.journal.unlock import find_key, unlocking_from

    folder = paths.data_dir(data_dir)
    unlocking = unlocking if unlocking is not None else unlocking_from()
    had_key_file = KeyFile.path(folder).exists()
    journal = SqliteJournal(folder, key=find_key(folder, unlocking))
    journal.key_made_now = journal.key is not None and not had_key_file
    return journal
