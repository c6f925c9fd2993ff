"""Journal statistics: entries per ISO week, distress before and after per practice, top triggers/emotions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from voiceguide.journal.models import local_time

if TYPE_CHECKING:
    from voiceguide.journal.store import SqliteJournal

TOP = 10


@dataclass(frozen=True)
class PracticeChange:
    practice: str
    runs: int  # runs rated both before and after
    average_change: float  # after minus before: negative means the distress went down
    average_before: float = 0.0  # the distress rated before, 0-10, over the same runs
    average_after: float = 0.0


@dataclass(frozen=True)
class JournalStats:
    entries: int
    per_week: tuple[tuple[str, int], ...]  # ("2026-W48", 3), oldest week first, local time
    rating_change: tuple[PracticeChange, ...]
    top_emotions: tuple[tuple[str, int], ...]
    top_triggers: tuple[tuple[str, int], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "entries": self.entries,
            "per_week": [{"week": week, "entries": count} for week, count in self.per_week],
            "rating_change": [{"practice": c.practice, "runs": c.runs, "average_change": c.average_change,
                               "average_before": c.average_before, "average_after": c.average_after}
                              for c in self.rating_change],
            "top_emotions": [{"name": name, "count": count} for name, count in self.top_emotions],
            "top_triggers": [{"name": name, "count": count} for name, count in self.top_triggers],
        }


def compute(journal: SqliteJournal) -> JournalStats:
    with journal.guarded():
        conn = journal.conn
        weeks: Counter[str] = Counter()
        for (created,) in conn.execute("SELECT created FROM entries"):
            year, week, _ = local_time(created).isocalendar()
            weeks[f"{year}-W{week:02d}"] += 1
        changes = conn.execute(
            "SELECT practice, count(*), avg(rating_after - rating_before), avg(rating_before),"
            " avg(rating_after) FROM runs"
            " WHERE rating_before IS NOT NULL AND rating_after IS NOT NULL"
            " GROUP BY practice ORDER BY practice"
        ).fetchall()
        tops = {kind: tuple((name, int(count)) for name, count in conn.execute(
            "SELECT name, count(*) AS n FROM tags WHERE kind = ? GROUP BY name ORDER BY n DESC, name LIMIT ?",
            (kind, TOP))) for kind in ("emotion", "trigger")}
    return JournalStats(
        entries=sum(weeks.values()),
        per_week=tuple(sorted(weeks.items())),
        rating_change=tuple(PracticeChange(p, int(n), round(float(change), 2), round(float(before), 2),
                                           round(float(after), 2))
                            for p, n, change, before, after in changes),
        top_emotions=tops["emotion"],
        top_triggers=tops["trigger"],
    )
