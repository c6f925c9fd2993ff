"""Journal figures: saving one dictation segment, searching 100,000 entries, exporting 100,000 entries."""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.figure import Figure
from voiceguide.journal import SqliteJournal
from voiceguide.journal.export import export

ENTRIES = 100_000
FEELINGS = ["calm", "calmer", "angry", "alone", "afraid", "tired", "hopeful", "tense", "sad", "relieved"]
QUERIES = ["calm", "calm*", '"felt alone"', "tired AND hopeful", "breath*", "work", "qz*", '"heart racing"']


def words(chooser: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(chooser.choice(vocabulary) for _ in range(count))


def fill(journal: SqliteJournal, count: int) -> None:
    chooser = random.Random(7)
    common = ["felt", "heart", "racing", "breathing", "work", "home", "phone", "the", "and"]
    made_up = ["".join(chooser.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(chooser.randint(3, 9)))
               for _ in range(3000)]
    vocabulary = FEELINGS + common + made_up
    start = datetime(2023, 1, 1, tzinfo=UTC)
    rows = []
    for index in range(count):
        created = (start + timedelta(minutes=15 * index)).isoformat(timespec="microseconds")
        text = words(chooser, vocabulary, chooser.randint(15, 80))
        rows.append((created, created, "stop", "observe", "What do you notice?", text, text, "spoken",
                     "pocketsphinx", 30.0))
    with journal.transaction() as conn:
        conn.executemany("INSERT INTO entries (created, updated, practice, step, prompt, text, original,"
                         " source, engine, duration) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany("INSERT INTO tags (entry_id, kind, name) VALUES (?, 'emotion', ?)",
                         [(index + 1, chooser.choice(FEELINGS)) for index in range(count)])


def segment_save_ms(folder: Path) -> float:
    with SqliteJournal(folder / "segments") as journal:
        times = []
        for entry_number in range(10):
            entry_id = journal.begin_entry(practice="stop", step="observe", prompt="?", source="spoken",
                                           engine="pocketsphinx")
            for index in range(20):
                started = time.perf_counter()
                journal.append_segment(entry_id, f"segment {entry_number} {index} my chest feels tight again")
                times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="voiceguide-bench-") as tmp:
        folder = Path(tmp)
        save = segment_save_ms(folder)
        figures.append(Figure("journal: save one dictation segment (fsync'd), median of 200", save, "ms"))
        with SqliteJournal(folder / "big") as journal:
            started = time.perf_counter()
            fill(journal, ENTRIES)
            journal.checkpoint()
            figures.append(Figure(f"journal: fill {ENTRIES:,} entries (setup)", time.perf_counter() - started,
                                  "s"))
            by_query: dict[str, list[float]] = {query: [] for query in QUERIES}
            for _ in range(5):
                for query in QUERIES:
                    started = time.perf_counter()
                    journal.search(query)
                    by_query[query].append(time.perf_counter() - started)
            times = [seconds for runs in by_query.values() for seconds in runs]
            search_ms = statistics.median(times) * 1000
            figures.append(Figure(f"journal: search at {ENTRIES:,} entries, median of {len(times)} (50 newest"
                                  " hits with snippets)", search_ms, "ms", "< 10 ms", search_ms < 10))
            slowest = max(QUERIES, key=lambda query: statistics.median(by_query[query]))
            figures.append(Figure(f"journal: slowest query type ({slowest}), median",
                                  statistics.median(by_query[slowest]) * 1000, "ms"))
            started = time.perf_counter()
            journal.delete(ENTRIES // 2)
            figures.append(Figure(f"journal: delete one entry at {ENTRIES:,} entries (index merged, WAL"
                                  " truncated; holds the write lock)", time.perf_counter() - started, "s"))
            for fmt in ("json", "jrnl", "md"):
                started = time.perf_counter()
                export(journal, fmt, folder / f"export.{fmt}")
                figures.append(Figure(f"journal: export {ENTRIES:,} entries as {fmt}",
                                      time.perf_counter() - started, "s"))
    return figures
