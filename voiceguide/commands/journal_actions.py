"""The handlers behind `voiceguide journal ...` (imported only when a journal command runs)."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from voiceguide import notices, paths
from voiceguide.errors import UsageError
from voiceguide.journal import export, importer, opening, sealed_export, stats
from voiceguide.journal.keys import JournalKey
from voiceguide.journal.models import Entry, EntryFilter, Tag, show_time
from voiceguide.journal.store import SqliteJournal
from voiceguide.journal.textout import print_data, print_text, write_document


def filters(args: argparse.Namespace) -> EntryFilter:
    return EntryFilter(
        since=parse_day(args.since, end=False) if args.since else None,
        until=parse_day(args.until, end=True) if args.until else None,
        practice=args.practice, tags=tuple(parse_tag(tag) for tag in args.tag),
        min_rating=args.min_rating, max_rating=args.max_rating)


def journal_for(args: argparse.Namespace, *, writes: bool = False) -> SqliteJournal:
    """The journal; when a reading command finds it read-only, one line on stderr says so (reading goes
    on). A writing command gets the read-only JournalError from its first write instead."""
    from voiceguide.commands.options import load_settings, unlocking_for

    journal = opening.open_journal(getattr(args, "data_dir", None), unlocking_for(args, load_settings(args)))
    if journal.key_made_now:
        from voiceguide.journal.keys import key_in_keyring

        made = notices.journal_protection(True, key_in_keyring(journal.data_dir))
        print(f"voiceguide: {made}", file=sys.stderr)
    if journal.read_only and not writes:
        print(f"voiceguide: {notices.journal_read_only(journal.path)}", file=sys.stderr)
    return journal


def parse_day(text: str, *, end: bool) -> datetime:
    """A local date (YYYY-MM-DD; `end` means the end of that day) or an ISO time, as an aware datetime."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"not a date: {text!r} (use YYYY-MM-DD)") from None
    if len(text) <= 10:
        moment = datetime.combine(moment.date(), time()) + (timedelta(days=1) if end else timedelta())
    return moment.astimezone() if moment.tzinfo is None else moment


def parse_tag(text: str) -> Tag:
    try:
        return Tag.parse(text)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def record(entry: Entry) -> dict[str, Any]:
    data = export.entry_record(entry)
    data.update(rating_before=entry.rating_before, rating_after=entry.rating_after, edited=entry.edited)
    return data


def one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def summary(entry: Entry) -> str:
    where = "/".join(part for part in (entry.practice, entry.step) if part) or entry.source
    tags = f" [{', '.join(str(tag) for tag in entry.tags)}]" if entry.tags else ""
    return f"{entry.id:>5}  {show_time(entry.created)}  {where}{tags}  {one_line(entry.text)}"


def list_command(args: argparse.Namespace) -> int:
    with journal_for(args) as journal:
        entries = journal.list_entries(filters(args))
    if args.json:
        print_data([record(entry) for entry in entries])
    elif not entries:
        print("No journal entries match.")
    else:
        print_text("\n".join(summary(entry) for entry in entries))
    return 0


def search_command(args: argparse.Namespace) -> int:
    with journal_for(args) as journal:
        hits = journal.search(args.query, filters(args))
    if args.json:
        print_data([{"entry": record(hit.entry), "snippet": hit.marked_snippet()} for hit in hits])
    elif not hits:
        print("Nothing found.")
    else:
        print_text("\n".join(f"{hit.entry.id:>5}  {show_time(hit.entry.created)}  "
                             f"{' '.join(hit.marked_snippet().split())}" for hit in hits))
    return 0


def show_command(args: argparse.Namespace) -> int:
    with journal_for(args) as journal:
        entry = journal.get(args.id)
        recording = journal.recording_path(entry)
        facts = recording_facts(journal, entry)
    if args.json:
        print_data(record(entry))
        return 0
    lines = [f"Entry {entry.id}, {show_time(entry.created)} ({entry.source}"
             + (f", {entry.engine})" if entry.engine else ")")]
    if entry.practice:
        lines.append(f"Practice: {entry.practice}" + (f" / {entry.step}" if entry.step else ""))
    if entry.prompt:
        lines.append(f"Prompt: {entry.prompt}")
    if entry.duration is not None:
        lines.append(f"Duration: {entry.duration:g} s")
    if entry.rating_before is not None or entry.rating_after is not None:
        shown = ["?" if r is None else str(r) for r in (entry.rating_before, entry.rating_after)]
        lines.append(f"Distress: {shown[0]} -> {shown[1]}")
    if entry.tags:
        lines.append("Tags: " + ", ".join(str(tag) for tag in entry.tags))
    if recording is not None:
        lines.append(f"Recording: {recording.absolute()} ({facts})")
    if entry.edited:
        lines.append(f"Edited {show_time(entry.updated)}; original transcript: voiceguide journal show "
                     f"{entry.id} --json")
    print_text("\n".join(lines) + "\n\n" + entry.text)
    return 0


def recording_facts(journal: SqliteJournal, entry: Entry) -> str:
    """How long a recording is (read, and decrypted, in memory), or that it is missing or unreadable."""
    from voiceguide.journal.sealed import SealedError

    try:
        audio = journal.recording_audio(entry)
    except FileNotFoundError:
        return "the file is missing"
    except (OSError, SealedError):
        return "the file cannot be read as a recording"
    if audio is None:
        return "none"
    fmt, pcm = audio
    seconds = len(pcm) / max(1, fmt.channels * fmt.width * fmt.rate)
    return f"{'encrypted' if journal.key is not None else 'WAV'}, {seconds:.1f} s"


def add_command(args: argparse.Namespace) -> int:
    tags = [parse_tag(tag) for tag in args.tag]
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    if args.text == "-" or (args.text is None and not sys.stdin.isatty()):
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise UsageError("standard input is not UTF-8 text: convert it (iconv -t UTF-8) and try again") \
                from None
    elif args.text is None:
        text = edit_in_editor("", data_dir)
    else:
        text = args.text
    if not text.strip():
        raise UsageError("nothing to add: the entry is empty")
    with journal_for(args, writes=True) as journal:
        new_id = journal.add_typed(text, tags=tags)
    print(f"Saved entry {new_id}.")
    return 0


def edit_command(args: argparse.Namespace) -> int:
    with journal_for(args, writes=True) as journal:
        entry = journal.get(args.id)
        text = edit_in_editor(entry.text, journal.data_dir)
        if text == entry.text:
            print(f"Entry {entry.id} unchanged.")
            return 0
        journal.edit_text(entry.id, text)
    print(f"Saved entry {entry.id} (the original transcript is kept).")
    return 0


def edit_in_editor(text: str, data_dir: Path) -> str:
    """Let the user change `text` in $VISUAL/$EDITOR, in a 0600 file inside a private folder."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    argv = shlex.split(command) if command else [name for name in ("nano", "vi") if shutil.which(name)][:1]
    if not argv:
        raise UsageError("no editor found: set $EDITOR (for example: export EDITOR=nano)")
    folder = Path(tempfile.mkdtemp(prefix=".edit-", dir=paths.ensure_private_dir(data_dir)))
    try:
        draft = folder / "entry.txt"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            result = subprocess.run([*argv, str(draft)], check=False)
        except OSError as exc:
            raise UsageError(f"cannot start the editor {argv[0]!r}: {exc.strerror}; set $EDITOR") from None
        if result.returncode != 0:
            raise UsageError(f"the editor exited with status {result.returncode}; nothing was changed")
        return draft.read_text(encoding="utf-8", errors="surrogateescape").encode(
            "utf-8", errors="replace").decode("utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def tag_command(args: argparse.Namespace) -> int:
    add, remove, rest = [], [], []
    for change in args.changes:
        if change.startswith("+") and len(change) > 1:
            add.append(parse_tag(change[1:]))
        elif change.startswith("-") and len(change) > 1 and not change.startswith("--"):
            remove.append(parse_tag(change[1:]))
        else:
            rest.append(change)
    if rest:
        from voiceguide.cli import common_options

        try:
            extra, unknown = common_options().parse_known_args(rest)
        except SystemExit:
            raise UsageError(f"cannot understand {' '.join(rest)!r}") from None
        if unknown:
            raise UsageError(f"tag changes look like +TAG or -TAG, not {' '.join(unknown)!r}")
        vars(args).update(vars(extra))
    if not add and not remove:
        raise UsageError("nothing to change: write +TAG to add and -TAG to remove "
                         "(emotion:NAME, trigger:NAME)")
    with journal_for(args, writes=True) as journal:
        tags = journal.tag(args.id, add=add, remove=remove)
    print_text(f"Entry {args.id} tags: " + (", ".join(str(tag) for tag in tags) or "(none)"))
    return 0


def delete_command(args: argparse.Namespace) -> int:
    with journal_for(args, writes=True) as journal:
        entry = journal.get(args.id)
        if not args.yes:
            if not sys.stdin.isatty():
                raise UsageError("delete asks for confirmation on a terminal; "
                                 "to delete without asking add --yes")
            print_text(f"{summary(entry)}\nDelete entry {entry.id} for good? [y/N] ", end="")
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("Kept.")
                return 0
        journal.delete(entry.id)
    print(f"Deleted entry {entry.id}.")
    return 0


EXPORT_PASSPHRASE_VARIABLE = "VOICEGUIDE_EXPORT_PASSPHRASE"


def export_command(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser() if args.out else None
    if args.encrypt and args.format != "json":
        raise UsageError(f"--encrypt works with --format json (an encrypted {args.format} export cannot be "
                         "read back)")
    if args.export_passphrase_file is not None and not args.encrypt:
        raise UsageError("--export-passphrase-file is for an encrypted export: add --encrypt")
    if args.encrypt and out is None:
        raise UsageError("an encrypted export is binary, not for standard output: give --out FILE")
    if out is not None and args.format != "md" and out.is_dir():
        raise UsageError(f"--out {out} is a folder; for {args.format} give a file name")
    if out is not None and args.format == "md" and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; Markdown export writes one file per day into a folder")
    passphrase = export_passphrase(args) if args.encrypt else None
    with journal_for(args) as journal:
        sealing = export_sealing(journal, passphrase) if args.encrypt else None
        try:
            text = export.export(journal, args.format, out,
                                 lambda line: print(f"voiceguide: {line}", file=sys.stderr), sealing)
        except OSError as exc:
            raise UsageError(f"cannot write the export to {out}: {exc.strerror}") from None
    if sealing is None:
        print(f"voiceguide: {export.PLAINTEXT_NOTICE}", file=sys.stderr)
    if text is not None:
        write_document(text)
    elif args.format == "md":
        print(f"Exported to {out or Path('voiceguide-journal')}/ (one file per day).")
    elif sealing is not None:
        how = "its passphrase" if sealing.lock is not None else "this journal's key (or its recovery code)"
        print(f"Exported to {out}, encrypted: it opens with {how}.")
    else:
        print(f"Exported to {out}.")
    return 0


def export_passphrase(args: argparse.Namespace) -> str | None:
    """The export's secret from --export-passphrase-file (its first line), else VOICEGUIDE_EXPORT_PASSPHRASE;
    None when neither is given."""
    name = getattr(args, "export_passphrase_file", None)
    if name is None:
        return os.environ.get(EXPORT_PASSPHRASE_VARIABLE) or None
    try:
        lines = Path(name).expanduser().read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"--export-passphrase-file {name}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"--export-passphrase-file {name}: not UTF-8 text") from None
    if not lines or not lines[0]:
        raise UsageError(f"--export-passphrase-file {name}: the first line is empty")
    return lines[0]


def ask_secret(prompt: str) -> str | None:
    """A secret typed on the terminal without echo (None: no terminal, or nothing typed)."""
    if not (sys.stdin.isatty() and os.isatty(2)):
        return None
    import getpass

    try:
        return getpass.getpass(prompt, stream=sys.stderr) or None
    except EOFError:
        return None


def export_sealing(journal: SqliteJournal, passphrase: str | None) -> sealed_export.Sealing:
    """How an encrypted export is sealed: the given passphrase, else one typed twice on the terminal,
    else (an encrypted journal) the journal's own key."""
    if passphrase is None:
        own_key = " (empty: this journal's key)" if journal.key is not None else ""
        passphrase = ask_secret(f"Passphrase for the encrypted export{own_key}: ")
        if passphrase is not None and ask_secret("The same passphrase again: ") != passphrase:
            raise UsageError("the two passphrases differ; nothing was exported")
    if passphrase is not None:
        return sealed_export.Sealing.with_passphrase(passphrase)
    if journal.key is not None:
        return sealed_export.Sealing(journal.key)
    raise UsageError("this journal is not encrypted, so an encrypted export needs a passphrase: "
                     f"--export-passphrase-file FILE or {EXPORT_PASSPHRASE_VARIABLE}")


def import_command(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    with journal_for(args, writes=True) as journal:
        def content_key(header: sealed_export.Header) -> JournalKey:
            secret = export_passphrase(args)
            if secret is None and not sealed_export.opens_with(header, journal.key):
                wanted = "Passphrase" if header.protection == sealed_export.PASSPHRASE else \
                    "Recovery code of the journal it was exported from"
                secret = ask_secret(f"{wanted} for the encrypted export {path}: ")
            return sealed_export.content_key(header, journal.key, secret, path)

        result = importer.import_json(journal, path, content_key)
        plain_journal = journal.key is None
    if plain_journal and sealed_export.is_sealed_export(path) and result.added:
        print(f"voiceguide: {notices.journal_protection(False, False)}", file=sys.stderr)  # it was sealed
    already = f" ({result.skipped} already there)" if result.skipped else ""
    recordings = f", with {result.recordings} recording{'s' if result.recordings != 1 else ''}" \
        if result.recordings else ""
    print(f"Imported {result.added} entries{already}{recordings}.")
    missing = result.missing_recordings
    if missing:
        folder = export.recordings_folder(path)
        print(f"voiceguide: {missing} recording{'s' if missing != 1 else ''} named in the file "
              f"{'are' if missing != 1 else 'is'} not in {folder}; those entries were imported without one",
              file=sys.stderr)
    return 0


def stats_command(args: argparse.Namespace) -> int:
    with journal_for(args) as journal:
        figures = stats.compute(journal)
    if args.json:
        print_data(figures.as_dict())
        return 0
    lines = [f"Entries: {figures.entries}", "", "Entries per week:"]
    lines += [f"  {week}  {count}" for week, count in figures.per_week] or ["  (none)"]
    lines += ["", "Average distress change per practice (after minus before):"]
    changes = [f"  {c.practice}: {c.average_change:+.1f} over {c.runs} run{'' if c.runs == 1 else 's'}"
               for c in figures.rating_change]
    lines += changes or ["  (no rated practices yet)"]
    for title, top in (("emotions", figures.top_emotions), ("triggers", figures.top_triggers)):
        lines += ["", f"Most frequent {title}:"]
        lines += [f"  {name}: {count}" for name, count in top] or ["  (none)"]
    print_text("\n".join(lines))
    return 0


