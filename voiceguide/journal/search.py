"""Full-text search: the user's query made safe for FTS5, filters, and snippets split into marked parts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from voiceguide.errors import UsageError
from voiceguide.journal import sql as driver
from voiceguide.journal.models import EVERYTHING, EntryFilter, SearchHit, SnippetPart

if TYPE_CHECKING:
    from voiceguide.journal.store import SqliteJournal

DEFAULT_LIMIT = 50
SNIPPET_WORDS = 16
# Private-use characters mark matches inside SQLite's snippet(); they are split out before anyone sees them.
OPEN, CLOSE = "\ue000", "\ue001"
OPERATORS = {"AND", "OR", "NOT"}
BAREWORD = re.compile(r"^\(*[\w]+\*?\)*$")
HELP = ('use words, word* for words starting with it, "a phrase" in double quotes, '
        "and AND / OR / NOT between them")


def fts_query(query: str) -> str:
    """The query with anything FTS5 would choke on quoted: `calm*`, `"felt alone"`, `a OR b` keep their
    meaning; `don't` or `[bold]` become phrases. Raises UsageError for an unclosed quote or an empty query."""
    if query.count('"') % 2:
        raise UsageError(f"search: a double quote is not closed in {query!r}; {HELP}")
    pieces = re.findall(r'"[^"]*"|[^\s"]+', query)
    out = []
    for piece in pieces:
        if piece.startswith('"') or piece in OPERATORS or BAREWORD.match(piece):
            out.append(piece)
        else:
            out.append('"' + piece.replace('"', "") + '"')
    if not out:
        raise UsageError(f"search: nothing to look for; {HELP}")
    return " ".join(out)


def search(journal: SqliteJournal, query: str, where: EntryFilter = EVERYTHING) -> list[SearchHit]:
    """Matching entries, newest first (at most `where.limit`, default 50), each with a marked snippet."""
    from voiceguide.journal.store import ENTRY_COLUMNS, filter_sql

    clause, params = filter_sql(where)
    limit = where.limit if where.limit is not None else DEFAULT_LIMIT
    sql = (f"SELECT {ENTRY_COLUMNS}, snippet(entries_fts, -1, '{OPEN}', '{CLOSE}', '…', {SNIPPET_WORDS})"
           " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid LEFT JOIN runs r ON r.id = e.run_id"
           f" WHERE entries_fts MATCH ? AND {clause} ORDER BY entries_fts.rowid DESC LIMIT {int(limit)}")
    with journal.guarded():
        try:
            rows = journal.conn.execute(sql, [fts_query(query), *params]).fetchall()
        except driver.OperationalError as exc:
            text = str(exc)
            if "fts5" in text or "no such column" in text:
                raise UsageError(f"search: cannot understand {query!r}; {HELP}") from None
            raise
        entries = journal.with_tags([row[:-1] for row in rows])
    return [SearchHit(entry, split_snippet(row[-1] or "")) for entry, row in zip(entries, rows, strict=True)]


def split_snippet(marked: str) -> tuple[SnippetPart, ...]:
    parts: list[SnippetPart] = []
    for index, chunk in enumerate(re.split(f"[{OPEN}{CLOSE}]", marked)):
        if chunk:
            parts.append(SnippetPart(chunk, matched=index % 2 == 1))
    return tuple(parts)
