"""Hostile input in transcripts, typed entries, practice files and config: shown literally or rejected
with a one-line message; never executed, never corrupting the terminal."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.faults import hostile
from tests.faults.harness import (
    EXITS,
    WORKS,
    assert_no_traceback,
    assert_one_line,
    check_journal,
    child_env,
    record,
    run_voiceguide,
)
from tests.faults.session import walk
from voiceguide.errors import EXIT_CONFIG, EXIT_USAGE
from voiceguide.journal import SqliteJournal


def shown_on_terminal(*args: str) -> str:
    run = hostile.run_on_terminal(*args, env=child_env())
    assert run.code == 0, run.stdout[-2000:]
    assert_no_traceback(run)
    assert not hostile.raw_controls(run.stdout), f"raw control bytes reached the terminal: {args}"
    return run.stdout


@pytest.mark.parametrize("kind", list(hostile.TEXTS))
def test_typed_entry(kind: str, data_dir: Path) -> None:
    text = hostile.TEXTS[kind]
    added = run_voiceguide("journal", "add", "-", stdin=text)
    assert added.code == 0 and added.stderr == "", added.stderr
    entry_id = added.stdout.split()[-1].rstrip(".")
    shown = run_voiceguide("journal", "show", entry_id, "--json")
    assert json.loads(shown.stdout)["text"] == text  # kept exactly, NUL and escapes included
    on_terminal = shown_on_terminal("journal", "show", entry_id)
    if kind == "rich markup":
        assert hostile.MARKUP in on_terminal
    if kind == "emoji and right-to-left":
        assert "🌊 ‏שלום‏".encode().decode("latin-1") in on_terminal
    shown_on_terminal("journal", "list")
    as_json = shown_on_terminal("journal", "show", entry_id, "--json").encode("latin-1").decode("utf-8")
    assert json.loads(as_json)["text"] == text  # JSON on a terminal: lossless, no raw controls either
    check_journal(data_dir, [text.strip()])
    record(f"typed entry with {kind}", "hostile input", WORKS, shown,
           message="kept exactly; shown literally, control characters as \\xNN on a terminal")


def test_typed_entry_invalid_utf8(data_dir: Path) -> None:
    run = run_voiceguide("journal", "add", "-", stdin=b"caf\xe9 \xff\xfe and more")
    assert_one_line(run, EXIT_USAGE, "UTF-8")
    argv = run_voiceguide("journal", "add", os.fsdecode(b"caf\xe9 \xff"))
    assert_one_line(argv, EXIT_USAGE, "not valid UTF-8")
    record("typed entry with invalid UTF-8 (stdin, argument)", "hostile input", EXITS, run)


def test_transcripts_through_the_runner(data_dir: Path) -> None:
    """Dictated text full of markup, escapes, NUL and 1 MB goes through the runner into the journal as is,
    and every journal view shows it literally."""
    said = walk("reflection-questions", data_dir, segments=1, dictation=list(hostile.TEXTS.values()))
    lost = check_journal(data_dir, [text.strip() for text in said])
    with SqliteJournal(data_dir) as journal:
        entry = journal.list_entries()[0]
    assert entry.text.startswith(" ".join(text.strip() for text in hostile.TEXTS.values()))
    for view in (["journal", "show", str(entry.id)], ["journal", "list"], ["journal", "search", "bold"]):
        shown_on_terminal(*view)
    exported = run_voiceguide("journal", "export", "--format", "json")
    assert exported.code == 0, exported.stderr
    texts = [item["text"] for item in json.loads(exported.stdout)["entries"]]
    assert any(hostile.NUL in text and hostile.OSC in text for text in texts)
    record("transcripts with markup, escapes, NUL, 1 MB (runner to journal)", "hostile input", WORKS,
           exported, message="kept exactly; shown literally", data_lost=lost)


PRACTICE_FILES = {
    "nested arrays 100,000 deep": hostile.nested_toml(),
    "nested inline tables 5,000 deep": hostile.nested_tables(),
    "NUL byte": 'id = "a"\x00\n',
    "escape sequences in keys and values": 'id = "x\\u001b]0;t\\u0007"\n"k\\u001b[2J" = 1\n',
    "1 MB string": f'id = "{"x" * 1_000_000}"\n',
}


@pytest.mark.parametrize("kind", list(PRACTICE_FILES))
def test_practice_file(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(PRACTICE_FILES[kind], encoding="utf-8")
    run = run_voiceguide("practices", "validate", str(path))
    assert_no_traceback(run)
    assert run.code == EXIT_USAGE
    assert run.lines and all(line.startswith(f"voiceguide: {path}:") for line in run.lines), run.lines
    assert all(len(line) < 600 for line in run.lines)
    assert not hostile.raw_controls(run.stderr.encode("utf-8").decode("latin-1"))
    record(f"practice file: {kind}", "hostile input", EXITS, run)


def test_practice_file_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'id = "caf\xe9"\n')
    run = run_voiceguide("practices", "validate", str(path))
    assert_one_line(run, EXIT_USAGE, "not UTF-8")
    record("practice file: invalid UTF-8", "hostile input", EXITS, run)


def test_valid_practice_with_hostile_text(tmp_path: Path) -> None:
    """Escapes and markup in a practice's title and text are text: listed and shown literally."""
    folder = Path(os.environ["VOICEGUIDE_CONFIG_DIR"]) / "practices"
    hostile.write_practice(folder, "hostile", title=hostile.ANSI + hostile.MARKUP, summary=hostile.OSC,
                           text=hostile.CONTROLS + hostile.NUL)
    listed = shown_on_terminal("practices", "list")
    assert hostile.MARKUP in listed
    shown_on_terminal("practices", "show", "hostile")
    record("practice with escapes and markup in its text (list, show)", "hostile input", WORKS,
           message="shown literally, control characters as \\xNN")


CONFIG_FILES = {
    "syntax error": b"[voice\nrate = 150\n",
    "wrong type": b'[voice]\nrate = "fast"\n',
    "unknown key": b"[listen]\nengine = \"vosk\"\nloudness = 3\n",
    "invalid UTF-8": b'[voice]\nvoice = "caf\xe9"\n',
    "NUL byte": b'[voice]\nvoice = "a"\x00\n',
    "nested arrays 100,000 deep": hostile.nested_toml().encode(),
    "escape sequences in a key": b'[voice]\n"x\\u001b]0;t\\u0007\\u001b[2J" = 1\n',
    "1 MB key": b'[voice]\n"' + b"k" * 1_000_000 + b'" = 1\n',
}


@pytest.mark.parametrize("kind", list(CONFIG_FILES))
def test_invalid_config(kind: str, tmp_path: Path) -> None:
    """The command line refuses an invalid config with EXIT_CONFIG and one line naming the file."""
    path = tmp_path / "config.toml"
    path.write_bytes(CONFIG_FILES[kind])
    run = run_voiceguide("--config", str(path), "run", "stop", "--no-tui")
    message = assert_one_line(run, EXIT_CONFIG, str(path))
    assert len(message) < 600 and not hostile.raw_controls(run.stderr.encode().decode("latin-1"))
    record(f"invalid config file: {kind}", "config", EXITS, run)


IMPORT_FILES = {
    "nested arrays 100,000 deep": ("[" * 100_000 + "]" * 100_000).encode(),
    "invalid UTF-8": b'\xff\xfe{"format": "voiceguide-journal"}',
    "wrong shape": b'{"format": "voiceguide-journal", "version": 1, "runs": [], "entries": "x"}',
}


@pytest.mark.parametrize("kind", list(IMPORT_FILES))
def test_journal_import_file(kind: str, tmp_path: Path, data_dir: Path, settled: list[str]) -> None:
    path = tmp_path / "import.json"
    path.write_bytes(IMPORT_FILES[kind])
    run = run_voiceguide("journal", "import", str(path))
    assert_one_line(run, EXIT_USAGE, str(path))
    lost = check_journal(data_dir, settled)
    record(f"journal import file: {kind}", "hostile input", EXITS, run, data_lost=lost)


HOSTILE_RESOURCE = hostile.MARKUP + hostile.ANSI + hostile.OSC


def hostile_config(folder: Path) -> Path:
    """A valid config whose own crisis resource (name, contact, note) is markup, escapes and controls."""
    def quoted(text: str) -> str:
        return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                             for c in text) + '"'

    path = folder / "config.toml"
    path.write_text(f"[safety]\nresources = [{{name = {quoted(HOSTILE_RESOURCE)}, "
                    f"contact = {quoted('555 ' + hostile.CONTROLS)}, note = {quoted(hostile.NUL)}}}]\n",
                    encoding="utf-8")
    return path


def test_config_values_on_the_terminal(tmp_path: Path) -> None:
    """The user's crisis resources from the config, printed on the support card: literal, not executed."""
    config = hostile_config(tmp_path)
    card = shown_on_terminal("--config", str(config), "safety", "card")
    assert hostile.MARKUP in card and "\\x1b]0;retitled\\x07" in card
    record("config values with markup, escapes, NUL and control characters (safety card)", "hostile input",
           WORKS, message="shown literally, control characters as \\xNN on a terminal")


def test_scanned_text_on_the_terminal(tmp_path: Path) -> None:
    """`safety scan FILE` prints each line it classifies: literal on a terminal."""
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(text for kind, text in hostile.TEXTS.items() if kind != "1 MB string") + "\n",
                    encoding="utf-8")
    scanned = shown_on_terminal("safety", "scan", str(path))
    assert hostile.MARKUP in scanned
    as_json = shown_on_terminal("safety", "scan", "--json", str(path)).encode("latin-1").decode("utf-8")
    assert [json.loads(line)["text"] for line in as_json.splitlines()][1] == hostile.ANSI
    record("lines with markup, escapes, NUL and control characters (safety scan)", "hostile input", WORKS,
           message="shown literally, control characters as \\xNN on a terminal")


def test_walkthrough_on_the_terminal(tmp_path: Path) -> None:
    """`run --no-tui` (text only) prints the practice's own text and the config's support card: a hostile
    user practice and config are shown literally on the terminal, never executed."""
    folder = Path(os.environ["VOICEGUIDE_CONFIG_DIR"])
    hostile.write_practice(folder / "practices", "hostile", title=hostile.MARKUP,
                           text=hostile.ANSI + hostile.OSC + hostile.CONTROLS + hostile.NUL)
    hostile_config(folder)
    run = hostile.run_on_terminal("run", "hostile", "--no-tui",
                                  env=child_env(PULSE_SERVER="unix:/nonexistent/pulse"))
    assert_no_traceback(run)
    assert "\\x1b[31mred" in run.stdout and "[1/1]" in run.stdout, run.stdout[-2000:]
    assert not hostile.raw_controls(run.stdout), f"raw control bytes reached the terminal:\n{run.stdout!r}"
    card = hostile.run_on_terminal("run", "stop", "--no-tui",
                                   env=child_env(PULSE_SERVER="unix:/nonexistent/pulse"))
    assert not hostile.raw_controls(card.stdout)
    record("practice text and config values in the text-only walkthrough (run --no-tui)", "hostile input",
           WORKS, run, message="shown literally, control characters as \\xNN on a terminal")
