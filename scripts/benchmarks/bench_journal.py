"""Journal figures: saving one dictation segment, searching 100,000 entries (plain and encrypted, side by
side), the start-up cost of unlocking (in this process, and to the terminal app's first screen), exporting
100,000 entries."""

from __future__ import annotations

import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.bench_tui import FIRST_SCREEN_TARGET_S, start_once
from benchmarks.figure import Figure
from voiceguide.journal import SqliteJournal, connection, sql
from voiceguide.journal.export import export
from voiceguide.journal.keys import JournalKey, KeyFile, PassphraseLock
from voiceguide.journal.opening import open_journal
from voiceguide.journal.unlock import Unlocking

ENTRIES = 100_000
FEELINGS = ["calm", "calmer", "angry", "alone", "afraid", "tired", "hopeful", "tense", "sad", "relieved"]
QUERIES = ["calm", "calm*", '"felt alone"', "tired AND hopeful", "breath*", "work", "qz*", '"heart racing"']
SEARCH_ROUNDS = 7  # each round runs every query once on each journal, alternating, after one warm-up round
COLD_ROUNDS = 3  # the same, each query on a journal opened for it
SEARCH_TARGET_MS = 10.0
ENCRYPTED_SLOWDOWN = 2.0  # the encrypted journal's search may take at most this many times the plain one's
OPENS = 15  # opens per way of unlocking (the passphrase's scrypt: fewer)
PASSPHRASE_OPENS = 5
PASSPHRASE = "a long walk by the river"
KEY_IN_HAND_EXTRA_MS = 10.0  # a raw key skips SQLCipher's key stretching: "unlocking costs milliseconds"
PASSPHRASE_TARGET_S = 1.0  # scrypt N=2^17 is meant to take about half a second, once per start
FIRST_SCREEN_STARTS = 5  # app starts per journal, the three journals taking turns


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


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95: the value 95% of the runs did not exceed)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def encrypted_copy(plain: Path, folder: Path, key: JournalKey) -> None:
    """The plain journal's database, encrypted with `key` into `folder` by SQLCipher's sqlcipher_export
    (a page-by-page copy through the cipher: much quicker than filling it again)."""
    folder.mkdir(mode=0o700)
    target = connection.db_path(folder)
    conn = sql.dbapi.connect(str(connection.db_path(plain)), isolation_level=None)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.sqlcipher_key()}", (str(target),))
        conn.execute("SELECT sqlcipher_export('encrypted')").fetchone()
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    if not connection.is_encrypted(target):
        raise RuntimeError("sqlcipher_export did not write an encrypted copy")


def compare_search(plain: SqliteJournal, encrypted: SqliteJournal) -> list[Figure]:
    """The same queries on both journals, alternating, so both see the same machine state; one connection
    each, as the terminal app's journal screen keeps (its page cache warm after the first round)."""
    for query in QUERIES:  # the same hits on both: the copy is the same journal
        if [hit.entry.id for hit in plain.search(query)] != [hit.entry.id for hit in encrypted.search(query)]:
            raise RuntimeError(f"the encrypted copy answers {query!r} differently")
    times: dict[str, list[float]] = {"plain": [], "encrypted": []}
    by_query: dict[str, list[float]] = {query: [] for query in QUERIES}
    for round_number in range(SEARCH_ROUNDS + 1):
        for query in QUERIES:
            for name, journal in (("plain", plain), ("encrypted", encrypted)):
                started = time.perf_counter()
                journal.search(query)
                took = (time.perf_counter() - started) * 1000
                if round_number:  # round 0 warms the page caches
                    times[name].append(took)
                    if name == "encrypted":
                        by_query[query].append(took)
    figures = []
    count = len(times["plain"])
    for name in ("plain", "encrypted"):
        median, p95 = statistics.median(times[name]), percentile(times[name], 0.95)
        target = f"< {SEARCH_TARGET_MS:g} ms" if name == "encrypted" else ""
        figures.append(Figure(f"journal: search at {ENTRIES:,} entries, {name}, median of {count} (50 newest "
                              "hits with snippets)", median, "ms", target,
                              median < SEARCH_TARGET_MS if target else None))
        figures.append(Figure(f"journal: search at {ENTRIES:,} entries, {name}, p95 of {count}", p95, "ms",
                              target, p95 < SEARCH_TARGET_MS if target else None))
    for label, pick in (("median", statistics.median), ("p95", lambda v: percentile(v, 0.95))):
        ratio = pick(times["encrypted"]) / pick(times["plain"])
        figures.append(Figure(f"journal: search, encrypted / plain ({label})", ratio, "x",
                              f"<= {ENCRYPTED_SLOWDOWN:g}x", ratio <= ENCRYPTED_SLOWDOWN))
    slowest = max(QUERIES, key=lambda query: statistics.median(by_query[query]))
    figures.append(Figure(f"journal: slowest query type, encrypted ({slowest}), median",
                          statistics.median(by_query[slowest]), "ms"))
    return figures


def cold_search(plain: Path, encrypted: Path, key: JournalKey) -> list[Figure]:
    """Each query on a journal opened just for it (an empty page cache, as `voiceguide journal search` in a
    new process has): here every page read is also decrypted. The open itself is not counted."""
    times: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for _ in range(COLD_ROUNDS):
        for query in QUERIES:
            for name, folder, journal_key in (("plain", plain, None), ("encrypted", encrypted, key)):
                with SqliteJournal(folder, key=journal_key) as journal:
                    started = time.perf_counter()
                    journal.search(query)
                    times[name].append((time.perf_counter() - started) * 1000)
    figures = []
    count = len(times["plain"])
    for name in ("plain", "encrypted"):
        median, p95 = statistics.median(times[name]), percentile(times[name], 0.95)
        target = f"< {SEARCH_TARGET_MS:g} ms" if name == "encrypted" else ""
        figures.append(Figure(f"journal: search, journal opened for each query, {name}, median of {count}",
                              median, "ms", target, median < SEARCH_TARGET_MS if target else None))
        figures.append(Figure(f"journal: search, journal opened for each query, {name}, p95 of {count}",
                              p95, "ms", target, p95 < SEARCH_TARGET_MS if target else None))
    for label, pick in (("median", statistics.median), ("p95", lambda v: percentile(v, 0.95))):
        ratio = pick(times["encrypted"]) / pick(times["plain"])
        figures.append(Figure(f"journal: search, journal opened for each query, encrypted / plain ({label})",
                              ratio, "x", f"<= {ENCRYPTED_SLOWDOWN:g}x", ratio <= ENCRYPTED_SLOWDOWN))
    return figures


def open_ms(opening: Callable[[], SqliteJournal], times: int) -> float:
    """Median milliseconds to open (unlock, check the key, check the schema) and close the journal."""
    took = []
    for _ in range(times):
        started = time.perf_counter()
        journal = opening()
        took.append((time.perf_counter() - started) * 1000)
        journal.close()
    return statistics.median(took)


@contextlib.contextmanager
def real_keyring(folder: Path) -> Iterator[None]:
    """A real Secret Service (gnome-keyring on a private D-Bus) that this process uses while in the block."""
    from tests.keyring_daemon import CLEARED, start_secret_service
    from voiceguide.journal import keychain

    service = start_secret_service(folder)
    saved = dict(os.environ)
    try:
        for name in CLEARED:
            os.environ.pop(name, None)
        os.environ.update(service.env)
        keychain.forget_backend()
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        keychain.forget_backend()
        service.stop()


def unlocking_figures(folder: Path, plain: Path, encrypted: Path, key: JournalKey) -> list[Figure]:
    """Opening the 100,000-entry journal: plain, encrypted with the key in hand, with a passphrase, and
    with the key from a real keyring daemon (each open in this process, as a start does once)."""
    nobody = Unlocking(keyring=False)
    plain_ms = open_ms(lambda: open_journal(plain, nobody), OPENS)
    key_ms = open_ms(lambda: SqliteJournal(encrypted, key=key), OPENS)
    KeyFile.new(in_keyring=False, passphrase=PassphraseLock.wrap(key, PASSPHRASE)).save(encrypted)
    typed = Unlocking(PASSPHRASE, "VOICEGUIDE_PASSPHRASE", keyring=False)
    passphrase_ms = open_ms(lambda: open_journal(encrypted, typed), PASSPHRASE_OPENS)
    figures = [
        Figure(f"journal: open at {ENTRIES:,} entries, plain, median of {OPENS}", plain_ms, "ms"),
        Figure(f"journal: open at {ENTRIES:,} entries, encrypted, key in hand, median of {OPENS}", key_ms,
               "ms", f"< plain + {KEY_IN_HAND_EXTRA_MS:g} ms", key_ms < plain_ms + KEY_IN_HAND_EXTRA_MS),
        Figure(f"journal: open at {ENTRIES:,} entries, encrypted, passphrase (scrypt), median of "
               f"{PASSPHRASE_OPENS}", passphrase_ms / 1000, "s", f"< {PASSPHRASE_TARGET_S:g} s",
               passphrase_ms / 1000 < PASSPHRASE_TARGET_S),
    ]
    try:
        from voiceguide.journal import keychain

        with real_keyring(folder / "keyring"):
            in_keyring = KeyFile.new(in_keyring=True)
            keychain.store_key(in_keyring.journal_id, key.raw)
            in_keyring.save(encrypted)
            first = Unlocking(keyring=True)

            def from_keyring() -> SqliteJournal:
                keychain.forget_backend()  # as a new process: the keyring is found again
                return open_journal(encrypted, first)

            keyring_ms = open_ms(from_keyring, OPENS)
        figures.append(Figure(f"journal: open at {ENTRIES:,} entries, encrypted, key from a real keyring "
                              f"daemon (found afresh), median of {OPENS}", keyring_ms, "ms"))
    except RuntimeError as exc:  # no gnome-keyring/dbus here: the other figures still stand
        figures.append(Figure(f"journal: open with the key from a keyring: not measured ({exc})", 0, ""))
    return figures


def without_keyring() -> dict[str, str]:
    """This process's environment with nothing that leads to a desktop keyring (as tests.keyring_daemon
    clears for its own service)."""
    from tests.keyring_daemon import CLEARED

    return {name: value for name, value in os.environ.items()
            if name not in CLEARED and not name.startswith("KEYRING_PROPERTY_")}


def made_by_voiceguide(folder: Path, env: dict[str, str], kind: str, settings: str = "") -> Path:
    """A journal in `folder`/data made as a person's is: by `voiceguide journal add` in its own process
    (with `env`: its keyring or its passphrase), the key put wherever voiceguide puts it; RuntimeError
    unless it is of `kind` (plain, keyring or passphrase)."""
    (folder / "config").mkdir(parents=True)
    (folder / "config" / "config.toml").write_text(settings)
    data = folder / "data"
    places = {"VOICEGUIDE_DATA_DIR": str(data), "VOICEGUIDE_CONFIG_DIR": str(folder / "config")}
    made = subprocess.run([sys.executable, "-m", "voiceguide", "journal", "add", "the first entry"],
                          env=env | places, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=60, check=False)
    if made.returncode != 0:
        raise RuntimeError(f"`voiceguide journal add` failed: {made.stderr.strip()[-200:]}")
    key_file = KeyFile.load(data)
    made_kind = ("plain" if not connection.is_encrypted(connection.db_path(data)) else
                 "without a key file" if key_file is None else "keyring" if key_file.in_keyring else
                 "passphrase" if key_file.passphrase is not None else "unknown")
    if made_kind != kind:
        raise RuntimeError(f"voiceguide made a {made_kind} journal where a {kind} one was meant")
    return data


def first_screen_figures(folder: Path, starts: int = FIRST_SCREEN_STARTS) -> list[Figure]:
    """Process start to the terminal app's first screen drawn (bench_tui's measure and target; the journal
    is opened, and unlocked, before it), side by side: a plain journal, one whose key is in a real keyring
    daemon and one opened with VOICEGUIDE_PASSPHRASE. Each journal is made by voiceguide first; the starts
    take turns, so all three see the same machine."""
    from tests.keyring_daemon import start_secret_service

    base = without_keyring()
    passphrase = base | {"VOICEGUIDE_PASSPHRASE": PASSPHRASE}
    figures = []
    service = None
    try:
        cases = {"plain journal": (base, made_by_voiceguide(folder / "plain", base, "plain",
                                                            '[journal]\nencrypt = "off"\n'))}
        try:
            service = start_secret_service(folder / "keyring")
        except RuntimeError as exc:  # no gnome-keyring/dbus here: the other figures still stand
            figures.append(Figure(f"voiceguide app, key from a keyring: not measured ({exc})", 0, ""))
        else:
            in_keyring = base | service.env
            cases["encrypted, key from a real keyring"] = (
                in_keyring, made_by_voiceguide(folder / "in-keyring", in_keyring, "keyring"))
        cases["encrypted, VOICEGUIDE_PASSPHRASE (scrypt)"] = (
            passphrase, made_by_voiceguide(folder / "passphrase", passphrase, "passphrase"))
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(starts):
            for name, (env, data) in cases.items():
                times[name].append(start_once(env, data, until_ready=False)[0] * 1000)
    finally:
        if service is not None:
            service.stop()
    target_ms = FIRST_SCREEN_TARGET_S * 1000
    for name, took in times.items():
        median = statistics.median(took)
        note = " (for information: a person types the passphrase anyway)" if "PASSPHRASE" in name else ""
        figures.append(Figure(f"voiceguide app: process start to first screen, {name}, median of {len(took)}"
                              f"{note}", median, "ms", f"< {target_ms:g} ms", median < target_ms))
        figures.append(Figure(f"voiceguide app: process start to first screen, {name}, max of {len(took)}",
                              max(took), "ms"))
    plain = statistics.median(times["plain journal"])
    for name in list(times)[1:]:
        figures.append(Figure(f"voiceguide app: first screen, {name} minus plain (medians)",
                              statistics.median(times[name]) - plain, "ms"))
    return figures


def run() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory(prefix="voiceguide-bench-") as tmp:
        folder = Path(tmp)
        save = segment_save_ms(folder)
        figures.append(Figure("journal: save one dictation segment (fsync'd), median of 200", save, "ms"))
        plain_dir, encrypted_dir = folder / "big", folder / "big-encrypted"
        key = JournalKey.generate()
        with SqliteJournal(plain_dir) as journal:
            started = time.perf_counter()
            fill(journal, ENTRIES)
            journal.checkpoint()
            figures.append(Figure(f"journal: fill {ENTRIES:,} entries (setup)", time.perf_counter() - started,
                                  "s"))
        started = time.perf_counter()
        encrypted_copy(plain_dir, encrypted_dir, key)
        figures.append(Figure(f"journal: encrypted copy of {ENTRIES:,} entries by sqlcipher_export (setup)",
                              time.perf_counter() - started, "s"))
        with SqliteJournal(plain_dir) as journal, SqliteJournal(encrypted_dir, key=key) as encrypted:
            figures += compare_search(journal, encrypted)
        figures += cold_search(plain_dir, encrypted_dir, key)
        figures += unlocking_figures(folder, plain_dir, encrypted_dir, key)
        figures += first_screen_figures(folder / "first-screen")
        with SqliteJournal(plain_dir) as journal:
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
