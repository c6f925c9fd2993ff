"""Journal values: entries, practice runs, tags, filters, search hits and the time format they use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Source = Literal["spoken", "typed"]
SOURCES: tuple[Source, ...] = ("spoken", "typed")
TagKind = Literal["emotion", "trigger", "tag"]
TAG_KINDS: tuple[TagKind, ...] = ("emotion", "trigger", "tag")
RATING_RANGE = range(0, 11)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_stored_time(moment: datetime) -> str:
    """UTC ISO 8601 with microseconds and +00:00: fixed width, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("journal times must carry a time zone")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_stored_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"time without a time zone: {text!r}")
    return moment


def local_time(text: str) -> datetime:
    """A stored UTC time in the computer's local time zone, for showing."""
    return from_stored_time(text).astimezone()


def show_time(text: str) -> str:
    return local_time(text).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, order=True)
class Tag:
    """An emotion, a trigger, or a free tag; written `kind:name`, or just `name` for a free tag."""

    kind: TagKind
    name: str

    @classmethod
    def parse(cls, text: str) -> Tag:
        kind, sep, name = text.partition(":")
        if sep and kind in TAG_KINDS:
            clean = name.strip().lower()
            chosen: TagKind = kind
        else:
            clean = text.strip().lower()
            chosen = "tag"
        if not clean:
            raise ValueError(f"empty tag: {text!r}")
        return cls(chosen, clean)

    def __str__(self) -> str:
        return self.name if self.kind == "tag" else f"{self.kind}:{self.name}"


@dataclass(frozen=True)
class Entry:
    """One journal entry. `text` is what the user keeps (editable); `original` is the transcript as heard."""

    id: int
    created: str
    updated: str
    practice: str
    step: str
    prompt: str
    text: str
    original: str
    source: Source
    engine: str
    duration: float | None
    run_id: int | None
    rating_before: int | None
    rating_after: int | None
    audio: str | None
    tags: tuple[Tag, ...] = ()

    @property
    def edited(self) -> bool:
        return self.text != self.original

    @property
    def emotions(self) -> tuple[str, ...]:
        return tuple(tag.name for tag in self.tags if tag.kind == "emotion")

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(tag.name for tag in self.tags if tag.kind == "trigger")


@dataclass(frozen=True)
class PracticeRun:
    """One walk through a practice, with the distress ratings (0-10) asked before and after."""

    id: int
    practice: str
    started: str
    rating_before: int | None
    rating_after: int | None


@dataclass(frozen=True)
class EntryFilter:
    """Which entries to list: all given conditions must hold. Dates are UTC-aware datetimes."""

    since: datetime | None = None
    until: datetime | None = None
    practice: str | None = None
    tags: tuple[Tag, ...] = ()
    min_rating: int | None = None  # distress before the practice, at least
    max_rating: int | None = None
    limit: int | None = None
    newest_first: bool = False


EVERYTHING = EntryFilter()


@dataclass(frozen=True)
class SnippetPart:
    text: str
    matched: bool


@dataclass(frozen=True)
class SearchHit:
    """A matching entry and a short excerpt split into parts, `matched` marking the search terms."""

    entry: Entry
    snippet: tuple[SnippetPart, ...] = field(default=())

    def marked_snippet(self, left: str = "«", right: str = "»") -> str:
        """The excerpt as plain text with the matches between `left` and `right` (data, never markup)."""
        return "".join(f"{left}{part.text}{right}" if part.matched else part.text for part in self.snippet)
