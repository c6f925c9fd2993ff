"""One table of keys and spoken commands, used for the key bindings and the help overlay."""

from __future__ import annotations

from dataclasses import dataclass

from voiceguide.intents import Intent, IntentKind


@dataclass(frozen=True)
class KeyCommand:
    """Keys (Textual key names), what they show as, the intent they send and the words that say it."""

    keys: tuple[str, ...]
    shown: str
    kind: IntentKind
    spoken: str
    number: int | None = None

    def intent(self) -> Intent:
        return Intent(self.kind, number=self.number)


SESSION_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(("enter", "right", "space"), "Enter / → / Space", IntentKind.NEXT, "next, go on, continue"),
    KeyCommand(("left", "b"), "← / b", IntentKind.BACK, "back, go back"),
    KeyCommand(("r",), "r", IntentKind.REPEAT, "repeat, say again"),
    KeyCommand(("p",), "p (again: resume)", IntentKind.PAUSE, "pause, stop"),
    KeyCommand(("c",), "c", IntentKind.RESUME, "resume"),
    KeyCommand(("minus",), "-", IntentKind.SLOWER, "slower, slow down"),
    KeyCommand(("plus", "equals_sign"), "+", IntentKind.FASTER, "faster, speed up"),
    KeyCommand(("s",), "s", IntentKind.SKIP, "skip"),
    KeyCommand(("e",), "e", IntentKind.END, "end"),
    KeyCommand(("y",), "y", IntentKind.YES, "yes"),
    KeyCommand(("n",), "n", IntentKind.NO, "no"),
    KeyCommand(("d",), "d", IntentKind.DONE, "done, I'm done"),
    *(KeyCommand((str(n),), str(n), IntentKind.NUMBER, "a number from zero to ten", number=n)
      for n in range(10)),
    KeyCommand(("t",), "t", IntentKind.NUMBER, "ten", number=10),
)

HELP_KEYS = ("question_mark", "f1")
SUPPORT_KEYS = ("exclamation_mark", "f2")
SUPPORT_SPOKEN = "I need help"

GLOBAL_HELP: tuple[tuple[str, str, str], ...] = (
    ("? / F1", "help (this list)", "help"),
    ("! / F2", "support card", f"{SUPPORT_SPOKEN}, need help, help me"),
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
                rows.append(("0-9, t (10)", "rate 0 to 10", "zero ... ten"))
                numbers_done = True
            continue
        rows.append((command.shown, command.kind.value, command.spoken))
    return rows
