"""Line numbers for the keys of a (syntactically valid) TOML document, which tomllib does not give."""

from __future__ import annotations

Path = tuple[str | int, ...]


class _Scanner:
    """A small reader of TOML's structure: table headers, keys, arrays and inline tables.

    It runs only on text tomllib has already accepted, so it can skip values it does not need
    (strings, numbers, dates) without checking them.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        self.array_tables: dict[Path, int] = {}

    # -- characters --
    def peek(self, offset: int = 0) -> str:
        at = self.pos + offset
        return self.text[at] if at < len(self.text) else ""

    def take(self, count: int = 1) -> str:
        if self.pos >= len(self.text):
            raise IndexError("unexpected end of text")
        taken = self.text[self.pos:self.pos + count]
        self.line += taken.count("\n")
        self.pos += len(taken)
        return taken

    def skip_blank(self, newlines: bool) -> None:
        """Skip spaces, comments and (when `newlines`) line breaks."""
        while self.pos < len(self.text):
            char = self.peek()
            if char in " \t\r" or (newlines and char == "\n"):
                self.take()
            elif char == "#":
                while self.peek() not in ("\n", ""):
                    self.take()
            else:
                return

    # -- pieces --
    def string(self) -> str:
        quote = self.peek()
        if self.text.startswith(quote * 3, self.pos):
            self.take(3)
            start = self.pos
            while not self.text.startswith(quote * 3, self.pos) or self.peek(3) == quote:
                if quote == '"' and self.peek() == "\\":
                    self.take()
                self.take()
            value = self.text[start:self.pos]
            self.take(3)
            return value
        self.take()
        chars: list[str] = []
        while self.peek() != quote:
            if quote == '"' and self.peek() == "\\":
                chars.append(self.take())
            chars.append(self.take())
        self.take()
        return "".join(chars)

    def key(self) -> list[str]:
        """A dotted key, as its parts."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            if self.peek() in ('"', "'"):
                parts.append(self.string())
            else:
                start = self.pos
                while self.peek() and (self.peek().isalnum() or self.peek() in "-_"):
                    self.take()
                parts.append(self.text[start:self.pos])
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.take()

    def value(self, path: Path) -> None:
        self.skip_blank(newlines=False)
        char = self.peek()
        if char in ('"', "'"):
            self.string()
        elif char == "[":
            self.take()
            index = 0
            while True:
                self.skip_blank(newlines=True)
                if self.peek() == "]":
                    self.take()
                    return
                self.lines.setdefault((*path, index), self.line)
                self.value((*path, index))
                index += 1
                self.skip_blank(newlines=True)
                if self.peek() == ",":
                    self.take()
        elif char == "{":
            self.take()
            while True:
                self.skip_blank(newlines=False)
                if self.peek() == "}":
                    self.take()
                    return
                self.pair(path)
                self.skip_blank(newlines=False)
                if self.peek() == ",":
                    self.take()
        else:
            while self.peek() not in ("", ",", "]", "}", "\n", "#"):
                self.take()

    def pair(self, table: Path) -> None:
        line = self.line
        path: Path = (*table, *self.key())
        self.lines.setdefault(path, line)
        self.skip_blank(newlines=False)
        self.take()  # "="
        self.value(path)

    def header(self) -> Path:
        double = self.text.startswith("[[", self.pos)
        self.take(2 if double else 1)
        line = self.line
        path: Path = ()
        parts = self.key()
        for number, part in enumerate(parts, start=1):
            path = (*path, part)
            last_of_array_header = double and number == len(parts)
            if path in self.array_tables and not last_of_array_header:
                path = (*path, self.array_tables[path] - 1)  # [[steps.phases]]: in the latest [[steps]]
        self.take(2 if double else 1)
        if double:
            index = self.array_tables.get(path, 0)
            self.array_tables[path] = index + 1
            path = (*path, index)
        self.lines.setdefault(path, line)
        return path

    def document(self) -> dict[Path, int]:
        table: Path = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.peek() == "[":
                table = self.header()
            else:
                self.pair(table)


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path ("steps", 2, "phases", 0, "seconds") to the line it is written on.

    Array elements get their own entries (path ending in the index), as do [[array]] tables.
    The text must be valid TOML (parse it with tomllib first).
    """
    try:
        return _Scanner(text).document()
    except (IndexError, ValueError):  # defensive: a construct the scanner does not know
        return {}


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of `path`, else of its nearest parent that has one, else 1."""
    for end in range(len(path), 0, -1):
        found = lines.get(path[:end])
        if found is not None:
            return found
    return 1
