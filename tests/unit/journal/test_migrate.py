"""Encrypting, decrypting and re-keying a journal in place (voiceguide.journal.migrate), and the commands."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.errors import JournalError, UsageError
from voiceguide.journal import connection, keys, migrate, sealed
from voiceguide.journal.keys import JournalKey, KeyFile, WrongKey
from voiceguide.journal.store import SqliteJournal
from voiceguide.journal.unlock import find_key, unlocking_from

SECRET_WORD = "zanzibarquokka"
FMT = AudioFormat(16000, 1, 2)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same scrypt at a small cost, so a test wraps a key in milliseconds."""
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


def pcm_for(entry_id: int) -> bytes:
    return bytes((entry_id * 7 + i) % 256 for i in range(3200 + entry_id * 10))


def fill(data_dir: Path, key: JournalKey | None = None, entries: int = 20) -> dict[int, str]:
    texts: dict[int, str] = {}
    with SqliteJournal(data_dir, key=key) as journal:
        for number in range(entries):
            text = f"entry {number} says {SECRET_WORD} and more"
            entry_id = journal.add_typed(text)
            texts[entry_id] = text
            if number % 7 == 0:
                journal.attach_audio(entry_id, Pcm(pcm_for(entry_id), FMT))
    return texts


def check_whole(data_dir: Path, key: JournalKey | None, texts: dict[int, str]) -> None:
    with SqliteJournal(data_dir, key=key) as journal:
        assert {entry.id: entry.text for entry in journal.list_entries()} == texts
        assert [hit.entry.id for hit in journal.search(SECRET_WORD)] != []
        for entry in journal.list_entries():
            if entry.audio:
                assert journal.recording_audio(entry) == (FMT, pcm_for(entry.id))


def every_byte(data_dir: Path) -> dict[str, bytes]:
    return {str(path.relative_to(data_dir)): path.read_bytes()
            for path in sorted(data_dir.rglob("*")) if path.is_file()}


def test_encrypt_then_decrypt_round_trip(data_dir: Path) -> None:
    texts = fill(data_dir)
    key = migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    assert connection.is_encrypted(connection.db_path(data_dir))
    assert not (data_dir / migrate.STAGING).exists()
    for name, data in every_byte(data_dir).items():
        assert SECRET_WORD.encode() not in data, name
        if name.startswith("audio/"):
            assert data.startswith(sealed.MAGIC)
    opened = find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": PASSPHRASE}))
    assert opened == key
    check_whole(data_dir, key, texts)
    recovered = find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": key.recovery_code()}))
    assert recovered == key

    migrate.decrypt_journal(data_dir, key)
    assert not connection.is_encrypted(connection.db_path(data_dir))
    assert KeyFile.load(data_dir) is None
    assert find_key(data_dir, unlocking_from(environ={})) is None
    check_whole(data_dir, None, texts)
    assert sorted(path.name for path in data_dir.iterdir()) == ["audio", "journal.sqlite3"]


def test_rekey_gives_a_new_key_and_the_old_one_stops_working(data_dir: Path) -> None:
    texts = fill(data_dir)
    old = migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    new = migrate.rekey_journal(data_dir, old, passphrase="another passphrase", use_keyring=False)
    assert new != old
    check_whole(data_dir, new, texts)
    with pytest.raises(WrongKey):
        connection.check_key(connection.db_path(data_dir), old, 1000)
    with pytest.raises(WrongKey):
        find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": PASSPHRASE}))
    assert find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": "another passphrase"})) == new


def test_decrypt_with_a_wrong_key_changes_no_byte(data_dir: Path) -> None:
    fill(data_dir)
    migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    before = every_byte(data_dir)
    with pytest.raises(WrongKey):
        migrate.decrypt_journal(data_dir, JournalKey.generate())
    with pytest.raises(WrongKey):
        find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": "not it"}))
    assert every_byte(data_dir) == before


def test_encrypting_twice_or_decrypting_a_plain_journal_is_refused(data_dir: Path) -> None:
    fill(data_dir, entries=2)
    with pytest.raises(UsageError, match="not encrypted"):
        migrate.decrypt_journal(data_dir, JournalKey.generate())
    key = migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    with pytest.raises(UsageError, match="already encrypted"):
        migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    with pytest.raises(UsageError, match="no journal"):
        migrate.encrypt_journal(data_dir / "elsewhere", passphrase=PASSPHRASE, use_keyring=False)
    assert find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": PASSPHRASE})) == key


def test_an_open_journal_is_not_migrated(data_dir: Path) -> None:
    texts = fill(data_dir, entries=3)
    with SqliteJournal(data_dir), pytest.raises(JournalError, match="open in another voiceguide"):
        migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    assert not (data_dir / migrate.STAGING).exists()
    assert not connection.is_encrypted(connection.db_path(data_dir))
    check_whole(data_dir, None, texts)


@pytest.mark.parametrize("stage", ["plan", "keys", "database", "recordings", "ready"])
def test_a_crash_before_the_commit_point_is_undone(data_dir: Path, stage: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    texts = fill(data_dir)
    before = every_byte(data_dir)
    crash_at(monkeypatch, stage)
    with pytest.raises(Crash):
        migrate.stage(data_dir, data_dir / migrate.STAGING, migrate.Plan("encrypt", None, None),
                      None, (key := JournalKey.generate()), migrate.new_key_file(key, PASSPHRASE, False))
    monkeypatch.undo()
    assert (data_dir / migrate.STAGING).exists()
    assert find_key(data_dir, unlocking_from(environ={})) is None  # finish_interrupted undid it
    assert every_byte(data_dir) == before
    check_whole(data_dir, None, texts)


@pytest.mark.parametrize("stage", ["committed", "half-renamed", "before-shred"])
def test_a_crash_after_the_commit_point_is_finished(data_dir: Path, stage: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    texts = fill(data_dir)
    crash_at(monkeypatch, stage)
    with pytest.raises(Crash):
        migrate.encrypt_journal(data_dir, passphrase=PASSPHRASE, use_keyring=False)
    monkeypatch.undo()
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)
    key = find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": PASSPHRASE}))
    assert key is not None
    assert not (data_dir / migrate.STAGING).exists()
    check_whole(data_dir, key, texts)
    for name, data in every_byte(data_dir).items():
        assert SECRET_WORD.encode() not in data, name


def test_a_busy_migration_is_reported(data_dir: Path) -> None:
    fill(data_dir, entries=1)
    (data_dir / migrate.STAGING).mkdir()
    with migrate.folder_lock(data_dir), pytest.raises(JournalError, match="another voiceguide is encrypting"):
        migrate.finish_interrupted(data_dir)
    migrate.finish_interrupted(data_dir)
    assert not (data_dir / migrate.STAGING).exists()


class Crash(BaseException):
    """Stands for SIGKILL in-process: nothing after the stage runs (the real kill is tested by
    tests/integration/test_journal_encrypt_kill.py)."""


def crash_at(monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    def kill_point(name: str) -> None:
        if name == stage:
            raise Crash(name)

    monkeypatch.setattr(migrate, "test_kill_point", kill_point)
    monkeypatch.setattr(migrate, "undo", lambda *args: None)  # a killed process cleans nothing up


# -- the commands ----------------------------------------------------------------------------------------

def test_encrypt_command_prints_the_recovery_code_once(data_dir: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from voiceguide.commands import journal_keys

    texts = fill(data_dir, entries=3)
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(journal_keys, "terminal", lambda: False)
    args = argparse.Namespace(data_dir=str(data_dir))
    assert journal_keys.encrypt_command(args) == 0
    out = capsys.readouterr().out
    key = find_key(data_dir, unlocking_from())
    assert key is not None
    assert out.count(key.recovery_code()) == 1
    assert "Nobody" in out
    assert journal_keys.encrypt_command(args) == 0
    assert "already encrypted" in capsys.readouterr().out

    assert journal_keys.export_key_command(args) == 0
    assert capsys.readouterr().out.splitlines()[0] == key.recovery_code()

    monkeypatch.setenv(journal_keys.NEW_PASSPHRASE_VARIABLE, "the new one")
    assert journal_keys.rekey_command(args) == 0
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", "the new one")
    new = find_key(data_dir, unlocking_from())
    assert new is not None and new != key
    assert new.recovery_code() in capsys.readouterr().out

    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", "wrong")
    before = every_byte(data_dir)
    with pytest.raises(WrongKey):
        journal_keys.decrypt_command(args)
    assert every_byte(data_dir) == before
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", new.recovery_code())
    assert journal_keys.decrypt_command(args) == 0
    check_whole(data_dir, None, texts)


def test_encrypt_command_without_passphrase_or_keyring_says_so(data_dir: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from voiceguide.commands import journal_keys

    fill(data_dir, entries=1)
    monkeypatch.delenv("VOICEGUIDE_PASSPHRASE", raising=False)
    monkeypatch.setattr(journal_keys, "terminal", lambda: False)
    monkeypatch.setattr(journal_keys, "keyring_works", lambda: False)
    with pytest.raises(UsageError, match="no passphrase and no desktop keyring"):
        journal_keys.encrypt_command(argparse.Namespace(data_dir=str(data_dir)))
    assert not connection.is_encrypted(connection.db_path(data_dir))


def test_encrypt_command_asks_twice_on_a_terminal(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.commands import journal_keys

    fill(data_dir, entries=1)
    monkeypatch.delenv("VOICEGUIDE_PASSPHRASE", raising=False)
    monkeypatch.setattr(journal_keys, "terminal", lambda: True)
    answers = iter(["typed passphrase", "typed passphrase"])
    monkeypatch.setattr(journal_keys, "ask_secret", lambda prompt: next(answers))
    assert journal_keys.encrypt_command(argparse.Namespace(data_dir=str(data_dir))) == 0
    capsys.readouterr()
    assert find_key(data_dir, unlocking_from(environ={"VOICEGUIDE_PASSPHRASE": "typed passphrase"}))
