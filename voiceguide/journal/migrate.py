"""Encrypting, decrypting and re-keying a journal in place, so a crash at any moment leaves it whole.

Everything new is first written into the staging folder `journal.next/` beside the database:

    plan.json        what is being done (encrypt, decrypt, rekey), the old and new keyring ids, `ready`
    journal.keys     the new key file (not for decrypt: a plain journal has none)
    journal.sqlite3  the new database (sqlcipher_export of the old one, checked: entries, integrity)
    audio/entry-N.wav  every recording in its new form (sealed with the new key, or a plain WAV)
    old.sqlite3      a hard link to the old database, made just before the commit point

The plan is written first (ready=false, so a crash while staging is undone, including the new keyring
entry) and rewritten with ready=true once everything is staged and fsynced. The commit point is one
rename: the staged database over `journal.sqlite3`. So the state after a crash is read from the files
alone, without any key: no staging folder, or a plan not ready, or a ready plan whose staged database is
still there: not committed, the staging folder is removed and the old journal is untouched. A ready plan
whose staged database is gone: committed, and the rest is rolled forward (key file, recordings renamed
over the old ones, the old plaintext overwritten with zeros first, the old database shredded, the old
keyring entry deleted, the staging folder removed). Every step of that can be repeated, so a crash during
it is finished at the next open: `finish_interrupted` runs whenever the journal is unlocked
(`unlock.find_key`) and costs one stat when there is nothing to do.

While it works the migration holds an exclusive flock on the data folder (another migration, or an open
finding a half-done one, waits for nothing: it says the journal is busy) and the database's write lock
(sessions wait, then say the journal is busy). At the commit point every connection is closed; the last
close removes -wal and -shm, so if they are still there another voiceguide has the journal open and the
migration is undone rather than lose what that one writes. The database file must not have changed
between the export and the commit point either (its mtime and size are compared).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from voiceguide import paths
from voiceguide.audio.format import AudioFormat
from voiceguide.errors import JournalError, UsageError
from voiceguide.journal import connection, sealed
from voiceguide.journal.keys import JournalKey, KeyFile, PassphraseLock

STAGING = "journal.next"  # unlock.MIGRATION_STAGING names it too
PLAN = "plan.json"
OLD_DB = "old.sqlite3"
AUDIO_DIR = "audio"
KINDS = ("encrypt", "decrypt", "rekey")
KILL_VARIABLE = "VOICEGUIDE_TEST_KILL_AT"
SHRED_BLOCK = 1 << 20


def test_kill_point(stage: str) -> None:
    """Test hook: SIGKILL this process at the named stage when VOICEGUIDE_TEST_KILL_AT names it (the crash
    tests use it to stop a migration at exact points). Stages: plan, keys, database, recordings, ready,
    committed, half-renamed, before-shred."""
    if os.environ.get(KILL_VARIABLE) == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class Plan:
    kind: str
    old_journal_id: str | None  # the old key's keyring entry, deleted once the new journal is in place
    new_journal_id: str | None  # the new key's keyring entry, deleted when the migration is undone
    ready: bool = False

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "old_keyring_id": self.old_journal_id,
                "new_keyring_id": self.new_journal_id, "ready": self.ready}

    @classmethod
    def load(cls, path: Path) -> Plan | None:
        try:
            data = json.loads(path.read_bytes())
            kind = str(data["kind"])
            if kind not in KINDS:
                raise ValueError(kind)
            old, new = data.get("old_keyring_id"), data.get("new_keyring_id")
            return cls(kind, None if old is None else str(old), None if new is None else str(new),
                       data.get("ready") is True)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a plan cut short was never ready

    def save(self, folder: Path) -> None:
        write_durably(folder / PLAN, json.dumps(self.as_json()).encode())


# -- what the commands call ------------------------------------------------------------------------------


def encrypt_journal(data_dir: Path, *, passphrase: str | None, use_keyring: bool) -> JournalKey:
    """Encrypt the plain journal in `data_dir` with a new random key, kept as asked (passphrase-wrapped
    and/or in the keyring); returns the key (its recovery code is shown once)."""
    data_dir = Path(data_dir)
    new = JournalKey.generate()
    migrate(data_dir, "encrypt", None, new, new_key_file(new, passphrase, use_keyring))
    return new


def decrypt_journal(data_dir: Path, key: JournalKey) -> None:
    """Turn the encrypted journal in `data_dir` (opened by `key`) back into a plain one."""
    migrate(Path(data_dir), "decrypt", key, None, None)


def rekey_journal(data_dir: Path, old: JournalKey, *, passphrase: str | None,
                  use_keyring: bool) -> JournalKey:
    """Re-encrypt the journal with a new random key (the old key and recovery code stop working)."""
    new = JournalKey.generate()
    migrate(Path(data_dir), "rekey", old, new, new_key_file(new, passphrase, use_keyring))
    return new


def new_key_file(key: JournalKey, passphrase: str | None, use_keyring: bool) -> KeyFile:
    if passphrase is None and not use_keyring:
        raise UsageError("the encrypted journal's key must be kept somewhere: give a passphrase, or use "
                         "the desktop keyring")
    return KeyFile.new(in_keyring=use_keyring,
                       passphrase=None if passphrase is None else PassphraseLock.wrap(key, passphrase))


def finish_interrupted(data_dir: Path) -> None:
    """Finish or undo a migration a crash interrupted (see the module's docstring); one stat when there
    is none. Needs no key. Raises JournalError when another voiceguide is migrating the journal now."""
    staging = Path(data_dir) / STAGING
    if not staging.exists():
        return
    with folder_lock(Path(data_dir)):
        settle(Path(data_dir))


# -- the migration ---------------------------------------------------------------------------------------


def migrate(data_dir: Path, kind: str, old: JournalKey | None, new: JournalKey | None,
            key_file: KeyFile | None) -> None:
    database = connection.db_path(data_dir)
    if not database.exists() or database.stat().st_size == 0:
        raise UsageError(f"there is no journal in {data_dir} yet")
    with folder_lock(data_dir):
        settle(data_dir)
        if connection.is_encrypted(database) != (kind != "encrypt"):
            state = "already encrypted" if kind == "encrypt" else "not encrypted"
            raise UsageError(f"the journal in {data_dir} is {state}")
        if old is not None:
            connection.check_key(database, old, connection.BUSY_TIMEOUT_MS)  # reads only
        old_file = KeyFile.load(data_dir) if old is not None else None
        plan = Plan(kind, old_file.journal_id if old_file is not None and old_file.in_keyring else None,
                    key_file.journal_id if key_file is not None and key_file.in_keyring else None)
        staging = data_dir / STAGING
        try:
            stage(data_dir, staging, plan, old, new, key_file)
            commit(data_dir, staging)
        except BaseException:
            if not committed(staging):
                with contextlib.suppress(Exception):
                    undo(data_dir, Plan.load(staging / PLAN) or plan)
            raise
        test_kill_point("committed")
        roll_forward(data_dir, plan)


def stage(data_dir: Path, staging: Path, plan: Plan, old: JournalKey | None, new: JournalKey | None,
          key_file: KeyFile | None) -> None:
    staging.mkdir(mode=0o700)
    paths.fsync_path(data_dir)
    plan.save(staging)
    test_kill_point("plan")
    if key_file is not None:
        assert new is not None
        if key_file.in_keyring:
            from voiceguide.journal import keychain

            keychain.store_key(key_file.journal_id, new.raw)
        key_file.save(staging)
    test_kill_point("keys")
    stat = export_database(data_dir, staging, old, new)
    test_kill_point("database")
    stage_recordings(data_dir, staging, old, new)
    test_kill_point("recordings")
    Plan(plan.kind, plan.old_journal_id, plan.new_journal_id, ready=True).save(staging)
    test_kill_point("ready")
    check_unchanged(connection.db_path(data_dir), stat)


def export_database(data_dir: Path, staging: Path, old: JournalKey | None,
                    new: JournalKey | None) -> tuple[int, int]:
    """Write the new database into the staging folder while holding the old one's write lock; returns
    the old file's (mtime, size) once every connection is closed, to check nothing wrote since."""
    database = connection.db_path(data_dir)
    target = staging / connection.DB_NAME
    connection.create_private_file(target)
    conn = connection.connect(database, read_only=False, key=old)
    try:
        with connection.journal_errors(database, encrypted=old is not None):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            target_key = "''" if new is None else new.sqlcipher_key()
            conn.execute(f"ATTACH DATABASE ? AS next KEY {target_key}", (str(target),))
            conn.execute("BEGIN IMMEDIATE")  # the write lock, held until everything is exported
            entries = int(conn.execute("SELECT count(*) FROM main.entries").fetchone()[0])
            version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
            conn.execute("SELECT sqlcipher_export('next')").fetchall()
            conn.execute(f"PRAGMA next.user_version = {version}")
            conn.execute("COMMIT")
            conn.execute("DETACH DATABASE next")
    finally:
        conn.close()  # the last close checkpoints and removes -wal and -shm
    for side in ("-wal", "-shm"):
        if database.with_name(database.name + side).exists():
            raise JournalError("the journal is open in another voiceguide (a session or the journal "
                               "screen): close it and try again; nothing was changed")
    paths.fsync_path(target)
    check_copy(target, new, entries, version)
    return stat_of(database)


def check_copy(path: Path, key: JournalKey | None, entries: int, version: int) -> None:
    probe = connection.connect(path, read_only=True, key=key)
    try:
        with connection.journal_errors(path, encrypted=key is not None):
            count = int(probe.execute("SELECT count(*) FROM entries").fetchone()[0])
            copied = int(probe.execute("PRAGMA user_version").fetchone()[0])
            check = [row[0] for row in probe.execute("PRAGMA integrity_check").fetchall()]
    finally:
        probe.close()
    if count != entries or copied != version or check != ["ok"]:
        raise JournalError("the journal's new copy did not check out (entries, version or integrity): "
                           "nothing was changed; check the disk's free space and try again")


def stage_recordings(data_dir: Path, staging: Path, old: JournalKey | None, new: JournalKey | None) -> None:
    source = data_dir / AUDIO_DIR
    names = sorted(path.name for path in source.glob("entry-*.wav")) if source.is_dir() else []
    if not names:
        return
    folder = staging / AUDIO_DIR
    folder.mkdir(mode=0o700)
    for name in names:
        fmt, pcm = read_recording(source / name, old)
        if new is None:
            write_durably(folder / name, sealed.wav_bytes(fmt, pcm))
        else:
            sealed.seal_file(pcm, new.raw, folder / name, fmt)
    paths.fsync_path(folder)
    paths.fsync_path(staging)


def read_recording(path: Path, key: JournalKey | None) -> tuple[AudioFormat, bytes]:
    try:
        if sealed.is_sealed(path):
            if key is None:
                raise sealed.SealedError(f"the recording {path} is sealed but the journal is plain")
            return sealed.read_sealed(path, key.raw)
        return sealed.pcm_of_wav(path)
    except (sealed.SealedError, OSError, wave.Error) as exc:
        raise JournalError(f"cannot read the recording {path} ({exc}): nothing was changed; move it out of "
                           "the audio folder (the entry keeps its text) and try again") from None


def commit(data_dir: Path, staging: Path) -> None:
    """The commit point: the staged database replaces the old one in one rename."""
    database = connection.db_path(data_dir)
    link = staging / OLD_DB
    link.unlink(missing_ok=True)
    os.link(database, link)
    os.replace(staging / connection.DB_NAME, database)
    paths.fsync_path(staging)
    paths.fsync_path(data_dir)


def committed(staging: Path) -> bool:
    """Whether the commit point was passed: the plan is ready and its staged database was renamed."""
    plan = Plan.load(staging / PLAN)
    return plan is not None and plan.ready and not (staging / connection.DB_NAME).exists()


def check_unchanged(database: Path, before: tuple[int, int]) -> None:
    if stat_of(database) != before or any(database.with_name(database.name + side).exists()
                                          for side in ("-wal", "-shm")):
        raise JournalError("another voiceguide wrote to the journal meanwhile: close it and try again; "
                           "nothing was changed")


# -- after a crash ---------------------------------------------------------------------------------------


def settle(data_dir: Path) -> None:
    """With the folder lock held: finish a committed migration, or undo one that was not committed."""
    staging = data_dir / STAGING
    if not staging.exists():
        return
    plan = Plan.load(staging / PLAN)
    try:
        if plan is not None and committed(staging):
            roll_forward(data_dir, plan)
        else:
            undo(data_dir, plan)
    except OSError as exc:
        raise JournalError(f"cannot finish the journal's interrupted encryption change in {data_dir} "
                           f"({exc.strerror}): make the folder writable and try again") from None


def undo(data_dir: Path, plan: Plan | None) -> None:
    """Remove what was staged; the old journal was never touched (old.sqlite3 is only a second name for
    it, so it is unlinked, never overwritten)."""
    staging = data_dir / STAGING
    if plan is not None and plan.new_journal_id is not None:
        forget_keyring_entry(plan.new_journal_id)
    (staging / OLD_DB).unlink(missing_ok=True)
    for path in sorted(staging.rglob("*"), reverse=True):
        if path.is_dir():
            path.rmdir()
        elif plan is not None and plan.kind == "decrypt":
            shred(path)  # a staged plain copy of an encrypted journal
        else:
            path.unlink()
    remove_staging(data_dir)


def roll_forward(data_dir: Path, plan: Plan) -> None:
    """Everything after the commit point; each step can be repeated after a crash."""
    staging = data_dir / STAGING
    keys = KeyFile.path(data_dir)
    if plan.kind == "decrypt":
        keys.unlink(missing_ok=True)
    elif (staging / keys.name).exists():
        os.replace(staging / keys.name, keys)
    paths.fsync_path(data_dir)
    staged_audio = staging / AUDIO_DIR
    if staged_audio.is_dir():
        audio = data_dir / AUDIO_DIR
        staged = sorted(staged_audio.glob("entry-*.wav"))
        for number, path in enumerate(staged):
            target = audio / path.name
            if plan.kind == "encrypt" and target.exists() and not sealed.is_sealed(target):
                overwrite_with_zeros(target)
            os.replace(path, target)
            if number == len(staged) // 2:
                paths.fsync_path(audio)
                test_kill_point("half-renamed")
        paths.fsync_path(audio)
        staged_audio.rmdir()
    test_kill_point("before-shred")
    old = staging / OLD_DB
    if old.exists():
        database = connection.db_path(data_dir)
        if database.exists() and os.path.samefile(old, database):
            raise JournalError(f"the journal's migration state in {staging} is inconsistent: move that "
                               "folder aside and open the journal again")
        shred(old)
    if plan.old_journal_id is not None and plan.old_journal_id != plan.new_journal_id:
        forget_keyring_entry(plan.old_journal_id)
    (staging / PLAN).unlink(missing_ok=True)
    for path in sorted(staging.rglob("*"), reverse=True):  # nothing else is expected: a stray partial
        path.rmdir() if path.is_dir() else path.unlink()
    remove_staging(data_dir)


def remove_staging(data_dir: Path) -> None:
    staging = data_dir / STAGING
    if staging.exists():
        shutil.rmtree(staging)
    paths.fsync_path(data_dir)


def forget_keyring_entry(journal_id: str) -> None:
    """Best effort: a keyring that cannot be reached now keeps an entry nothing points to."""
    from voiceguide.journal import keychain

    with contextlib.suppress(JournalError, ValueError):
        if keychain.keyring_available():
            keychain.delete_key(journal_id)


# -- files -----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def folder_lock(data_dir: Path) -> Iterator[None]:
    """An exclusive flock on the data folder for one migration (released by the kernel if we die)."""
    try:
        fd = os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise JournalError(f"cannot open the journal's folder {data_dir}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JournalError("another voiceguide is encrypting, decrypting or re-keying the journal: "
                               "wait for it to finish and try again") from None
        yield
    finally:
        os.close(fd)


def write_durably(path: Path, data: bytes) -> None:
    """Write `path` (0600) through a partial file, fsynced and renamed into place."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, connection.PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    paths.fsync_path(path.parent)


def stat_of(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def overwrite_with_zeros(path: Path) -> None:
    """Overwrite the file's bytes in place with zeros and fsync (best effort on journaling and copy-on-write
    file systems and SSDs, which may keep the old blocks)."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        left = size
        while left > 0:
            step = min(left, SHRED_BLOCK)
            handle.write(bytes(step))
            left -= step
        handle.flush()
        os.fsync(handle.fileno())


def shred(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        overwrite_with_zeros(path)
        path.unlink()


__all__ = ["decrypt_journal", "encrypt_journal", "finish_interrupted", "rekey_journal"]
