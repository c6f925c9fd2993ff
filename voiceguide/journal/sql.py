"""The SQLite driver every journal connection uses: SQLCipher's (`sqlcipher3`), for plain and encrypted files.

One driver for both kinds of journal, so the error classes code catches are the same whichever file is
open. Without a key SQLCipher reads and writes ordinary SQLite files, byte for byte what `sqlite3` would.
`sqlite3.Connection` is kept as the type name: `sqlcipher3` mirrors that API and ships no type hints.
"""

from __future__ import annotations

import sqlite3

import sqlcipher3.dbapi2 as dbapi

Connection = sqlite3.Connection
Error: type[Exception] = dbapi.Error
DatabaseError: type[Exception] = dbapi.DatabaseError
OperationalError: type[Exception] = dbapi.OperationalError
complete_statement = dbapi.complete_statement

__all__ = ["Connection", "DatabaseError", "Error", "OperationalError", "complete_statement", "dbapi"]
