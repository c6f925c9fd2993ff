"""`journal encrypt` killed (SIGKILL) at each stage of the migration leaves the journal whole and openable.

The command runs in a subprocess with VOICEGUIDE_TEST_KILL_AT naming the stage where it kills itself
(voiceguide.journal.migrate.test_kill_point). After each kill the journal is opened as every front end
opens it (opening.open_journal, the passphrase in the environment): every entry's text and every
recording's audio must be there, byte for byte, and a second `journal encrypt` either finishes the job or
says the journal is already encrypted. Then no file in the data folder may hold a word of the journal.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.journal import connection, keychain, migrate, opening
from voiceguide.journal.keys import KeyFile
from voiceguide.journal.store import SqliteJournal
from voiceguide.journal.unlock import unlocking_from

REPO = Path(__file__).resolve().parents[2]
SECRET_WORD = "xylophonequagmire"
PASSPHRASE = "a long test passphrase"
FMT = AudioFormat(16000, 1, 2)
ENTRIES = 200
RECORDED = (3, 50, 120, 199)
STAGES = ("plan", "keys", "database", "recordings", "ready", "committed", "half-renamed", "before-shred")


def pcm_for(entry_id: int) -> bytes:
    return bytes((entry_id * 13 + i * 7) % 256 for i in range(16000))


@pytest.fixture(scope="module")
def plain_journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    folder = tmp_path_factory.mktemp("plain") / "data"
    texts: dict[int, str] = {}
    with SqliteJournal(folder) as journal:
        for number in range(ENTRIES):
            text = f"entry {number}: {SECRET_WORD} at the bus stop, breathing slowly"
            entry_id = journal.add_typed(text)
            texts[entry_id] = text
            if number in RECORDED:
                journal.attach_audio(entry_id, Pcm(pcm_for(entry_id), FMT))
    return folder, texts


def run_encrypt(data_dir: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != migrate.KILL_VARIABLE}
    env.update(VOICEGUIDE_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(REPO))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no keyring: the key is kept under the passphrase only
    if kill_at is not None:
        env[migrate.KILL_VARIABLE] = kill_at
    command = [sys.executable, "-m", "voiceguide", "journal", "encrypt", "--data-dir", str(data_dir)]
    return subprocess.run(command, env=env, capture_output=True,
                          text=True, timeout=60, check=False, cwd=REPO)


def check_whole(data_dir: Path, texts: dict[int, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", PASSPHRASE)
    with opening.open_journal(data_dir, unlocking_from()) as journal:
        entries = journal.list_entries()
        assert {entry.id: entry.text for entry in entries} == texts
        recorded = [entry for entry in entries if entry.audio]
        assert sorted(entry.id for entry in recorded) == sorted(list(texts)[n] for n in RECORDED)
        for entry in recorded:
            assert journal.recording_audio(entry) == (FMT, pcm_for(entry.id))
    assert not (data_dir / migrate.STAGING).exists()


def check_nothing_readable(data_dir: Path) -> None:
    names = sorted(path.name for path in data_dir.iterdir())
    assert names == ["audio", "journal.keys", "journal.sqlite3"], names
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert SECRET_WORD.encode() not in path.read_bytes(), path
            assert b"SQLite format 3" not in path.read_bytes(), path


@pytest.mark.parametrize("stage", STAGES)
def test_encrypt_killed_at_each_stage(stage: str, plain_journal: tuple[Path, dict[int, str]],
                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, texts = plain_journal
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    killed = run_encrypt(data_dir, stage)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    check_whole(data_dir, texts, monkeypatch)  # the old journal, or the new one finished at this open

    again = run_encrypt(data_dir)
    assert again.returncode == 0, again.stderr
    assert "already encrypted" in again.stdout or "Recovery code" in again.stdout
    assert connection.is_encrypted(connection.db_path(data_dir))
    check_whole(data_dir, texts, monkeypatch)
    check_nothing_readable(data_dir)


def test_encrypt_whole_then_wrong_passphrase_changes_nothing(plain_journal: tuple[Path, dict[int, str]],
                                                             tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from voiceguide.commands import journal_keys
    from voiceguide.journal.keys import WrongKey

    source, texts = plain_journal
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    done = run_encrypt(data_dir)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Recovery code") == 1
    check_nothing_readable(data_dir)
    before = {path: path.read_bytes() for path in data_dir.rglob("*") if path.is_file()}
    monkeypatch.setenv("VOICEGUIDE_PASSPHRASE", "not the passphrase")
    monkeypatch.setattr(journal_keys, "terminal", lambda: False)
    with pytest.raises(WrongKey):
        journal_keys.decrypt_command(argparse.Namespace(data_dir=str(data_dir)))
    assert {path: path.read_bytes() for path in data_dir.rglob("*") if path.is_file()} == before
    check_whole(data_dir, texts, monkeypatch)


def test_keyring_encrypt_rekey_decrypt(keyring_env: object, plain_journal: tuple[Path, dict[int, str]],
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, texts = plain_journal
    data_dir = tmp_path / "data"
    shutil.copytree(source, data_dir)
    monkeypatch.delenv("VOICEGUIDE_PASSPHRASE", raising=False)
    key = migrate.encrypt_journal(data_dir, passphrase=None, use_keyring=True)
    first = KeyFile.load(data_dir)
    assert first is not None and first.in_keyring and first.passphrase is None
    assert keychain.load_key(first.journal_id) == key.raw
    with opening.open_journal(data_dir, unlocking_from()) as journal:  # nothing typed: the keyring has it
        assert journal.count() == ENTRIES

    new = migrate.rekey_journal(data_dir, key, passphrase=None, use_keyring=True)
    second = KeyFile.load(data_dir)
    assert second is not None and second.journal_id != first.journal_id
    assert keychain.load_key(second.journal_id) == new.raw
    assert keychain.load_key(first.journal_id) is None  # the old key is gone from the keyring

    migrate.decrypt_journal(data_dir, new)
    assert keychain.load_key(second.journal_id) is None
    assert KeyFile.load(data_dir) is None
    with SqliteJournal(data_dir) as journal:
        assert {entry.id: entry.text for entry in journal.list_entries()} == texts
