"""Home: the practices grouped by category, with one key each for STOP, breathing and grounding."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from voiceguide.tui.ports import CATEGORIES, PracticeInfo
from voiceguide.tui.text import plain
from voiceguide.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from voiceguide.tui.app import VoiceguideApp

# Preferred ids for the one-key starts; the first practice of the category is used otherwise.
QUICK_STARTS = {
    "stop": ("Right now", ("stop",)),
    "breathe": ("Breathe", ("box-breathing", "box", "longer-exhale", "physiological-sigh")),
    "ground": ("Ground", ("grounding-54321", "5-4-3-2-1", "grounding", "54321")),
}


def category_of(info: PracticeInfo) -> str:
    wanted = info.category.replace("-", " ").replace("_", " ").strip().lower()
    for name in CATEGORIES:
        if name.lower() == wanted:
            return name
    return CATEGORIES[-1]


def quick_start(practices: list[PracticeInfo], which: str) -> PracticeInfo | None:
    category, preferred = QUICK_STARTS[which]
    by_id = {p.id: p for p in practices}
    for practice_id in preferred:
        if practice_id in by_id:
            return by_id[practice_id]
    return next((p for p in practices if category_of(p) == category), None)


class HomeScreen(Screen[None]):
    """The practices to choose from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "quick('stop')", "STOP"),
        Binding("2", "quick('breathe')", "Breathe"),
        Binding("3", "quick('ground')", "Ground"),
        Binding("j", "journal", "Journal"),
        Binding("o", "settings", "Settings"),
        Binding("u", "unlock", "Unlock journal"),
        Binding("q", "app.quit", "Quit"),
    ]

    @property
    def vg(self) -> VoiceguideApp:
        from voiceguide.tui.app import VoiceguideApp

        return cast(VoiceguideApp, self.app)

    def practices(self) -> list[PracticeInfo]:
        catalog = self.vg.services.catalog
        return catalog.practices() if catalog is not None else []

    def compose(self) -> ComposeResult:
        practices = self.practices()
        with Vertical(id="home"):
            yield Static(Content.assemble(("voiceguide", "bold"), "  ·  a calm voice for a hard moment"),
                         id="home-title")
            yield Static(self._quick_line(practices), id="quick-starts")
            options: list[Option | None] = []
            for category in CATEGORIES:
                members = [p for p in practices if category_of(p) == category]
                if not members:
                    continue
                options.append(Option(Content(category.upper()).stylize("bold $secondary"), disabled=True,
                                      id=f"heading-{category}"))
                for practice in members:
                    minutes = f"  {practice.minutes:g} min" if practice.minutes else ""
                    prompt = Content.assemble("  ", plain(practice.title).stylize("bold"),
                                              plain(f"  {practice.summary}").stylize("dim"), minutes)
                    options.append(Option(prompt, id=f"practice-{practice.id}"))
            if not practices:
                options.append(Option("No practices are available.", disabled=True))
            yield OptionList(*options, id="practices")
            locked = Static(plain(self._locked_line()), id="journal-locked")
            locked.display = self._journal_locked()
            yield locked
        yield StatusLine(id="status")
        yield Footer()

    def _quick_line(self, practices: list[PracticeInfo]) -> Content:
        parts: list[Content | str] = []
        for key, which in (("1", "stop"), ("2", "breathe"), ("3", "ground")):
            found = quick_start(practices, which)
            if found is not None:
                parts.extend([Content(f" {key} ").stylize("reverse bold"), " ", plain(found.title), "    "])
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one(StatusLine).text = self.vg.voice_status.line()
        options = self.query_one(OptionList)
        for index in range(options.option_count):
            if not options.get_option_at_index(index).disabled:
                options.highlighted = index
                break

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("practice-"):
            self.vg.start_session(option_id.removeprefix("practice-"))

    def action_quick(self, which: str) -> None:
        found = quick_start(self.practices(), which)
        if found is not None:
            self.vg.start_session(found.id)

    def _journal_locked(self) -> bool:
        journal = self.vg.services.journal
        return journal is not None and journal.locked

    def _locked_line(self) -> str:
        journal = self.vg.services.journal
        return journal.protection if journal is not None else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unlock":
            return self._journal_locked()  # the key is offered only while there is something to unlock
        return True

    def action_unlock(self) -> None:
        from voiceguide.tui.screens.unlock import UnlockScreen

        if self._journal_locked():
            self.app.push_screen(UnlockScreen(), self.unlocked)

    def unlocked(self, saved: int | None) -> None:
        if saved is None:
            return
        banner = self.query_one("#journal-locked", Static)
        banner.display = False
        self.refresh_bindings()
        answers = f"{saved} answer{'s' if saved != 1 else ''}"
        what = f"{answers} kept in memory now saved" if saved else "nothing was waiting"
        self.app.notify(f"Journal unlocked: {what}.", markup=False)

    def action_journal(self) -> None:
        from voiceguide.tui.screens.journal import JournalScreen

        self.app.push_screen(JournalScreen())

    def action_settings(self) -> None:
        from voiceguide.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())
