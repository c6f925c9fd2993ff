"""`Unlocking` (how this start gets the journal's key, decided once) and `find_key` (which uses it).

The key of an encrypted journal comes, in this order, from the desktop's keyring (nothing to type), from a
passphrase given for scripts (VOICEGUIDE_PASSPHRASE or --passphrase-file), or from the person, asked once
on the plain terminal before anything else takes it. A recovery code is accepted wherever a passphrase is.
A new journal is encrypted when a passphrase is given (with it), else with a key kept in the keyring when
one is available and the settings do not say otherwise; else it stays plain, and `doctor` says so.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from voiceguide.config import ENCRYPT_CHOICES
from voiceguide.errors import JournalError, UsageError
from voiceguide.journal import connection
from voiceguide.journal.keys import JournalKey, KeyFile, PassphraseLock, WrongKey, looks_like_recovery_code

PASSPHRASE_VARIABLE = "VOICEGUIDE_PASSPHRASE"
MIGRATION_STAGING = "journal.next"  # voiceguide.journal.migrate.STAGING (that module loads only when needed)
ASK_TRIES = 3
Ask = Callable[[str], str]  # shows a prompt on the terminal and reads a secret without echo


class NotUnlocked(JournalError):
    """Nobody gave the key this time (nothing typed at the prompt): the journal stays locked."""


@dataclass(frozen=True)
class Unlocking:
    """How this start unlocks the journal and encrypts a new one (options, environment and settings)."""

    passphrase: str | None = None
    passphrase_from: str = ""  # for messages: "VOICEGUIDE_PASSPHRASE" or "--passphrase-file FILE"
    ask: Ask | None = None  # None: nobody at a terminal to ask
    keyring: bool = True  # look for the key in the desktop's keyring
    encrypt: str = "auto"  # what a new journal gets: auto (keyring when available), keyring, off

    def __repr__(self) -> str:  # the passphrase is never printed, not even in a traceback's locals
        return (f"Unlocking(passphrase={'<given>' if self.passphrase is not None else None}, "
                f"passphrase_from={self.passphrase_from!r}, ask={self.ask is not None}, "
                f"keyring={self.keyring}, encrypt={self.encrypt!r})")


def unlocking_from(*, passphrase_file: str | None = None, ask: Ask | None = None, encrypt: str = "auto",
                   environ: dict[str, str] | None = None) -> Unlocking:
    """The Unlocking of this start: --passphrase-file wins over VOICEGUIDE_PASSPHRASE."""
    environ = dict(os.environ) if environ is None else environ
    if encrypt not in ENCRYPT_CHOICES:
        raise UsageError(f"[journal] encrypt: {encrypt!r} is not one of {', '.join(ENCRYPT_CHOICES)}")
    if passphrase_file is not None:
        return Unlocking(read_passphrase_file(passphrase_file), f"--passphrase-file {passphrase_file}", ask,
                         encrypt=encrypt)
    given = environ.get(PASSPHRASE_VARIABLE)
    if given:
        return Unlocking(given, PASSPHRASE_VARIABLE, ask, encrypt=encrypt)
    return Unlocking(None, "", ask, encrypt=encrypt)


def read_passphrase_file(name: str) -> str:
    """The passphrase is the file's first line (as restic and borg read it)."""
    try:
        text = Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--passphrase-file {name}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"--passphrase-file {name}: not UTF-8 text") from None
    passphrase = text.splitlines()[0] if text.splitlines() else ""
    if not passphrase:
        raise UsageError(f"--passphrase-file {name}: the file is empty")
    return passphrase


def find_key(data_dir: Path, unlocking: Unlocking) -> JournalKey | None:
    """The key that opens the journal in `data_dir` (None: it is, or will be created, plain).
    Raises WrongKey or JournalError with one line and a way forward; never changes the database file
    (beyond finishing or undoing an encrypt/decrypt/rekey a crash interrupted, which needs no key)."""
    if (data_dir / MIGRATION_STAGING).exists():  # one stat when there is nothing to finish
        from voiceguide.journal.migrate import finish_interrupted

        finish_interrupted(data_dir)
    database = connection.db_path(data_dir)
    key_file = KeyFile.load(data_dir)
    exists = database.exists() and database.stat().st_size > 0
    if exists and not connection.is_encrypted(database):
        return None
    if not exists and key_file is None:
        return new_journal_key(data_dir, unlocking)
    if key_file is None:  # a file that is not plain SQLite and no key file: only its recovery code opens it
        if unlocking.passphrase is None and unlocking.ask is None:
            return None  # opening then says it may be encrypted without its key file, or damaged
        return recovery_only(unlocking)
    return existing_key(key_file, unlocking, data_dir)


def existing_key(key_file: KeyFile, unlocking: Unlocking, data_dir: Path) -> JournalKey:
    keyring_problem = ""
    if key_file.in_keyring and unlocking.keyring:
        from voiceguide.journal import keychain

        try:
            stored = keychain.load_key(key_file.journal_id)
        except JournalError as exc:
            keyring_problem = str(exc)
        else:
            if stored is not None:
                return JournalKey(stored)
            keyring_problem = "the keyring no longer has this journal's key"
    if unlocking.passphrase is not None:
        key = from_secret(unlocking.passphrase, key_file, unlocking.passphrase_from)
        remember_in_keyring(key_file, key, data_dir, unlocking)
        return key
    if unlocking.ask is not None:
        key = ask_for_key(unlocking.ask, key_file, keyring_problem)
        remember_in_keyring(key_file, key, data_dir, unlocking)
        return key
    secret = "passphrase or recovery code" if key_file.passphrase is not None else "recovery code"
    way = (f"give its {secret}: in a terminal voiceguide asks for it; scripts can set "
           f"{PASSPHRASE_VARIABLE} or use --passphrase-file FILE")
    if keyring_problem:
        raise JournalError(f"the journal is encrypted and {keyring_problem[0].lower()}{keyring_problem[1:]}; "
                           f"{way}")
    raise JournalError(f"the journal is encrypted with a passphrase: {way}")


def from_secret(secret: str, key_file: KeyFile | None, source: str = "") -> JournalKey:
    """A passphrase or a recovery code, turned into the key (WrongKey when it cannot be)."""
    if looks_like_recovery_code(secret):
        try:
            return JournalKey.from_recovery_code(secret)
        except UsageError as exc:
            raise WrongKey(str(exc)) from None
    if key_file is None or key_file.passphrase is None:
        raise WrongKey("this journal has no passphrase (its key is in the keyring): give its recovery code "
                       "instead" + (f" (from {source})" if source else ""))
    try:
        return key_file.passphrase.unwrap(secret)
    except WrongKey:
        raise WrongKey("wrong passphrase for the journal" + (f" (from {source})" if source else "")
                       + ": give the right one or the recovery code") from None


def ask_for_key(ask: Ask, key_file: KeyFile | None, why: str = "") -> JournalKey:
    """Ask on the terminal, up to three times; WrongKey after the last wrong answer."""
    wanted = "Recovery code" if key_file is None or key_file.passphrase is None else \
        "Passphrase (or recovery code)"
    before = f"{why[0].upper()}{why[1:]}. " if why else ""
    for attempt in range(1, ASK_TRIES + 1):
        secret = ask(f"{before}{wanted} for your journal: ")
        try:
            return from_secret(secret, key_file)
        except WrongKey as exc:
            if attempt == ASK_TRIES:
                raise
            before = f"{exc}.\n"
    raise AssertionError("unreachable")


def recovery_only(unlocking: Unlocking) -> JournalKey:
    if unlocking.passphrase is not None:
        return from_secret(unlocking.passphrase, None, unlocking.passphrase_from)
    assert unlocking.ask is not None
    return ask_for_key(unlocking.ask, None, "the journal's key file is missing")


def remember_in_keyring(key_file: KeyFile, key: JournalKey, data_dir: Path, unlocking: Unlocking) -> None:
    """A journal whose key the keyring lost, opened with its passphrase or recovery code, goes back to
    opening without typing (when the keyring works; when it does not, nothing changes)."""
    if not key_file.in_keyring or not unlocking.keyring:
        return
    from voiceguide.journal import keychain

    try:
        if keychain.load_key(key_file.journal_id) is None:
            keychain.store_key(key_file.journal_id, key.raw)
    except JournalError:
        pass


def new_journal_key(data_dir: Path, unlocking: Unlocking) -> JournalKey | None:
    """The key a new journal is created with (saved before the database is made); None: a plain one."""
    if unlocking.passphrase is not None:
        key = JournalKey.generate()
        key_file = KeyFile.new(in_keyring=False, passphrase=PassphraseLock.wrap(key, unlocking.passphrase))
        save_key_file(key_file, data_dir)
        return key
    if unlocking.encrypt == "off" or not unlocking.keyring:
        return None
    from voiceguide.journal import keychain

    if not keychain.keyring_available():
        if unlocking.encrypt == "keyring":
            raise JournalError("[journal] encrypt = \"keyring\" but no keyring is available: log in to a "
                               f"desktop session, or give a passphrase ({PASSPHRASE_VARIABLE} or "
                               "--passphrase-file FILE)")
        return None
    key = JournalKey.generate()
    key_file = KeyFile.new(in_keyring=True)
    keychain.store_key(key_file.journal_id, key.raw)
    save_key_file(key_file, data_dir)
    return key


def save_key_file(key_file: KeyFile, data_dir: Path) -> None:
    from voiceguide import paths

    try:
        paths.ensure_private_dir(data_dir)
        key_file.save(data_dir)
    except OSError as exc:
        raise JournalError(f"cannot create the journal in {data_dir}: {exc.strerror}; choose another folder "
                           "with --data-dir") from None
