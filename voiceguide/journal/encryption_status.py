"""`encryption_status`: whether the journal is encrypted, where its key lives and whether it opens now."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from voiceguide.errors import JournalError
from voiceguide.journal import connection
from voiceguide.journal.keys import KeyFile
from voiceguide.journal.unlock import PASSPHRASE_VARIABLE, Unlocking, find_key


@dataclass(frozen=True)
class EncryptionStatus:
    """What `doctor` reports: encrypted or not, and whether this start could unlock it without asking."""

    encrypted: bool
    unlocks_now: bool
    detail: str
    fine: bool = True  # nothing to fix (a passphrase journal that asks at start is fine)


def encryption_status(data_dir: Path, unlocking: Unlocking) -> EncryptionStatus:
    """Looked at without asking anyone and without changing any file (a new journal is not created)."""
    database = connection.db_path(data_dir)
    if not database.exists() or database.stat().st_size == 0:
        return EncryptionStatus(False, True, new_journal_detail(data_dir, unlocking))
    if not connection.is_encrypted(database):
        return EncryptionStatus(False, True, "not encrypted: anyone who can read its files can read it "
                                             "(voiceguide journal encrypt)")
    try:
        key_file = KeyFile.load(data_dir)
    except JournalError as exc:
        return EncryptionStatus(True, False, str(exc))
    where = key_place(key_file)
    quiet = dataclasses.replace(unlocking, ask=None)
    asks = key_file is not None and key_file.passphrase is not None and unlocking.passphrase is None
    try:
        key = find_key(data_dir, quiet)
        connection.check_key(database, key, connection.BUSY_TIMEOUT_MS)
    except JournalError as exc:
        if asks and not (key_file is not None and key_file.in_keyring):
            return EncryptionStatus(True, False, f"encrypted ({where}); asks for its passphrase when "
                                                 "voiceguide starts")
        return EncryptionStatus(True, False, f"encrypted ({where}); cannot be unlocked now: {exc}", False)
    return EncryptionStatus(True, True, f"encrypted ({where}); unlocks now")


def key_place(key_file: KeyFile | None) -> str:
    if key_file is None:
        return "its key file is missing: only the recovery code opens it"
    places = (["key in the desktop keyring"] if key_file.in_keyring else []) + \
        (["passphrase"] if key_file.passphrase is not None else [])
    return " or ".join(places) or "recovery code only"


def new_journal_detail(data_dir: Path, unlocking: Unlocking) -> str:
    if unlocking.passphrase is not None:
        return f"not created yet: will be encrypted with the passphrase from {unlocking.passphrase_from}"
    if unlocking.encrypt == "off":
        return "not created yet: will not be encrypted ([journal] encrypt = \"off\")"
    from voiceguide.journal import keychain

    if unlocking.keyring and keychain.keyring_available():
        return "not created yet: will be encrypted, its key kept in the desktop keyring"
    return ("not created yet: will not be encrypted, as there is no desktop keyring; to encrypt it, give a "
            f"passphrase ({PASSPHRASE_VARIABLE} or --passphrase-file) when it is first made")
