"""Opening the journal's SQLite file: private permissions, durable WAL, read-only fallback, clear errors."""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from voiceguide import paths
from voiceguide.errors import JournalError

DB_NAME = "journal.sqlite3"
BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE = 0o600
SIDE_FILES = ("", "-wal", "-shm", "-journal")


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


def connect(path: Path, *, read_only: bool, immutable: bool = False,
            busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), with the journal's pragmas set.

    Durability: WAL with synchronous=FULL fsyncs the WAL at every commit, so a committed segment survives
    a killed process *and* a power cut. NORMAL would survive SIGKILL too but could lose the last commits
    on power loss; a segment settles every few seconds, so the fsync (about a millisecond) is affordable.
    """
    mode = "ro" if read_only else "rwc"
    uri = f"file:{quote(str(path))}?mode={mode}" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                           timeout=busy_timeout_ms / 1000)
    try:
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


def open_connection(data_dir: Path, *, read_only: bool = False,
                    busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> tuple[sqlite3.Connection, bool]:
    """Open (creating when allowed) the journal in `data_dir`; returns the connection and whether it is
    read-only. A journal we may not write is opened read-only rather than refused."""
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
    try:
        conn = connect(path, read_only=read_only, busy_timeout_ms=busy_timeout_ms)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if any(word in str(exc) for word in ("not a database", "malformed", "locked", "busy")):
            raise translate(exc, path) from None
        conn, read_only = open_read_only(path, busy_timeout_ms, exc), True
    if not read_only:
        make_private(path)
    return conn, read_only


def open_read_only(path: Path, busy_timeout_ms: int, first: sqlite3.DatabaseError) -> sqlite3.Connection:
    """Degraded mode: read the journal we cannot write. A WAL journal in a folder we cannot write has no
    -shm to share, so as a last resort read the main file as it is (its last checkpoint)."""
    for immutable in (False, True):
        try:
            conn = connect(path, read_only=True, immutable=immutable, busy_timeout_ms=busy_timeout_ms)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.DatabaseError:
            continue
    raise translate(first, path) from None


def translate(exc: sqlite3.Error, path: Path) -> JournalError:
    """One line saying what went wrong with the journal and what to do about it."""
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorcode", None)
    if "locked" in text or "busy" in text:
        return JournalError("the journal is busy (another voiceguide is writing to it): "
                            "try again in a moment")
    if "readonly" in text or "read-only" in text:
        return JournalError(f"the journal {path} is read-only: you can read it, but to write to it make the "
                            "file and its folder writable (chmod u+w)")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return JournalError(f"the journal {path} is damaged or not a voiceguide journal: move it aside "
                            "(voiceguide then starts a new one) and restore a backup or export")
    if "disk is full" in text or code == errno.ENOSPC:
        return JournalError("the disk is full: free some space; what was saved before is safe")
    if "unable to open" in text or "disk i/o" in text:
        return JournalError(f"cannot open the journal {path}: check that the file and its folder exist and "
                            "are readable by you")
    return JournalError(f"journal error ({path}): {exc}")


@contextmanager
def journal_errors(path: Path) -> Iterator[None]:
    """Turn SQLite errors inside the block into one-line JournalErrors."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, path) from None
