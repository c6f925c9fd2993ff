"""Exports: deterministic JSON (lossless, re-importable), Markdown one file per day, and jrnl's text format.

JSON layout: {"format": "voiceguide-journal", "version": 1, "runs": [...], "entries": [...]}, keys
sorted, runs and entries by id, tags by kind then name, so the same journal always gives the same bytes.
Recordings are referenced by their path beside the database (`audio/entry-ID.wav`), not embedded: a JSON
export to FILE.json copies them into the folder FILE.audio/ beside it (0700, files 0600), where
`journal import FILE.json` finds them again. Markdown, jrnl and JSON on standard output name them only.
These exports are plaintext; `--format json --encrypt` seals the same document and the recordings
(voiceguide.journal.sealed_export).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voiceguide import paths
from voiceguide.errors import UsageError
from voiceguide.journal.connection import PRIVATE_FILE
from voiceguide.journal.models import Entry, PracticeRun, local_time
from voiceguide.journal.store import AUDIO_DIR

if TYPE_CHECKING:
    from voiceguide.journal.sealed_export import Sealing
    from voiceguide.journal.store import SqliteJournal

FORMAT_NAME = "voiceguide-journal"
FORMAT_VERSION = 1
FORMATS = ("json", "md", "jrnl")
JRNL_TAG_OUTSIDE = re.compile(r"[^-+*#/\w]+")  # jrnl's tag pattern is [@#][-+*#/\w]+
JRNL_ENTRY_START = re.compile(r"\[[^\]]+\] ")  # a line jrnl would take for a new entry's date
PLAINTEXT_NOTICE = ("this export is not encrypted: anyone who can read it can read the journal; for an "
                    "encrypted one use --format json --encrypt --out FILE")


def entry_record(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id, "created": entry.created, "updated": entry.updated, "practice": entry.practice,
        "step": entry.step, "prompt": entry.prompt, "text": entry.text, "original": entry.original,
        "source": entry.source, "engine": entry.engine, "duration": entry.duration, "run_id": entry.run_id,
        "audio": entry.audio, "tags": [{"kind": tag.kind, "name": tag.name} for tag in entry.tags],
    }


def run_record(run: PracticeRun) -> dict[str, Any]:
    return {"id": run.id, "practice": run.practice, "started": run.started,
            "rating_before": run.rating_before, "rating_after": run.rating_after}


def all_runs(journal: SqliteJournal) -> list[PracticeRun]:
    with journal.guarded():
        rows = journal.conn.execute("SELECT id, practice, started, rating_before, rating_after FROM runs "
                                    "ORDER BY id").fetchall()
    return [PracticeRun(*row) for row in rows]


def all_entries(journal: SqliteJournal) -> list[Entry]:
    from voiceguide.journal.store import ENTRY_COLUMNS, ENTRY_FROM

    with journal.guarded():
        rows = journal.conn.execute(f"SELECT {ENTRY_COLUMNS} FROM {ENTRY_FROM} ORDER BY e.id").fetchall()
        return journal.with_tags(rows)


def to_json(journal: SqliteJournal, entries: list[Entry] | None = None) -> str:
    document = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION,
        "runs": [run_record(run) for run in all_runs(journal)],
        "entries": [entry_record(entry) for entry in (all_entries(journal) if entries is None else entries)],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def to_jrnl(entries: Iterable[Entry]) -> str:
    """jrnl's plain text: `[YYYY-MM-DD HH:MM] Title`, the body, @tags, then a blank line; local times.

    A body line that starts like an entry's date is indented by one space, as jrnl itself does when it
    converts old journals, so that jrnl does not split the entry there.
    """
    blocks = []
    for entry in sorted(entries, key=lambda e: (e.created, e.id)):
        title = " ".join(title_of(entry).split())
        lines = [f"[{local_time(entry.created).strftime('%Y-%m-%d %H:%M')}] {title}"]
        if entry.text:
            lines += [" " + line if JRNL_ENTRY_START.match(line) else line for line in entry.text.split("\n")]
        if entry.tags:
            lines.append(" ".join(jrnl_tag(tag.name, tag.kind) for tag in entry.tags))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def jrnl_tag(name: str, kind: str = "tag") -> str:
    """`@name` (an emotion or trigger: `@emotion/name`, `@trigger/name`) as jrnl reads a tag (letters,
    digits and `_-+*#/`): anything else becomes `_`, so jrnl sees the whole name rather than cutting it
    at the first dot or quote."""
    return "@" + ("" if kind == "tag" else f"{kind}/") + JRNL_TAG_OUTSIDE.sub("_", name)


def title_of(entry: Entry) -> str:
    if entry.prompt:
        return entry.prompt
    if entry.practice:
        return f"{entry.practice} / {entry.step}" if entry.step else entry.practice
    return "Journal entry"


def to_markdown_days(entries: Iterable[Entry], runs: dict[int, PracticeRun]) -> dict[str, str]:
    """{"YYYY-MM-DD.md": text} with one file per local day; each file starts with its metadata."""
    days: dict[str, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.created, e.id)):
        days.setdefault(local_time(entry.created).strftime("%Y-%m-%d"), []).append(entry)
    files = {}
    for day, day_entries in days.items():
        practices = sorted({e.practice for e in day_entries if e.practice})
        tags = sorted({str(tag) for e in day_entries for tag in e.tags})
        head = ["---", f"date: {day}", f"entries: {len(day_entries)}", f"practices: {yaml_list(practices)}",
                f"tags: {yaml_list(tags)}", "exported_by: voiceguide", "---", "", f"# {day}", "", ""]
        body = [markdown_entry(entry, runs) for entry in day_entries]
        files[f"{day}.md"] = "\n".join(head) + "\n".join(body)
    return files


def yaml_list(names: Iterable[str]) -> str:
    """A YAML flow list of double-quoted strings: a name like `a, b`, `[x]` or `yes` stays one string."""
    return "[" + ", ".join(yaml_string(name) for name in names) + "]"


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar; backslash, quote and anything unprintable escaped."""

    def escaped(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if char.isprintable():
            return char
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"

    return '"' + "".join(escaped(char) for char in text) + '"'


def markdown_entry(entry: Entry, runs: dict[int, PracticeRun]) -> str:
    when = local_time(entry.created)
    facts = [f"- id: {entry.id}", f"- created: {entry.created}", f"- source: {entry.source}"]
    if entry.practice:
        facts.append(f"- practice: {entry.practice}" + (f" / {entry.step}" if entry.step else ""))
    if entry.prompt:
        facts.append(f"- prompt: {' '.join(entry.prompt.split())}")
    if entry.engine:
        facts.append(f"- engine: {entry.engine}")
    if entry.duration is not None:
        facts.append(f"- duration: {entry.duration:g} s")
    run = runs.get(entry.run_id) if entry.run_id is not None else None
    if run is not None and (run.rating_before is not None or run.rating_after is not None):
        shown = [("?" if r is None else str(r)) for r in (run.rating_before, run.rating_after)]
        facts.append(f"- distress: {shown[0]} → {shown[1]}")
    for kind in ("emotion", "trigger", "tag"):
        names = [tag.name for tag in entry.tags if tag.kind == kind]
        if names:
            facts.append(f"- {kind}s: {', '.join(names)}")
    if entry.audio:
        facts.append(f"- audio: {entry.audio}")
    if entry.edited:
        facts.append("- edited (original transcript in the JSON export)")
    heading = f"## {when.strftime('%H:%M')} {' '.join(title_of(entry).split())}"
    return heading + "\n\n" + "\n".join(facts) + f"\n\n{entry.text}\n\n"


def recordings_folder(json_file: Path) -> Path:
    """Where the recordings of the JSON export `json_file` go: FILE.audio/ beside FILE.json."""
    return json_file.with_name(f"{json_file.stem if json_file.suffix else json_file.name}.audio")


def open_private(path: Path) -> int:
    """A descriptor writing `path` (created or emptied), readable by the owner only whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    os.fchmod(fd, PRIVATE_FILE)
    return fd


def write_private_copy(source: Path, target: Path) -> None:
    """Copy `source` over `target` (0600), on disk before returning."""
    with open(source, "rb") as reading, os.fdopen(open_private(target), "wb") as writing:
        shutil.copyfileobj(reading, writing)
        writing.flush()
        os.fsync(writing.fileno())


def export_recordings(journal: SqliteJournal, entries: Iterable[Entry], folder: Path,
                      seal_key: bytes | None = None) -> tuple[int, int]:
    """Write the entries' recordings into `folder` (0700, files 0600) as WAV files by their names
    (decrypted in memory when the journal is encrypted), or sealed with `seal_key` when it is given;
    recordings from an earlier export into the same folder that are no longer in the journal are removed.
    Returns how many were written and how many were missing from the data folder (or could not be read)."""
    from voiceguide.journal.sealed import SealedError, seal_file

    wanted = {Path(entry.audio).name: entry for entry in entries if entry.audio}
    if not wanted and not folder.exists():
        return 0, 0
    paths.ensure_private_dir(folder)
    copied: set[str] = set()
    for name, entry in sorted(wanted.items()):
        try:
            audio = journal.recording_audio(entry)
        except (FileNotFoundError, SealedError):
            continue
        if audio is None:
            continue
        if seal_key is None:
            from voiceguide.journal.sealed import wav_bytes

            write_private_bytes(folder / name, wav_bytes(*audio))
        else:
            partial = folder / f".{name}.partial"
            seal_file(audio[1], seal_key, partial, audio[0])
            os.replace(partial, folder / name)
        copied.add(name)
    for old in folder.glob("*.wav"):
        if old.name not in copied:
            old.unlink()
    return len(copied), len(wanted) - len(copied)


def export(journal: SqliteJournal, fmt: str, out: Path | None,
           note: Callable[[str], None] = lambda line: None, sealing: Sealing | None = None) -> str | None:
    """Write the whole journal in `fmt`. Returns the text when `out` is None (json/jrnl to stdout);
    Markdown always goes to a folder (`out`, created 0700). A JSON file takes the recordings along in
    `recordings_folder(out)`, copied before the file itself is written; `note` gets one line about
    recordings not taken along. With `sealing` (json to a file only) the file and the recordings are
    encrypted with its key (see voiceguide.journal.sealed_export)."""
    if sealing is not None and (fmt != "json" or out is None):
        raise ValueError("only a JSON export to a file can be encrypted")
    if fmt == "json":
        entries = all_entries(journal)
        text = to_json(journal, entries)
        if out is None:
            count = sum(1 for entry in entries if entry.audio)
            if count:
                note(f"{count} recording{'s were' if count != 1 else ' was'} not included (only named): "
                     "export with --out FILE.json to copy them into FILE.audio/")
        else:
            if recordings_folder(out) == out:
                raise UsageError(f"--out {out}: choose a name that does not end in .audio (the recordings "
                                 "go into a folder of that name)")
            _, missing = export_recordings(journal, entries, recordings_folder(out),
                                           None if sealing is None else sealing.key.raw)
            if missing:
                note(f"{missing} recording{'s are' if missing != 1 else ' is'} missing from "
                     f"{journal.data_dir / AUDIO_DIR} and could not be copied")
            if sealing is not None:
                from voiceguide.journal.sealed_export import seal

                write_private_bytes(out, seal(text.encode("utf-8"), sealing))
                return None
    elif fmt == "jrnl":
        text = to_jrnl(all_entries(journal))
    elif fmt == "md":
        folder = paths.ensure_private_dir(out or Path("voiceguide-journal"))
        runs = {run.id: run for run in all_runs(journal)}
        for name, content in to_markdown_days(all_entries(journal), runs).items():
            write_private(folder / name, content)
        return None
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    if out is None:
        return text
    write_private(out, text)
    return None


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write bytes to a file readable by the owner only (0600 whatever the umask), atomically."""
    partial = path.with_name(f".{path.name}.partial")
    with os.fdopen(open_private(partial), "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def write_private(path: Path, text: str) -> None:
    """Write a file readable by the owner only (0600 whatever the umask), atomically."""
    partial = path.with_name(f".{path.name}.partial")
    with os.fdopen(open_private(partial), "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
