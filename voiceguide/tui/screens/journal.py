"""The journal: entries, search, an entry's text, editing, tags, and a stats panel with charts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Sparkline, Static, TextArea
from textual.widgets.option_list import Option

from voiceguide.errors import UsageError
from voiceguide.tui.ports import EntryView, JournalStats, RatingChange
from voiceguide.tui.text import plain, restore_controls, visible
from voiceguide.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from voiceguide.tui.app import VoiceguideApp


class EntriesLoaded(Message):
    """Entries (and stats) read by a worker."""

    def __init__(self, entries: list[EntryView], stats: JournalStats | None, error: str = "") -> None:
        super().__init__()
        self.entries = entries
        self.stats = stats
        self.error = error


def entry_label(entry: EntryView) -> Content:
    """One line of the entry list: date, practice, and the start of the text or the search snippet."""
    words = entry.snippet or entry.text
    first = " ".join(words.split())[:60]
    return Content.assemble((entry.created, "dim"), "  ", plain(entry.practice).stylize("$secondary"),
                            "  ", plain(first))


EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, top: float, cells: int = 5) -> str:
    """`value` out of `top` as a bar `cells` wide, in eighths of a cell (padded to `cells`)."""
    eighths = round(min(top, max(0.0, value)) / top * cells * 8) if top > 0 else 0
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(cells)


def rating_bar(rating: float) -> str:
    """A distress rating 0-10 as a bar five cells wide."""
    return bar(rating, 10)


def triggers_chart(triggers: list[tuple[str, int]]) -> Content:
    """`work █████ 4   family ██▌ 2`: each trigger with a bar scaled to the most frequent."""
    if not triggers:
        return Content("none yet").stylize("dim")
    most = max(count for _, count in triggers)
    return Content("   ").join([Content.assemble(plain(name), " ", (bar(count, most).rstrip(), "$accent"),
                                                  f" {count}") for name, count in triggers])


def rating_line(change: RatingChange) -> Content:
    """`stop          ████  8.0 → ██▊   5.5 (2)`: the average distress before and after, and the runs."""
    after_style = "$success" if change.after <= change.before else "$warning"
    return Content.assemble(plain(f"{change.practice[:13]:<14}"), (rating_bar(change.before), "$warning"),
                            f" {change.before:.1f} → ", (rating_bar(change.after), after_style),
                            f" {change.after:.1f}", (f" ({change.runs})", "dim"))


LOCKED_HERE = ("Your journal is locked: only what you said since voiceguide started is shown (kept in "
               "memory, not saved yet). Press u to unlock it and see everything.")

class JournalScreen(Screen[None]):
    """Find and reread what was said; edit it; tag it; see how ratings change."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("e", "edit", "Edit"),
        Binding("t", "tags", "Tags"),
        Binding("ctrl+s", "save_edit", "Save"),
        Binding("escape", "back", "Back"),
        Binding("u", "unlock", "Unlock journal"),
        Binding("down", "to_entries", "Entries", show=False),
    ]

    AUTO_FOCUS = "#entries"  # keys are commands; / goes to the search box

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[EntryView] = []
        self.current: EntryView | None = None
        self._warned_unsaved = False  # Esc once with changes in the editor: the next Esc drops them

    @property
    def vg(self) -> VoiceguideApp:
        from voiceguide.tui.app import VoiceguideApp

        return cast(VoiceguideApp, self.app)

    def compose(self) -> ComposeResult:
        journal = self.vg.services.journal
        if journal is not None and journal.locked:
            yield Static(plain(LOCKED_HERE), id="journal-locked")
        with Horizontal(id="journal"):
            with Vertical(id="journal-left"):
                yield Input(placeholder="Search your journal  ( / )", id="search")
                yield OptionList(id="entries")
            with Vertical(id="journal-right"):
                yield Static("", id="entry-meta")
                with VerticalScroll(id="entry-scroll"):
                    yield Static("", id="entry-text")
                yield TextArea("", id="editor", soft_wrap=True)
                yield Input(placeholder="+tag to add, -tag to remove, Enter to apply", id="tags")
                with Vertical(id="stats"):
                    yield Static(Content("Entries per week").stylize("bold"), classes="stats-title")
                    yield Sparkline([], id="per-week")
                    yield Static("", id="ratings")
                    yield Static("", id="triggers")
        yield StatusLine(id="status")
        yield Footer()

    def action_unlock(self) -> None:
        from voiceguide.tui.screens.unlock import UnlockScreen

        journal = self.vg.services.journal
        if journal is not None and journal.locked:
            self.app.push_screen(UnlockScreen(), self.unlocked)

    def unlocked(self, saved: int | None) -> None:
        if saved is None:
            return
        for banner in self.query("#journal-locked"):
            banner.display = False
        self.refresh_bindings()
        self.app.notify("Journal unlocked: your whole journal is shown.", markup=False)
        self.load("")

    def on_mount(self) -> None:
        self.query_one(StatusLine).text = self.vg.voice_status.line()
        for widget in (self.query_one("#search", Input), self.query_one("#tags", Input),
                       self.query_one(TextArea)):
            widget.cursor_blink = self.vg.cursor_blink
        self.query_one(TextArea).display = False
        self.query_one("#tags", Input).display = False
        self.load("")

    @work(thread=True, exit_on_error=False, group="journal-read", exclusive=True)
    def load(self, query: str) -> None:
        journal = self.vg.services.journal
        if journal is None:
            self.post_message(EntriesLoaded([], None, "The journal is not available."))
            return
        try:
            entries = journal.search(query) if query.strip() else journal.recent()
            stats = journal.stats()
        except UsageError as exc:  # a query typed half-way (an open quote): how to search, not a fault
            self.post_message(EntriesLoaded([], None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - a broken journal is shown as one line, not a crash
            self.post_message(EntriesLoaded([], None, f"Cannot read the journal: {exc}"))
            return
        self.post_message(EntriesLoaded(entries, stats))

    def on_entries_loaded(self, message: EntriesLoaded) -> None:
        self.entries = message.entries
        options = self.query_one("#entries", OptionList)
        options.clear_options()
        if message.error:
            options.add_option(Option(plain(message.error), disabled=True))
        elif not self.entries and self.query_one("#search", Input).value.strip():
            options.add_option(Option("No entry matches this search.", disabled=True))
        elif not self.entries:
            options.add_option(Option("Nothing here yet.", disabled=True))
        kept = next((i for i, e in enumerate(self.entries) if self.current and e.id == self.current.id), 0)
        if self.entries:  # the entry just edited or tagged stays selected
            options.add_options([Option(entry_label(e), id=str(e.id)) for e in self.entries])
            options.highlighted = kept
        if message.stats is not None:
            self.show_stats(message.stats)
        self.show_entry(self.entries[kept] if self.entries else None)

    def show_stats(self, stats: JournalStats) -> None:
        self.query_one(Sparkline).data = [float(n) for _, n in stats.entries_per_week] or [0.0]
        ratings = [Content("Distress before → after (runs)").stylize("bold")]
        ratings += [rating_line(change) for change in stats.rating_change[:4]]
        self.query_one("#ratings", Static).update(Content("\n").join(ratings))
        self.query_one("#triggers", Static).update(Content.assemble(
            ("Most frequent triggers", "bold"), "\n", triggers_chart(stats.top_triggers[:5])))

    def show_entry(self, entry: EntryView | None) -> None:
        self.current = entry
        meta = self.query_one("#entry-meta", Static)
        text = self.query_one("#entry-text", Static)
        if entry is None:
            meta.update("")
            text.update("")
            return
        rating = ""
        if entry.before is not None or entry.after is not None:
            rating = f"   distress {entry.before if entry.before is not None else '–'} → " \
                     f"{entry.after if entry.after is not None else '–'}"
        tags = "  ".join(f"#{tag}" for tag in entry.tags)
        lines = [
            Content.assemble((entry.created, "bold"), "  ", plain(entry.practice).stylize("$secondary"),
                             rating),
            plain(entry.prompt).stylize("italic"),
            plain(tags).stylize("$accent"),
        ]
        if entry.recording:
            lines.append(plain(f"Recording: {entry.recording}").stylize("dim"))
        meta.update(Content("\n").join(lines))
        text.update(plain(entry.text))

    @on(OptionList.OptionHighlighted, "#entries")
    def entry_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry_id = event.option.id
        found = next((e for e in self.entries if str(e.id) == entry_id), None)
        if found is not None:
            self.show_entry(found)

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#entries", OptionList).focus()

    def action_to_entries(self) -> None:
        """↓ in the search box goes down into the entries it found."""
        if self.focused is self.query_one("#search", Input):
            self.query_one("#entries", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_edit(self) -> None:
        if self.current is None:
            return
        editor = self.query_one(TextArea)
        editor.text = visible(self.current.text)  # a TextArea would send raw escapes to the terminal
        editor.display = True
        self.query_one("#entry-scroll").display = False
        self._warned_unsaved = False
        editor.focus()
        self.refresh_bindings()

    def action_save_edit(self) -> None:
        editor = self.query_one(TextArea)
        if not editor.display or self.current is None:
            return
        if self._unsaved_edit():
            self.write_edit(self.current.id, restore_controls(editor.text, self.current.text))
        self._close_editors()

    def action_tags(self) -> None:
        if self.current is None:
            return
        tags = self.query_one("#tags", Input)
        tags.display = True
        tags.focus()

    @on(Input.Submitted, "#tags")
    def tags_submitted(self, event: Input.Submitted) -> None:
        words = event.value.split()
        add = [w[1:] if w.startswith("+") else w for w in words if not w.startswith("-")]
        remove = [w[1:] for w in words if w.startswith("-")]
        event.input.value = ""
        if self.current is not None and (add or remove):
            self.write_tags(self.current.id, [a for a in add if a], [r for r in remove if r])
        self._close_editors()

    @work(thread=True, exit_on_error=False, group="journal-write")
    def write_edit(self, entry_id: int, text: str) -> None:
        journal = self.vg.services.journal
        if journal is not None:
            self._write(lambda: journal.edit(entry_id, text), "the edit")
        self.app.call_from_thread(self.load, self.query_one("#search", Input).value)

    @work(thread=True, exit_on_error=False, group="journal-write")
    def write_tags(self, entry_id: int, add: list[str], remove: list[str]) -> None:
        journal = self.vg.services.journal
        if journal is not None:
            self._write(lambda: journal.tag(entry_id, add, remove), "the tags")
        self.app.call_from_thread(self.load, self.query_one("#search", Input).value)

    def _write(self, write: Callable[[], object], what: str) -> None:
        """In a write worker: a failure is one line on screen, not a silent loss."""
        try:
            write()
        except Exception as exc:  # noqa: BLE001 - a full disk or a locked file must reach the user
            self.app.call_from_thread(self.notify, f"{what} could not be saved: {exc}", severity="error",
                                      markup=False)

    def _close_editors(self) -> None:
        self.query_one(TextArea).display = False
        self.query_one("#tags", Input).display = False
        self.query_one("#entry-scroll").display = True
        self.query_one("#entries", OptionList).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ctrl+S is offered (in the footer) only while an entry is being edited, u only while the journal
        is locked."""
        if action == "save_edit":
            return self.query_one(TextArea).display
        if action == "unlock":
            journal = self.vg.services.journal
            return journal is not None and journal.locked
        return True

    def _unsaved_edit(self) -> bool:
        editor = self.query_one(TextArea)
        return editor.display and self.current is not None and editor.text != visible(self.current.text)

    def action_back(self) -> None:
        if self._unsaved_edit() and not self._warned_unsaved:
            self._warned_unsaved = True
            self.notify("This change is not saved. Ctrl+S saves it; Esc again leaves it unsaved.",
                        severity="warning")
        elif self.query_one(TextArea).display or self.query_one("#tags", Input).display:
            self._close_editors()
        elif self.focused is self.query_one("#search", Input):
            self.query_one("#entries", OptionList).focus()
        else:
            self.dismiss()
