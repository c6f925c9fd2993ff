"""`JournalView`: the opened journal as the app shows it (EntryView values), and `open_app_journal`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from voiceguide.errors import UsageError, VoiceguideError
from voiceguide.journal.models import EVERYTHING, Entry, EntryFilter, SearchHit, Source, Tag, show_time
from voiceguide.journal.recorder import JournalRecorder, SessionRecorder
from voiceguide.tui.ports import EntryView, JournalStats, RatingChange

if TYPE_CHECKING:
    from voiceguide.journal import stats
    from voiceguide.journal.interfaces import JournalReader, JournalWriter
    from voiceguide.journal.keys import JournalKey
    from voiceguide.journal.pending import PendingJournal
    from voiceguide.journal.store import SqliteJournal
    from voiceguide.journal.unlock import Unlocking


def entry_view(entry: Entry, recording: Path | None, snippet: str = "") -> EntryView:
    return EntryView(id=entry.id, created=show_time(entry.created), practice=entry.practice or "typed",
                     prompt=entry.prompt, text=entry.text, tags=tuple(str(t) for t in entry.tags),
                     before=entry.rating_before, after=entry.rating_after, snippet=snippet,
                     recording=str(recording.absolute()) if recording else "")


class JournalView:
    """The journal the app was given, read through its JournalReader and changed through its
    JournalWriter; entries come back as EntryView values. Blocking: call from a worker."""

    def __init__(self, reader: JournalReader, writer: JournalWriter, protection: str = "",
                 pending: PendingJournal | None = None, unlocking: Unlocking | None = None) -> None:
        self.reader = reader
        self.writer = writer
        self.protection = protection  # one line: encrypted or not, and what to do about it
        self.pending = pending  # a locked journal's stand-in (answers kept in memory), else None
        self.unlocking = unlocking

    @property
    def locked(self) -> bool:
        """The journal was not unlocked: what is said is kept in memory only, not saved yet."""
        return self.pending is not None and self.pending.locked

    @property
    def opened(self) -> SqliteJournal | None:
        """The journal file this view is over (None: locked, unavailable, or a test's fake)."""
        from voiceguide.journal.store import SqliteJournal

        return self.writer if isinstance(self.writer, SqliteJournal) else None

    @property
    def encrypted(self) -> bool:
        journal = self.opened
        return journal is not None and journal.key is not None

    def recovery_code(self) -> str:
        journal = self.opened
        return "" if journal is None or journal.key is None else journal.key.recovery_code()

    def encrypt(self, passphrase: str | None) -> str:
        """Encrypt the open plain journal in place (key in the keyring when there is one, else under
        `passphrase`) and go on with it; returns the recovery code. Blocking: call from a worker, with no
        practice under way (the journal is closed while it is migrated)."""
        from voiceguide.journal import keychain, migrate

        use_keyring = passphrase is None and keychain.keyring_available()
        if passphrase is None and not use_keyring:
            raise UsageError("there is no desktop keyring to keep the key: choose a passphrase")
        key = self._migrated(lambda folder: migrate.encrypt_journal(folder, passphrase=passphrase,
                                                                    use_keyring=use_keyring))
        return key.recovery_code() if key is not None else ""

    def decrypt(self) -> None:
        """Turn the open encrypted journal back into a plain one, in place. Blocking, as `encrypt`."""
        from voiceguide.journal import migrate

        journal = self.opened
        if journal is None or journal.key is None:
            return
        key = journal.key
        self._migrated(lambda folder: migrate.decrypt_journal(folder, key))

    def _migrated(self, change: Callable[[Path], JournalKey | None]) -> JournalKey | None:
        """Close the journal, change it, and open it again (as it was, when the change failed)."""
        from voiceguide.journal.keys import key_in_keyring
        from voiceguide.journal.store import SqliteJournal
        from voiceguide.notices import journal_protection

        journal = self.opened
        if journal is None:
            raise UsageError("the journal is not open")
        folder, key = journal.data_dir, journal.key
        journal.close()
        try:
            result = change(folder)
        except BaseException:
            self.reader = self.writer = SqliteJournal(folder, key=key)
            raise
        self.reader = self.writer = SqliteJournal(folder, key=result)
        self.protection = journal_protection(result is not None, key_in_keyring(folder))
        return result

    def not_saved(self) -> int:
        """How many answers are kept in memory only. Blocking."""
        return self.pending.pending() if self.pending is not None else 0

    def unlock(self, secret: str) -> int:
        """Unlock with a passphrase or recovery code and save what was kept in memory; returns how many
        answers were saved. WrongKey (or another JournalError) when it does not open. Blocking (scrypt)."""
        from voiceguide.journal.unlock import Unlocking

        if self.pending is None:
            return 0
        given = self.unlocking or Unlocking()
        moved = self.pending.unlock(Unlocking(secret, "", None, given.keyring, given.encrypt))
        from voiceguide.journal.keys import key_in_keyring
        from voiceguide.notices import journal_protection

        self.protection = journal_protection(True, key_in_keyring(self.pending.data_dir))
        return moved

    def _view(self, entry: Entry, snippet: str = "") -> EntryView:
        return entry_view(entry, self.reader.recording_path(entry), snippet)

    def recent(self, limit: int = 200) -> list[EntryView]:
        entries = self.reader.list_entries(EntryFilter(limit=limit, newest_first=True))
        return [self._view(e) for e in entries]

    def search(self, query: str, limit: int = 200) -> list[EntryView]:
        hits = self.reader.search(query, EntryFilter(limit=limit))
        return [self._view(hit.entry, hit.marked_snippet()) for hit in hits]

    def get(self, entry_id: int) -> EntryView | None:
        return self._view(self.reader.get(entry_id))

    def edit(self, entry_id: int, text: str) -> None:
        self.writer.edit_text(entry_id, text)

    def tag(self, entry_id: int, add: Sequence[str], remove: Sequence[str]) -> None:
        self.writer.tag(entry_id, add=[Tag.parse(t) for t in add], remove=[Tag.parse(t) for t in remove])

    def stats(self) -> JournalStats:
        figures = self.reader.stats()
        return JournalStats(entries=figures.entries, entries_per_week=list(figures.per_week),
                            rating_change=[RatingChange(c.practice, c.average_before, c.average_after, c.runs)
                                           for c in figures.rating_change],
                            top_triggers=list(figures.top_triggers), top_emotions=list(figures.top_emotions))

    def recorder(self, practice: str, engine: str = "") -> SessionRecorder:
        """What keeps one run of `practice` (it writes only once told something: call it anywhere)."""
        return JournalRecorder(self.writer, practice, engine)

    def audio_folder(self) -> Path | None:
        """Where answers' recordings are streamed, beside the journal (None: it keeps none, as while it
        is locked: nothing goes to disk then). No I/O."""
        return None if self.locked else self.writer.audio_folder()

    def recording_key(self) -> bytes | None:
        """The key recordings are sealed with as they are streamed (None: a plain journal). No I/O."""
        return self.writer.recording_key()


class UnavailableJournal:
    """A journal that could not be opened: every read and write raises its one-line error, so the journal
    screen shows it and each save reports it, while the rest of the app works."""

    def __init__(self, problem: VoiceguideError, audio_dir: Path) -> None:
        self.problem = problem
        self.audio_dir = audio_dir

    def _fail(self) -> NoReturn:
        raise type(self.problem)(self.problem.message)

    def list_entries(self, where: EntryFilter = EVERYTHING) -> list[Entry]:
        self._fail()

    def search(self, query: str, where: EntryFilter = EVERYTHING) -> list[SearchHit]:
        self._fail()

    def get(self, entry_id: int) -> Entry:
        self._fail()

    def recording_path(self, entry: Entry) -> Path | None:
        self._fail()

    def recording_wav(self, entry: Entry) -> bytes | None:
        self._fail()

    def stats(self) -> stats.JournalStats:
        self._fail()

    def start_run(self, practice: str) -> int:
        self._fail()

    def rate_run(self, run_id: int, *, before: int | None = None, after: int | None = None) -> None:
        self._fail()

    def begin_entry(self, *, practice: str, step: str, prompt: str, source: Source, engine: str,
                    run_id: int | None = None) -> int:
        self._fail()

    def append_segment(self, entry_id: int, text: str, duration: float | None = None) -> None:
        self._fail()

    def finish_entry(self, entry_id: int, duration: float) -> None:
        self._fail()

    def edit_text(self, entry_id: int, text: str) -> Entry:
        self._fail()

    def tag(self, entry_id: int, add: Iterable[Tag] = (), remove: Iterable[Tag] = ()) -> tuple[Tag, ...]:
        self._fail()

    def attach_recording(self, entry_id: int, wav: Path) -> Path:
        self._fail()

    def audio_folder(self) -> Path:
        return self.audio_dir

    def recording_key(self) -> bytes | None:
        return None

    def delete(self, entry_id: int) -> None:
        self._fail()


LOCKED = ("Your journal is locked: what you say is kept in memory only, not saved yet. "
          "Press u (home screen) to unlock it.")


def open_app_journal(data_dir: str | None = None, unlocking: Unlocking | None = None) -> JournalView:
    """The journal for the terminal app, opened now (before Textual takes the screen) by the one opening
    function (a passphrase is asked here, when one is needed); one that cannot be opened leaves the app
    working without it, its error shown where used."""
    from voiceguide import paths
    from voiceguide.journal import opening
    from voiceguide.journal.keys import WrongKey
    from voiceguide.journal.store import AUDIO_DIR
    from voiceguide.journal.unlock import NotUnlocked

    try:
        journal = opening.open_journal(data_dir, unlocking)
    except (NotUnlocked, WrongKey) as exc:  # the app starts all the same; answers wait in memory
        from voiceguide.journal.pending import PendingJournal

        pending = PendingJournal(paths.data_dir(data_dir), str(exc))
        return JournalView(pending, pending, LOCKED, pending=pending, unlocking=unlocking)
    except VoiceguideError as exc:
        unavailable = UnavailableJournal(exc, paths.data_dir(data_dir) / AUDIO_DIR)
        return JournalView(unavailable, unavailable)
    from voiceguide.journal.keys import key_in_keyring
    from voiceguide.notices import journal_protection

    protection = journal_protection(journal.key is not None, key_in_keyring(journal.data_dir))
    return JournalView(journal, journal, protection)
