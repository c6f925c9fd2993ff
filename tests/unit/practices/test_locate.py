"""Key line numbers for TOML text, which tomllib does not report."""

from __future__ import annotations

import tomllib

from voiceguide.practices.locate import key_lines, line_of

TEXT = '''# a comment = "not a key"
title = "A [bracket] and a # hash"
"quoted key" = 'literal \\ backslash'
long = """
first line
key = "inside a string"
"""
numbers = [1, 2,
  3]

[table]
dotted.key = true
inline = { a = 1, b = { c = "}" } }

[[steps]]
kind = "say"
phases = [
  { kind = "inhale" },

  # between elements
  { kind = "exhale", seconds = 6 },
]

[[steps]]
kind = "pause"
'''


def test_keys_tables_and_array_elements_get_their_lines() -> None:
    tomllib.loads(TEXT)  # the scanner only runs on valid TOML
    lines = key_lines(TEXT)
    assert lines[("title",)] == 2
    assert lines[("quoted key",)] == 3
    assert lines[("long",)] == 4
    assert ("key",) not in lines
    assert lines[("numbers", 2)] == 9
    assert lines[("table", "dotted", "key")] == 12
    assert lines[("table", "inline", "b", "c")] == 13
    assert lines[("steps", 0)] == 15
    assert lines[("steps", 0, "phases", 1)] == 21
    assert lines[("steps", 0, "phases", 1, "seconds")] == 21
    assert lines[("steps", 1)] == 24
    assert lines[("steps", 1, "kind")] == 25


def test_a_path_without_a_line_falls_back_to_its_parent() -> None:
    lines = key_lines(TEXT)
    assert line_of(lines, ("steps", 1, "missing")) == 24
    assert line_of(lines, ("nothing",)) == 1


def test_nested_arrays_of_tables_belong_to_the_latest_parent() -> None:
    text = '[[steps]]\nkind = "say"\n[[steps]]\nkind = "breathe"\n[[steps.phases]]\nkind = "inhale"\n' \
           '[[steps.phases]]\nseconds = 30\n'
    tomllib.loads(text)
    lines = key_lines(text)
    assert lines[("steps", 1, "phases", 0, "kind")] == 6
    assert lines[("steps", 1, "phases", 1)] == 7
    assert lines[("steps", 1, "phases", 1, "seconds")] == 8


def test_syntax_error_at_the_end_of_the_document_names_the_last_line() -> None:
    import pytest

    from voiceguide.practices.loader import PracticeError, parse_practice

    with pytest.raises(PracticeError, match=r"^t.toml:3: TOML syntax error"):
        parse_practice('id = "x"\ntitle = "y"\nsummary = """never closed', "t.toml")
