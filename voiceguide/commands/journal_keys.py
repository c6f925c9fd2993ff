"""`voiceguide journal encrypt | decrypt | rekey | export-key`: the journal's encryption, changed in place.

Arguments read (all optional): `data_dir` (--data-dir), `passphrase_file` (--passphrase-file FILE: the
current passphrase for decrypt/rekey/export-key, the new one for encrypt), `new_passphrase_file`
(rekey's --new-passphrase-file FILE; else $VOICEGUIDE_NEW_PASSPHRASE) and `keyring` (encrypt/rekey's
--keyring: keep the new key in the desktop keyring as well as under the passphrase).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from voiceguide import paths
from voiceguide.errors import UsageError
from voiceguide.journal import connection, migrate, unlock
from voiceguide.journal.keys import JournalKey, KeyFile, looks_like_recovery_code

NEW_PASSPHRASE_VARIABLE = "VOICEGUIDE_NEW_PASSPHRASE"
NOBODY_ELSE = ("Nobody, not even voiceguide's authors, can open the journal without this recovery code, "
               "its passphrase or the desktop keyring that holds its key.")


def folder_of(args: argparse.Namespace) -> Path:
    return paths.data_dir(getattr(args, "data_dir", None))


def terminal() -> bool:
    return sys.stdin.isatty()


def ask_secret(prompt: str) -> str:
    return getpass.getpass(prompt)


MIN_PASSPHRASE = 8  # what the app's passphrase dialog asks for too (tui/screens/new_passphrase.py)


def ask_new_passphrase() -> str | None:
    """Asked twice on the terminal; empty: none (the key goes to the desktop keyring, when there is one)."""
    empty = "keep the key in the desktop keyring" if keyring_works() else "change nothing"
    first = ask_secret(f"New passphrase for the journal (empty: {empty}): ")
    if not first:
        if not keyring_works():
            raise UsageError("no passphrase was given and there is no desktop keyring: nothing was changed")
        return None
    if len(first) < MIN_PASSPHRASE:
        raise UsageError(f"use at least {MIN_PASSPHRASE} characters: nothing was changed; try again")
    if looks_like_recovery_code(first):
        raise UsageError("that passphrase looks like a recovery code: choose another one")
    if ask_secret("The same passphrase again: ") != first:
        raise UsageError("the two passphrases differ: nothing was changed; try again")
    return first


def keyring_works() -> bool:
    from voiceguide.journal import keychain

    return keychain.keyring_available()


def protection(given: str | None, *, want_keyring: bool, asked: bool) -> tuple[str | None, bool]:
    """(passphrase, keep in keyring) for a new key: a passphrase given or asked, else the keyring."""
    passphrase = given
    if passphrase is None and asked and terminal():
        passphrase = ask_new_passphrase()
    if passphrase is not None:
        if want_keyring and not keyring_works():
            raise UsageError("--keyring: no desktop keyring is available; nothing was changed")
        return passphrase, want_keyring
    if keyring_works():
        return None, True
    raise UsageError("no passphrase and no desktop keyring for the journal key: give a passphrase "
                     f"({unlock.PASSPHRASE_VARIABLE} or --passphrase-file FILE) or run it in a terminal; "
                     "nothing was changed")


def show_recovery_code(key: JournalKey) -> None:
    print("Recovery code (write it down on paper and keep it away from this computer):")
    print(f"  {key.recovery_code()}")
    print(NOBODY_ELSE)


def current_key(folder: Path, args: argparse.Namespace) -> JournalKey:
    """The key of the encrypted journal in `folder` (keyring, passphrase given, or asked), checked
    against the database without writing anything."""
    unlocking = unlock.unlocking_from(passphrase_file=getattr(args, "passphrase_file", None),
                                      ask=ask_secret if terminal() else None)
    key = unlock.find_key(folder, unlocking)
    if key is None:
        raise UsageError(f"the journal in {folder} is not encrypted")
    connection.check_key(connection.db_path(folder), key, connection.BUSY_TIMEOUT_MS)
    return key


def existing_journal(folder: Path) -> Path:
    migrate.finish_interrupted(folder)
    database = connection.db_path(folder)
    if not database.exists() or database.stat().st_size == 0:
        raise UsageError(f"there is no journal in {folder} yet")
    return database


def encrypt_command(args: argparse.Namespace) -> int:
    folder = folder_of(args)
    if connection.is_encrypted(existing_journal(folder)):
        print(f"The journal in {folder} is already encrypted (to change its key: voiceguide journal rekey).")
        return 0
    given = unlock.unlocking_from(passphrase_file=getattr(args, "passphrase_file", None)).passphrase
    passphrase, in_keyring = protection(given, want_keyring=bool(getattr(args, "keyring", False)),
                                        asked=True)
    key = migrate.encrypt_journal(folder, passphrase=passphrase, use_keyring=in_keyring)
    where = " and ".join(part for part in ("under your passphrase" if passphrase else "",
                                          "in the desktop keyring" if in_keyring else "") if part)
    print(f"The journal and its recordings are encrypted; the key is kept {where}.")
    show_recovery_code(key)
    return 0


def decrypt_command(args: argparse.Namespace) -> int:
    folder = folder_of(args)
    if not connection.is_encrypted(existing_journal(folder)):
        print(f"The journal in {folder} is not encrypted.")
        return 0
    migrate.decrypt_journal(folder, current_key(folder, args))
    print(f"The journal in {folder} is no longer encrypted: anyone who can read your files can read it.")
    return 0


def rekey_command(args: argparse.Namespace) -> int:
    folder = folder_of(args)
    if not connection.is_encrypted(existing_journal(folder)):
        raise UsageError(f"the journal in {folder} is not encrypted (to encrypt it: voiceguide journal "
                         "encrypt)")
    old = current_key(folder, args)
    old_file = KeyFile.load(folder)
    given = new_passphrase(args)
    if given is None and old_file is not None and old_file.passphrase is not None and not terminal():
        raise UsageError("the journal has a passphrase: give the new one with --new-passphrase-file FILE "
                         f"or {NEW_PASSPHRASE_VARIABLE}; nothing was changed")
    want_keyring = bool(getattr(args, "keyring", False)) or (old_file is not None and old_file.in_keyring)
    passphrase, in_keyring = protection(given, want_keyring=False, asked=True)
    if passphrase is not None and want_keyring and keyring_works():
        in_keyring = True
    key = migrate.rekey_journal(folder, old, passphrase=passphrase, use_keyring=in_keyring)
    print("The journal has a new key; the old passphrase and recovery code no longer open it.")
    show_recovery_code(key)
    return 0


def new_passphrase(args: argparse.Namespace) -> str | None:
    name = getattr(args, "new_passphrase_file", None)
    if name is not None:
        return unlock.read_passphrase_file(name)
    return os.environ.get(NEW_PASSPHRASE_VARIABLE) or None


def export_key_command(args: argparse.Namespace) -> int:
    folder = folder_of(args)
    if not connection.is_encrypted(existing_journal(folder)):
        raise UsageError(f"the journal in {folder} is not encrypted: it has no key")
    key = current_key(folder, args)
    print(key.recovery_code())
    print("Write it down on paper and keep it away from this computer: it opens the journal without the "
          "passphrase or the keyring.")
    return 0


__all__ = ["decrypt_command", "encrypt_command", "export_key_command", "rekey_command"]
