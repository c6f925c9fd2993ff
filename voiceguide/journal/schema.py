"""The journal's SQLite schema as numbered migrations, applied in order and recorded in user_version."""

from __future__ import annotations

from voiceguide.errors import JournalError
from voiceguide.journal import sql

# Each migration moves the database from version N to N+1. Never edit a released one; append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        practice TEXT NOT NULL,
        started TEXT NOT NULL,
        rating_before INTEGER CHECK (rating_before BETWEEN 0 AND 10),
        rating_after INTEGER CHECK (rating_after BETWEEN 0 AND 10)
    );
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        practice TEXT NOT NULL DEFAULT '',
        step TEXT NOT NULL DEFAULT '',
        prompt TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        original TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL CHECK (source IN ('spoken', 'typed')),
        engine TEXT NOT NULL DEFAULT '',
        duration REAL,
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        audio TEXT
    );
    CREATE INDEX entries_created ON entries(created);
    CREATE INDEX entries_practice ON entries(practice, created);
    CREATE INDEX entries_run ON entries(run_id);
    CREATE TABLE tags (
        entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('emotion', 'trigger', 'tag')),
        name TEXT NOT NULL,
        PRIMARY KEY (entry_id, kind, name)
    ) WITHOUT ROWID;
    CREATE INDEX tags_by_name ON tags(kind, name);
    CREATE VIRTUAL TABLE entries_fts USING fts5(
        text, prompt, content='entries', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    );
    CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts(rowid, text, prompt) VALUES (new.id, new.text, new.prompt);
    END;
    CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, text, prompt)
            VALUES ('delete', old.id, old.text, old.prompt);
    END;
    CREATE TRIGGER entries_fts_update AFTER UPDATE OF text, prompt ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, text, prompt)
            VALUES ('delete', old.id, old.text, old.prompt);
        INSERT INTO entries_fts(rowid, text, prompt) VALUES (new.id, new.text, new.prompt);
    END;
    """,
)

LATEST = len(MIGRATIONS)


def version(conn: sql.Connection) -> int:
    value: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return value


def migrate(conn: sql.Connection) -> int:
    """Bring the schema up to LATEST in one immediate transaction; returns the version it started at.

    An up-to-date journal takes no write lock, so opening it to read never waits for a session writing.
    """
    if version(conn) == LATEST:
        return LATEST
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = version(conn)
        if start > LATEST:
            raise JournalError(
                f"the journal was written by a newer voiceguide (schema {start}, this one knows {LATEST}): "
                "update voiceguide"
            )
        for number in range(start, LATEST):
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return start


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (executescript would commit our transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sql.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete statement in migration: {current.strip()[:60]}")
    return statements
