"""Hostile journal text shared by the journal tests: markup, escapes, emoji, right-to-left, NUL, 100 KB."""

from __future__ import annotations

HOSTILE = {
    "markup": "I said [bold]no[/bold] and [/ then [red]stop[/] [link=http://x]x[/link]",
    "ansi": "colour \x1b[31mred\x1b[0m and title \x1b]0;pwned\x07 done",
    "emoji": "heart racing 💔😡🫠 then breathing 🌬️ 👨‍👩‍👧",
    "rtl": "אני מרגיש בודד مرحبا بالعالم mixed \u202eevil\u202c",
    "nul": "before\x00after\x00",
    "big": ("a long night of thoughts " * 4300)[:100_000],
}
