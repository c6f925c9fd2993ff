"""Import of a JSON export: validated field by field, all or nothing, ids kept where they are free.

Recordings come from FILE.audio/ beside FILE.json (see export.recordings_folder): copied into the data
folder's audio/ (0600) before the transaction, named in it, and put in place once it committed. A
recording the file names but the folder lacks is left out (the entry keeps its words, without one).
An encrypted export (voiceguide.journal.sealed_export) is decrypted in memory with the key `content_key`
gives for its header; its sealed recordings are decrypted in memory too and stored in the journal's own
form (a plain WAV in a plain journal, sealed with the journal's key in an encrypted one).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceguide import paths
from voiceguide.errors import UsageError
from voiceguide.journal import sealed_export, sql
from voiceguide.journal.export import (
    FORMAT_NAME,
    FORMAT_VERSION,
    open_private,
    recordings_folder,
    write_private_copy,
)
from voiceguide.journal.keys import JournalKey
from voiceguide.journal.models import RATING_RANGE, SOURCES, TAG_KINDS, from_stored_time

if TYPE_CHECKING:
    from voiceguide.journal.sealed_export import Header
    from voiceguide.journal.store import SqliteJournal

ContentKey = Callable[["Header"], JournalKey]  # the key that opens an encrypted export with this header

RUN_FIELDS = {"id": int, "practice": str, "started": str, "rating_before": (int, type(None)),
              "rating_after": (int, type(None))}
ENTRY_FIELDS = {"id": int, "created": str, "updated": str, "practice": str, "step": str, "prompt": str,
                "text": str, "original": str, "source": str, "engine": str,
                "duration": (float, int, type(None)),
                "run_id": (int, type(None)), "audio": (str, type(None)), "tags": list}


RECORDING_PATH = re.compile(r"audio/[A-Za-z0-9][A-Za-z0-9._-]*\.wav")  # never a path out of audio/


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int  # already in the journal, identical
    recordings: int = 0  # recordings brought in with the added entries
    missing_recordings: int = 0  # named by an added entry but not found beside the file


def read_document(path: Path,
                  content_key: ContentKey | None = None) -> tuple[dict[str, Any], JournalKey | None]:
    """The validated document of the export at `path`, and the key it was encrypted with (None: plain)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    key = None
    if raw.startswith(sealed_export.MAGIC):
        header = sealed_export.read_header(raw, path)
        if content_key is None:
            raise UsageError(f"{path} is an encrypted export: the key that opens it is needed")
        key = content_key(header)
        raw = sealed_export.unseal(raw, header, key, path)
    return parse_document(raw, path), key


def parse_document(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path} is not a voiceguide JSON export: {exc}") from None
    except RecursionError:
        raise UsageError(f"{path} is not a voiceguide JSON export: nested too deeply") from None
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
    if record.get("audio") is not None and not RECORDING_PATH.fullmatch(record["audio"]):
        raise UsageError(f"{where}.audio: not a recording's place (audio/NAME.wav): {record['audio']!r}")
    if "source" in record and record["source"] not in SOURCES:
        raise UsageError(f"{where}.source: spoken or typed, not {record['source']!r}")
    for index, tag in enumerate(record.get("tags", [])):
        if not (isinstance(tag, dict) and tag.get("kind") in TAG_KINDS and isinstance(tag.get("name"), str)
                and tag["name"]):
            raise UsageError(f"{where}.tags[{index}]: expected a kind (emotion, trigger or tag) and a name")


def import_json(journal: SqliteJournal, path: Path, content_key: ContentKey | None = None) -> ImportResult:
    """Add the export's runs and entries in one transaction. An id already taken by the same record is
    skipped (importing twice changes nothing); taken by a different one, the record gets a new id.
    An encrypted export is opened with the key `content_key` gives for its header (see read_document)."""
    from voiceguide.journal.export import all_entries, all_runs, entry_record, run_record

    document, key = read_document(path, content_key)
    existing_runs = {run.id: run_record(run) for run in all_runs(journal)}
    existing_entries = {entry.id: entry_record(entry) for entry in all_entries(journal)}
    new = [entry for entry in document["entries"] if existing_entries.get(entry["id"]) != normalized(entry)]
    copies = copy_recordings(journal, new, recordings_folder(path), key)
    try:
        result = insert_all(journal, document, existing_runs, existing_entries, copies)
    except BaseException:
        for partial in copies.values():
            partial.unlink(missing_ok=True)
        raise
    return result


def copy_recordings(journal: SqliteJournal, entries: list[dict[str, Any]], folder: Path,
                    export_key: JournalKey | None = None) -> dict[int, Path]:
    """Copy the recordings of `entries` found in `folder` (sealed with `export_key` when it is given)
    into temporary files in the data folder's audio/ (0600); {entry's id in the file: the temporary copy}.
    Nothing is left behind when one cannot be copied."""
    from voiceguide.journal.store import AUDIO_DIR

    wanted = [entry for entry in entries if entry["audio"] and (folder / Path(entry["audio"]).name).is_file()]
    if not wanted:
        return {}
    audio = paths.ensure_private_dir(journal.data_dir / AUDIO_DIR)
    copies: dict[int, Path] = {}
    try:
        for entry in wanted:
            fd, name = tempfile.mkstemp(prefix=".import-", suffix=".wav.partial", dir=audio)
            os.close(fd)
            copies[entry["id"]] = Path(name)
            copy_recording(journal, folder / Path(entry["audio"]).name, Path(name), export_key)
    except BaseException as exc:
        for partial in copies.values():
            partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot copy the recordings from {folder}: {exc.strerror}") from None
        raise
    return copies


def copy_recording(journal: SqliteJournal, source: Path, target: Path,
                   export_key: JournalKey | None = None) -> None:
    """A plain journal takes a WAV as it is; an encrypted one never holds a plain copy: the WAV is read
    into memory and sealed with the journal's key as it is written. A recording of an encrypted export
    (sealed with `export_key`) is decrypted in memory and stored the same way."""
    from voiceguide.journal.sealed import SealedError, pcm_of_wav, read_sealed, seal_file, wav_bytes

    if journal.key is None and export_key is None:
        write_private_copy(source, target)
        return
    try:
        fmt, pcm = pcm_of_wav(source) if export_key is None else read_sealed(source, export_key.raw)
    except SealedError as exc:
        raise UsageError(f"{exc}; nothing was imported") from None
    if journal.key is not None:
        seal_file(pcm, journal.key.raw, target, fmt)
        return
    with os.fdopen(open_private(target), "wb") as handle:
        handle.write(wav_bytes(fmt, pcm))
        handle.flush()
        os.fsync(handle.fileno())


def insert_all(journal: SqliteJournal, document: dict[str, Any], existing_runs: dict[int, Any],
               existing_entries: dict[int, Any], copies: dict[int, Path]) -> ImportResult:
    """The runs and entries in one transaction; then the recordings' copies go to their names."""
    from voiceguide.journal.store import AUDIO_DIR, sync_folder

    added = skipped = missing = 0
    placed: list[tuple[Path, Path]] = []
    with journal.transaction() as conn:
        run_ids: dict[int, int] = {}
        # records whose id is free keep it; the others get new ids after them, so no new id takes an
        # id a later record of the file keeps
        for run in sorted(document["runs"], key=lambda run: run["id"] in existing_runs):
            if existing_runs.get(run["id"]) == run:
                run_ids[run["id"]] = run["id"]
                continue
            new_id = None if run["id"] in existing_runs else run["id"]
            cursor = conn.execute(
                "INSERT INTO runs (id, practice, started, rating_before, rating_after)"
                " VALUES (?, ?, ?, ?, ?)",
                (new_id, run["practice"], run["started"], run["rating_before"], run["rating_after"]))
            run_ids[run["id"]] = int(cursor.lastrowid or 0)
        taken = {row[0] for row in conn.execute("SELECT audio FROM entries WHERE audio IS NOT NULL")}
        for entry in sorted(document["entries"], key=lambda entry: entry["id"] in existing_entries):
            if existing_entries.get(entry["id"]) == normalized(entry):
                skipped += 1
                continue
            kept_id = entry["id"] not in existing_entries
            new_id = insert_entry(conn, {**entry, "audio": None}, entry["id"] if kept_id else None, run_ids)
            added += 1
            if entry["audio"] and entry["id"] not in copies:
                missing += 1
            elif entry["audio"]:
                name = recording_name(journal.data_dir / AUDIO_DIR, Path(entry["audio"]).name, new_id,
                                      kept_id, taken)
                taken.add(f"{AUDIO_DIR}/{name}")
                conn.execute("UPDATE entries SET audio = ? WHERE id = ?", (f"{AUDIO_DIR}/{name}", new_id))
                placed.append((copies[entry["id"]], journal.data_dir / AUDIO_DIR / name))
    for partial, target in placed:
        os.replace(partial, target)
    if placed:
        with contextlib.suppress(OSError):
            sync_folder(journal.data_dir / AUDIO_DIR)
    return ImportResult(added, skipped, len(placed), missing)


def recording_name(folder: Path, name: str, entry_id: int, kept_id: bool, taken: set[str]) -> str:
    """The file name an imported recording gets: its own when its entry kept its id and the name is
    free, else entry-ID.wav (entry-ID-N.wav if even that is taken)."""
    from voiceguide.journal.store import AUDIO_DIR

    def free(candidate: str) -> bool:
        return f"{AUDIO_DIR}/{candidate}" not in taken and not (folder / candidate).exists()

    if kept_id and free(name):
        return name
    candidate, counter = f"entry-{entry_id}.wav", 1
    while not free(candidate):
        candidate, counter = f"entry-{entry_id}-{counter}.wav", counter + 1
    return candidate


def normalized(entry: dict[str, Any]) -> dict[str, Any]:
    copy = dict(entry)
    copy["tags"] = sorted(entry["tags"], key=lambda tag: (tag["kind"], tag["name"]))
    if copy["duration"] is not None:
        copy["duration"] = float(copy["duration"])
    return copy


def insert_entry(conn: sql.Connection, entry: dict[str, Any], entry_id: int | None,
                 run_ids: dict[int, int]) -> int:
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
    return int(new_id or 0)
