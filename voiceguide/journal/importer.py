"""Import of a JSON export: validated field by field, all or nothing, ids kept where they are free."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceguide.errors import UsageError
from voiceguide.journal.export import FORMAT_NAME, FORMAT_VERSION
from voiceguide.journal.models import RATING_RANGE, SOURCES, TAG_KINDS, from_stored_time

if TYPE_CHECKING:
    import sqlite3

    from voiceguide.journal.store import SqliteJournal

RUN_FIELDS = {"id": int, "practice": str, "started": str, "rating_before": (int, type(None)),
              "rating_after": (int, type(None))}
ENTRY_FIELDS = {"id": int, "created": str, "updated": str, "practice": str, "step": str, "prompt": str,
                "text": str, "original": str, "source": str, "engine": str,
                "duration": (float, int, type(None)),
                "run_id": (int, type(None)), "audio": (str, type(None)), "tags": list}


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already in the journal, identical


def read_document(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path} is not a voiceguide JSON export: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise UsageError(f"{path} is not a voiceguide JSON export (no \"format\": \"{FORMAT_NAME}\")")
    if document.get("version") != FORMAT_VERSION:
        raise UsageError(f"{path}: export version {document.get('version')!r} is not supported "
                         f"(this voiceguide reads version {FORMAT_VERSION})")
    for key in ("runs", "entries"):
        if not isinstance(document.get(key), list):
            raise UsageError(f"{path}: \"{key}\" must be a list")
    for index, run in enumerate(document["runs"]):
        check_record(run, RUN_FIELDS, f"runs[{index}]")
    for index, entry in enumerate(document["entries"]):
        check_record(entry, ENTRY_FIELDS, f"entries[{index}]")
    return document


def check_record(record: Any, fields: dict[str, Any], where: str) -> None:
    if not isinstance(record, dict):
        raise UsageError(f"{where}: expected an object")
    missing = sorted(set(fields) - set(record))
    if missing:
        raise UsageError(f"{where}: missing {', '.join(missing)}")
    for name, kinds in fields.items():
        value = record[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and kinds is not bool):
            raise UsageError(f"{where}.{name}: unexpected value {value!r}")
        if isinstance(value, str) and any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
            raise UsageError(f"{where}.{name}: contains an unpaired surrogate, not valid text")
    for name in ("started", "created", "updated"):
        if name in record:
            try:
                from_stored_time(record[name])
            except ValueError:
                raise UsageError(f"{where}.{name}: not an ISO 8601 time with a time zone") from None
    for name in ("rating_before", "rating_after"):
        if record.get(name) is not None and record[name] not in RATING_RANGE:
            raise UsageError(f"{where}.{name}: a rating is 0 to 10")
    if "source" in record and record["source"] not in SOURCES:
        raise UsageError(f"{where}.source: spoken or typed, not {record['source']!r}")
    for index, tag in enumerate(record.get("tags", [])):
        if not (isinstance(tag, dict) and tag.get("kind") in TAG_KINDS and isinstance(tag.get("name"), str)
                and tag["name"]):
            raise UsageError(f"{where}.tags[{index}]: expected a kind (emotion, trigger or tag) and a name")


def import_json(journal: SqliteJournal, path: Path) -> ImportResult:
    """Add the export's runs and entries in one transaction. An id already taken by the same record is
    skipped (importing twice changes nothing); taken by a different one, the record gets a new id."""
    from voiceguide.journal.export import all_entries, all_runs, entry_record, run_record

    document = read_document(path)
    existing_runs = {run.id: run_record(run) for run in all_runs(journal)}
    existing_entries = {entry.id: entry_record(entry) for entry in all_entries(journal)}
    added = skipped = 0
    with journal.transaction() as conn:
        run_ids: dict[int, int] = {}
        for run in document["runs"]:
            if existing_runs.get(run["id"]) == run:
                run_ids[run["id"]] = run["id"]
                continue
            new_id = None if run["id"] in existing_runs else run["id"]
            cursor = conn.execute(
                "INSERT INTO runs (id, practice, started, rating_before, rating_after)"
                " VALUES (?, ?, ?, ?, ?)",
                (new_id, run["practice"], run["started"], run["rating_before"], run["rating_after"]))
            run_ids[run["id"]] = int(cursor.lastrowid or 0)
        for entry in document["entries"]:
            if existing_entries.get(entry["id"]) == normalized(entry):
                skipped += 1
                continue
            insert_entry(conn, entry, None if entry["id"] in existing_entries else entry["id"], run_ids)
            added += 1
    return ImportResult(added, skipped)


def normalized(entry: dict[str, Any]) -> dict[str, Any]:
    copy = dict(entry)
    copy["tags"] = sorted(entry["tags"], key=lambda tag: (tag["kind"], tag["name"]))
    if copy["duration"] is not None:
        copy["duration"] = float(copy["duration"])
    return copy


def insert_entry(conn: sqlite3.Connection, entry: dict[str, Any], entry_id: int | None,
                 run_ids: dict[int, int]) -> None:
    run_id = entry["run_id"]
    if run_id is not None and run_id not in run_ids:
        raise UsageError(f"entry {entry['id']} refers to practice run {run_id}, which is not in the file")
    duration = None if entry["duration"] is None else float(entry["duration"])
    cursor = conn.execute(
        "INSERT INTO entries (id, created, updated, practice, step, prompt, text, original, source, engine,"
        " duration, run_id, audio) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (entry_id, entry["created"], entry["updated"], entry["practice"], entry["step"], entry["prompt"],
         entry["text"], entry["original"], entry["source"], entry["engine"], duration,
         None if run_id is None else run_ids[run_id], entry["audio"]))
    new_id = cursor.lastrowid
    conn.executemany("INSERT OR IGNORE INTO tags (entry_id, kind, name) VALUES (?, ?, ?)",
                     [(new_id, tag["kind"], tag["name"]) for tag in entry["tags"]])
