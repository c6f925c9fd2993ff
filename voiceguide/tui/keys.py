"""One table of keys and spoken commands, used for the key bindings and the help overlay."""

from __future__ import annotations

from dataclasses import dataclass

from voiceguide.intents import Intent, IntentKind
from voiceguide.vocabulary import SPELLED, help_phrases


@dataclass(frozen=True)
class KeyCommand:
    """Keys (Textual key names), what they show as, and the intent they send."""

    keys: tuple[str, ...]
    shown: str
    kind: IntentKind
    number: int | None = None

    def intent(self) -> Intent:
        return Intent(self.kind, number=self.number)

    @property
    def spoken(self) -> str:
        """The words that say it, from the vocabulary (a number key's own number word)."""
        return SPELLED[self.number] if self.number is not None else spoken_for(self.kind)


SESSION_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(("enter", "right", "space"), "Enter / → / Space", IntentKind.NEXT),
    KeyCommand(("left", "b"), "← / b", IntentKind.BACK),
    KeyCommand(("r",), "r", IntentKind.REPEAT),
    KeyCommand(("p",), "p (again: resume)", IntentKind.PAUSE),
    KeyCommand(("c",), "c", IntentKind.RESUME),
    KeyCommand(("minus",), "-", IntentKind.SLOWER),
    KeyCommand(("plus", "equals_sign"), "+", IntentKind.FASTER),
    KeyCommand(("s",), "s", IntentKind.SKIP),
    KeyCommand(("e",), "e", IntentKind.END),
    KeyCommand(("y",), "y", IntentKind.YES),
    KeyCommand(("n",), "n", IntentKind.NO),
    KeyCommand(("d",), "d", IntentKind.DONE),
    *(KeyCommand((str(n),), str(n), IntentKind.NUMBER, number=n) for n in range(10)),
    KeyCommand(("t",), "t", IntentKind.NUMBER, number=10),
)

HELP_KEYS = ("question_mark", "f1")
SUPPORT_KEYS = ("exclamation_mark", "f2")


def spoken_for(kind: IntentKind) -> str:
    """The phrases that ask for `kind`, as the help lists them ("done, I'm done")."""
    return ", ".join(help_phrases(kind))


GLOBAL_HELP: tuple[tuple[str, str, str], ...] = (
    ("? / F1", "help (this list)", spoken_for(IntentKind.HELP)),
    ("! / F2", "support card", spoken_for(IntentKind.SUPPORT)),
    ("Ctrl+Q", "quit voiceguide", ""),
)

HOME_HELP: tuple[tuple[str, str], ...] = (
    ("1", "start STOP"),
    ("2", "start breathing"),
    ("3", "start grounding"),
    ("Enter", "start the chosen practice"),
    ("j", "journal"),
    ("o", "settings"),
    ("q", "quit"),
)

JOURNAL_HELP: tuple[tuple[str, str], ...] = (
    ("/", "search (words, word*, \"a phrase\", AND / OR / NOT)"),
    ("e", "edit the chosen entry (Ctrl+S saves)"),
    ("t", "tags: +tag adds, -tag removes"),
    ("Esc", "back"),
)


def command_for_key(key: str) -> KeyCommand | None:
    """The session command a key sends, or None."""
    for command in SESSION_COMMANDS:
        if key in command.keys:
            return command
    return None


def help_rows() -> list[tuple[str, str, str]]:
    """(keys, action, spoken) rows for the help overlay, numbers folded into one row."""
    rows: list[tuple[str, str, str]] = list(GLOBAL_HELP)
    numbers_done = False
    for command in SESSION_COMMANDS:
        if command.kind is IntentKind.NUMBER:
            if not numbers_done:
                rows.append(("0-9, t (10)", "rate 0 to 10", f"{SPELLED[0]} ... {SPELLED[10]}"))
                numbers_done = True
            continue
        rows.append((command.shown, command.kind.value, command.spoken))
    return rows
