"""The journal key: recovery codes as people write them down, the passphrase wrap, and the key file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from voiceguide.errors import JournalError, UsageError
from voiceguide.journal.keys import (
    JournalKey,
    KeyFile,
    PassphraseLock,
    WrongKey,
    looks_like_recovery_code,
)
from voiceguide.journal.unlock import Unlocking, find_key, from_secret


def test_a_recovery_code_is_read_back_however_it_was_written_down() -> None:
    key = JournalKey.generate()
    code = key.recovery_code()
    groups = code.split("-")
    assert len(groups) == 11 and all(len(group) == 5 for group in groups[:-1])
    for written in (code, code.lower(), " ".join(groups), "".join(groups), "\n".join(groups) + "\n",
                    " - ".join(groups).lower()):
        assert looks_like_recovery_code(written), written
        assert JournalKey.from_recovery_code(written) == key
        assert from_secret(written, None) == key  # accepted wherever a passphrase is


def test_a_typo_in_a_recovery_code_is_found_and_said_to_be_one() -> None:
    code = JournalKey.generate().recovery_code()
    wrong = ("B" if code[0] != "B" else "C") + code[1:]
    with pytest.raises(UsageError, match="typo"):
        JournalKey.from_recovery_code(wrong)
    with pytest.raises(WrongKey, match="typo"):
        from_secret(wrong, None)
    assert looks_like_recovery_code(code[:-1])  # a letter missing: still tried as a code, and refused as one
    with pytest.raises(UsageError):
        JournalKey.from_recovery_code(code[:-1])


def test_passphrases_are_not_taken_for_recovery_codes() -> None:
    for passphrase in ("correct horse battery staple", "hunter2", "a" * 55 + "1",
                       "ab-cd-ef-gh-ij-kl-mn-op-qr-st"):
        assert not looks_like_recovery_code(passphrase), passphrase


def test_the_passphrase_wraps_the_key_and_a_wrong_one_is_refused() -> None:
    key = JournalKey.generate()
    lock = PassphraseLock.wrap(key, "the right passphrase")
    assert key.raw not in lock.wrapped and lock.n >= 2**17  # a real KDF cost
    assert PassphraseLock.from_json(lock.as_json()).unwrap("the right passphrase") == key
    with pytest.raises(WrongKey, match="wrong passphrase"):
        lock.unwrap("the wrong passphrase")


def test_the_key_file_holds_no_secret_and_is_private(tmp_path: Path) -> None:
    key = JournalKey.generate()
    key_file = KeyFile.new(in_keyring=True, passphrase=PassphraseLock.wrap(key, "a passphrase here"))
    key_file.save(tmp_path)
    path = KeyFile.path(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert key.raw.hex().encode() not in raw and key.recovery_code().encode() not in raw
    assert KeyFile.load(tmp_path) == key_file
    assert "hidden" in repr(key) and key.raw.hex() not in repr(key)


def test_a_damaged_key_file_says_the_recovery_code_opens_the_journal(tmp_path: Path) -> None:
    KeyFile.path(tmp_path).write_text(json.dumps({"format": "something else"}))
    with pytest.raises(JournalError, match="damaged: open the journal with its recovery code"):
        KeyFile.load(tmp_path)


def test_a_keyring_only_journal_without_its_keyring_asks_for_the_recovery_code_only(tmp_path: Path) -> None:
    """No keyring here (tests have no session bus): the way forward named is the recovery code."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "journal.sqlite3").write_bytes(b"\x8f" * 4096)  # not a plain SQLite header: encrypted
    KeyFile.new(in_keyring=True).save(data_dir)
    with pytest.raises(JournalError) as refused:
        find_key(data_dir, Unlocking())
    message = str(refused.value)
    assert "recovery code" in message and "passphrase or recovery code" not in message, message
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "not a code at all"

    with pytest.raises(WrongKey):
        find_key(data_dir, Unlocking(ask=ask))
    assert len(asked) == 3 and all("Recovery code for your journal" in prompt for prompt in asked), asked
    assert "keyring" in asked[0].lower()  # why it asks: the keyring is not there


def test_doctor_calls_a_passphrase_journal_that_asks_at_start_fine(tmp_path: Path) -> None:
    from voiceguide.journal.encryption_status import encryption_status
    from voiceguide.journal.store import SqliteJournal

    data_dir = tmp_path / "data"
    with SqliteJournal(data_dir, key=find_key(data_dir, Unlocking("a passphrase here", "test"))):
        pass
    asked_at_start = encryption_status(data_dir, Unlocking())
    assert asked_at_start.encrypted and asked_at_start.fine and not asked_at_start.unlocks_now
    assert "asks for its passphrase when voiceguide starts" in asked_at_start.detail
    given = encryption_status(data_dir, Unlocking("a passphrase here", "test"))
    assert given.unlocks_now and given.fine and given.detail.endswith("unlocks now")
    wrong = encryption_status(data_dir, Unlocking("not this one", "test"))
    assert not wrong.unlocks_now and not wrong.fine and "wrong passphrase" in wrong.detail
