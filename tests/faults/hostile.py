"""Hostile text: markup, escape sequences, control characters, NUL, invalid UTF-8, huge and nested input."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.faults.harness import REPO, Run

MARKUP = "[bold red]not bold[/] [link=https://example.com]x[/link] [/"
ANSI = "\x1b[31mred\x1b[0m \x1b[2J\x1b[H cleared?"
OSC = "\x1b]0;retitled\x07 \x1b]52;c;aGVsbG8=\x07 \x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\"
CONTROLS = "bell\x07 backspace\x08 formfeed\x0c cr\r del\x7f c1\x9b31m"
NUL = "before\x00after"
MIXED = "I feel 🌊 ‏שלום‏ \u202eright-to-left\u202c"
HUGE = "a long entry that goes on " * 40_000  # about 1 MB

TEXTS = {"rich markup": MARKUP, "ANSI escapes": ANSI, "OSC escapes": OSC, "control characters": CONTROLS,
         "NUL byte": NUL, "emoji and right-to-left": MIXED, "1 MB string": HUGE}

# Bytes that must never reach a terminal from user data: ESC, BEL, NUL, backspace, CR, C1 CSI (UTF-8).
RAW_CONTROLS = (b"\x1b", b"\x07", b"\x00", b"\x08", b"\r", b"\xc2\x9b")


def nested_toml(depth: int = 100_000) -> str:
    return "a = " + "[" * depth + "]" * depth + "\n"


def nested_tables(depth: int = 5_000) -> str:
    return "x = " + "{a = " * depth + "1" + "}" * depth + "\n"


def run_on_terminal(*args: str, env: Mapping[str, str], timeout: float = 60) -> Run:
    """Run `python -m voiceguide ARGS` with stdout and stderr on a pseudo-terminal; returns the raw output
    (as latin-1, so every byte is kept) in `stdout`."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "voiceguide", *args], cwd=REPO, env=dict(env),
                               stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = process.wait(timeout=10)
    os.close(master)
    raw = b"".join(chunks).replace(b"\r\n", b"\n")  # the terminal's own newline translation
    return Run(code, raw.decode("latin-1"), "")


def raw_controls(output: str) -> list[bytes]:
    data = output.encode("latin-1")
    return [byte for byte in RAW_CONTROLS if byte in data]


def write_practice(folder: Path, name: str, **fields: str) -> Path:
    """A valid one-step practice whose title, summary and step text are `fields` (TOML-escaped)."""
    def quoted(text: str) -> str:
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                             if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text) + '"'

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(
        f'id = "{name}"\ntitle = {quoted(fields.get("title", "T"))}\n'
        f'summary = {quoted(fields.get("summary", "S"))}\nminutes = 1\ncategory = "learn"\n'
        f'source = "test"\n\n[[steps]]\nkind = "say"\ntext = {quoted(fields.get("text", "hello"))}\n',
        encoding="utf-8")
    return path
