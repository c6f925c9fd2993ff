"""Opening the journal's SQLite file (plain or SQLCipher): private permissions, durable WAL, read-only
fallback, clear errors."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from voiceguide import paths
from voiceguide.errors import JournalError
from voiceguide.journal import sql
from voiceguide.journal.keys import WrongKey

if TYPE_CHECKING:
    from voiceguide.journal.keys import JournalKey

DB_NAME = "journal.sqlite3"
BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE = 0o600
SIDE_FILES = ("", "-wal", "-shm", "-journal")
PLAIN_HEADER = b"SQLite format 3\x00"


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def make_private(path: Path) -> None:
    """The database and its -wal/-shm files: owner read/write only, whatever the umask was."""
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        try:
            os.chmod(side, PRIVATE_FILE)
        except FileNotFoundError:
            pass
        except PermissionError:
            pass  # not ours to change (read-only journal); reading still works


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist yet (before SQLite creates it 0644)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)


def is_encrypted(path: Path) -> bool:
    """Whether the database file holds something other than a plain SQLite header (SQLCipher leaves no
    header: the file starts with its salt). A missing or empty file is not encrypted (it is new)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(PLAIN_HEADER))
    except OSError:  # missing or unreadable: opening it says what is wrong
        return False
    return bool(head) and head != PLAIN_HEADER


def connect(path: Path, *, read_only: bool, immutable: bool = False, key: JournalKey | None = None,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sql.Connection:
    """A connection in autocommit mode (transactions are explicit), with the journal's pragmas set.

    Durability: WAL with synchronous=FULL fsyncs the WAL at every commit, so a committed segment survives
    a killed process *and* a power cut. NORMAL would survive SIGKILL too but could lose the last commits
    on power loss; a segment settles every few seconds, so the fsync (about a millisecond) is affordable.
    """
    mode = "ro" if read_only else "rwc"
    uri = f"file:{quote(str(path))}?mode={mode}" + ("&immutable=1" if immutable else "")
    conn: sql.Connection = sql.dbapi.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                             timeout=busy_timeout_ms / 1000)
    try:
        # SQLCipher writes its log to stderr, under the terminal app's screen, unless told not to.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = {key.sqlcipher_key()}")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if not read_only:
            mode_now = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode_now).lower() != "wal":
                raise JournalError(f"cannot switch the journal {path} to WAL mode (got {mode_now})")
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def open_connection(data_dir: Path, *, read_only: bool = False, key: JournalKey | None = None,
                    busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[sql.Connection, bool]:
    """Open (creating when allowed) the journal in `data_dir`, encrypted with `key` when one is given;
    returns the connection and whether it is read-only. A journal we may not write is opened read-only
    rather than refused. An encrypted journal is first opened read-only to check the key, so a wrong key
    never touches the file (not even to switch it to WAL)."""
    path = db_path(data_dir)
    if not read_only:
        try:
            paths.ensure_private_dir(data_dir)
            create_private_file(path)
        except OSError as exc:
            if not path.exists():
                raise JournalError(f"cannot create the journal in {data_dir}: {exc.strerror}; "
                                   "choose another folder with --data-dir") from None
            read_only = True
        else:
            read_only = not os.access(path, os.W_OK)
    elif not path.exists():
        raise JournalError(f"there is no journal in {data_dir} yet")
    if not read_only:
        read_only = not os.access(data_dir, os.W_OK)
    if key is not None and is_encrypted(path):
        check_key(path, key, busy_timeout_ms)
    try:
        conn = connect(path, read_only=read_only, key=key, busy_timeout_ms=busy_timeout_ms)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sql.DatabaseError as exc:
        if any(word in str(exc) for word in ("not a database", "malformed", "locked", "busy")):
            raise translate(exc, path, encrypted=key is not None) from None
        conn, read_only = open_read_only(path, busy_timeout_ms, exc, key), True
    if not read_only:
        make_private(path)
    return conn, read_only


def connect_memory() -> sql.Connection:
    """A journal database in memory only (a locked journal's answers until it is unlocked)."""
    conn: sql.Connection = sql.dbapi.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def check_key(path: Path, key: JournalKey | None, busy_timeout_ms: int) -> None:
    """Raise WrongKey unless `key` opens the encrypted journal at `path`; reads only."""
    try:
        probe = connect(path, read_only=True, key=key, busy_timeout_ms=busy_timeout_ms)
    except sql.DatabaseError as exc:
        raise translate(exc, path, encrypted=True) from None
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sql.DatabaseError as exc:
        raise translate(exc, path, encrypted=True) from None
    finally:
        probe.close()


def open_read_only(path: Path, busy_timeout_ms: int, first: Exception,
                   key: JournalKey | None = None) -> sql.Connection:
    """Degraded mode: read the journal we cannot write. A WAL journal in a folder we cannot write has no
    -shm to share, so as a last resort read the main file as it is (its last checkpoint)."""
    for immutable in (False, True):
        try:
            conn = connect(path, read_only=True, immutable=immutable, key=key,
                           busy_timeout_ms=busy_timeout_ms)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sql.DatabaseError:
            continue
    raise translate(first, path, encrypted=key is not None) from None


def translate(exc: Exception, path: Path, *, encrypted: bool = False) -> JournalError:
    """One line saying what went wrong with the journal and what to do about it. An encrypted journal that
    a key does not open is never called damaged: the key is what is wrong, and the file must be kept."""
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None)
    if "locked" in text or "busy" in text:
        return JournalError("the journal is busy (another voiceguide is writing to it): "
                            "try again in a moment")
    if "readonly" in text or "read-only" in text:
        return JournalError(f"the journal {path} is read-only: you can read it, but to write to it make the "
                            "file and its folder writable (chmod u+w)")
    if encrypted and "not a database" in text:
        return WrongKey(f"the key given does not open the encrypted journal {path} (the file is unchanged): "
                        "give the right passphrase or the recovery code")
    if "not a database" in text and is_encrypted(path):
        return JournalError(f"the journal {path} is not a plain SQLite file: if it is encrypted, its key "
                            "file journal.keys is missing, so give its recovery code (voiceguide asks for "
                            "it, or set VOICEGUIDE_PASSPHRASE to it); if it is not, it is damaged: restore a "
                            "backup or export")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return JournalError(f"the journal {path} is damaged or not a voiceguide journal: move it aside "
                            "(voiceguide then starts a new one) and restore a backup or export")
    if "disk is full" in text or code == errno.ENOSPC:
        return JournalError("the disk is full: free some space; what was saved before is safe")
    if "disk i/o" in text:  # a failed write (e.g. EFBIG past a file size limit) or a failing disk
        return JournalError(f"the journal {path} could not be written or read (disk I/O error): check that "
                            "the disk has free space and works; what was saved before is safe")
    if "unable to open" in text:
        return JournalError(f"cannot open the journal {path}: check that the file and its folder exist and "
                            "are readable by you")
    return JournalError(f"journal error ({path}): {exc}")


@contextmanager
def journal_errors(path: Path, *, encrypted: bool = False) -> Iterator[None]:
    """Turn SQLite errors inside the block into one-line JournalErrors."""
    try:
        yield
    except sql.Error as exc:
        raise translate(exc, path, encrypted=encrypted) from None
