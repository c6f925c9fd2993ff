"""`voiceguide journal ...` end to end on a real journal: hostile text stays exactly as written."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.journal_text import HOSTILE
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.cli import main
from voiceguide.journal import SqliteJournal, Tag


class Terminal(io.StringIO):
    """Standard input that claims to be a terminal, with the user's answer already typed."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["journal", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def hostile_ids(data_dir: Path) -> dict[str, int]:
    with SqliteJournal(data_dir) as journal:
        ids = {}
        for name, text in HOSTILE.items():
            entry_id = journal.begin_entry(practice="stop", step="observe", prompt=f"prompt [b]{name}[/b]",
                                           source="spoken", engine="pocketsphinx")
            journal.append_segment(entry_id, "marker" + name)
            journal.edit_text(entry_id, text)
            journal.tag(entry_id, add=[Tag("emotion", "fear")])
            ids[name] = entry_id
        return ids


def test_hostile_text_comes_out_unchanged_in_show_and_search(capsys: pytest.CaptureFixture[str],
                                                            hostile_ids: dict[str, int]) -> None:
    for name, entry_id in hostile_ids.items():
        code, out, err = run(capsys, "show", str(entry_id))
        assert code == 0 and err == ""
        assert out.endswith("\n\n" + HOSTILE[name] + "\n"), name
        code, out, _ = run(capsys, "show", str(entry_id), "--json")
        assert json.loads(out)["text"] == HOSTILE[name]
    code, out, _ = run(capsys, "search", "[bold]", "--json")
    hits = json.loads(out)
    assert code == 0 and [hit["entry"]["text"] for hit in hits] == [HOSTILE["markup"]]
    assert "«bold»" in hits[0]["snippet"]
    code, out, _ = run(capsys, "search", "[bold]")
    assert "I said [«bold»]no[/«bold»] and [/ then [red]stop[/] [link=http://x]x[/link]" in out
    for name, word in (("emoji", "breathing"), ("rtl", "בודד"), ("nul", "after"), ("big", "night"),
                       ("ansi", "pwned")):
        code, out, _ = run(capsys, "search", word, "--json")
        assert [hit["entry"]["text"] for hit in json.loads(out)] == [HOSTILE[name]], name
    code, out, _ = run(capsys, "search", "pwned")
    assert "\x1b[31m" in out  # piped output is the data itself; a terminal would see \x1b


def test_hostile_text_comes_out_unchanged_in_every_export(capsys: pytest.CaptureFixture[str],
                                                         hostile_ids: dict[str, int], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "export", "--format", "json")
    exported = {entry["id"]: entry for entry in json.loads(out)["entries"]}
    assert code == 0
    for name, entry_id in hostile_ids.items():
        assert exported[entry_id]["text"] == HOSTILE[name]
        assert exported[entry_id]["original"] == "marker" + name
    code, out, _ = run(capsys, "export", "--format", "jrnl")
    assert code == 0 and all(f"\n{text}\n@emotion/fear\n" in out for text in HOSTILE.values())
    assert run(capsys, "export", "--format", "md", "--out", str(tmp_path / "md"))[0] == 0
    markdown = "".join(path.read_text(encoding="utf-8") for path in sorted((tmp_path / "md").iterdir()))
    assert all(f"\n\n{text}\n\n" in markdown for text in HOSTILE.values())


def test_show_gives_every_field_of_a_spoken_entry(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    with SqliteJournal(data_dir) as journal:
        run_id = journal.start_run("stop")
        journal.rate_run(run_id, before=8, after=3)
        entry_id = journal.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                                       source="spoken", engine="vosk", run_id=run_id)
        journal.append_segment(entry_id, "tight jaw", duration=12.5)
        journal.edit_text(entry_id, "a tight jaw")
        journal.tag(entry_id, add=[Tag("emotion", "anger"), Tag("trigger", "work")])
    code, out, _ = run(capsys, "show", str(entry_id))
    head, text = out.split("\n\n", 1)
    assert code == 0 and text == "a tight jaw\n"
    lines = head.splitlines()
    assert lines[0].endswith("(spoken, vosk)") and lines[1:5] == [
        "Practice: stop / observe", "Prompt: What do you notice?", "Duration: 12.5 s", "Distress: 8 -> 3"]
    assert lines[5] == "Tags: emotion:anger, trigger:work" and "original transcript" in lines[6]
    code, out, _ = run(capsys, "show", str(entry_id), "--json")
    entry = json.loads(out)
    assert (entry["original"], entry["duration"], entry["engine"], entry["audio"]) == (
        "tight jaw", 12.5, "vosk", None)


def test_show_says_when_an_entry_has_a_recording_and_where(capsys: pytest.CaptureFixture[str],
                                                            data_dir: Path) -> None:
    with SqliteJournal(data_dir) as journal:
        entry_id = journal.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                                       source="spoken", engine="vosk")
        journal.append_segment(entry_id, "tight jaw", duration=2.0)
        journal.attach_audio(entry_id, Pcm(np.zeros(24000, np.int16).tobytes(), AudioFormat(16000, 2, 1)))
        plain = journal.add_typed("no recording here")
    code, out, _ = run(capsys, "show", str(entry_id))
    where = data_dir.absolute() / "audio" / f"entry-{entry_id}.wav"
    assert code == 0 and f"Recording: {where} (WAV, 1.5 s)" in out.splitlines()
    assert "Recording" not in run(capsys, "show", str(plain))[1]
    where.unlink()
    assert f"Recording: {where} (the file is missing)" in run(capsys, "show", str(entry_id))[1].splitlines()


def test_control_characters_are_made_visible_on_a_terminal(capsys: pytest.CaptureFixture[str],
                                                           hostile_ids: dict[str, int],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, out, _ = run(capsys, "show", str(hostile_ids["ansi"]))
    assert code == 0 and "\x1b" not in out and "\\x1b[31mred" in out


def test_add_list_tag_and_stats(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "add", "first thought", "--tag", "trigger:work")[1] == "Saved entry 1.\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("second thought\nfrom a pipe\n"))
    assert run(capsys, "add", "-")[1] == "Saved entry 2.\n"
    code, out, _ = run(capsys, "tag", "2", "+emotion:calm", "+home", "-y")
    assert code == 0 and out == "Entry 2 tags: emotion:calm, home\n"
    code, out, _ = run(capsys, "tag", "2", "-home", "--data-dir", os.environ["VOICEGUIDE_DATA_DIR"])
    assert code == 0 and out == "Entry 2 tags: emotion:calm\n"
    code, out, _ = run(capsys, "list", "--tag", "work", "--json")
    assert [entry["text"] for entry in json.loads(out)] == ["first thought"]
    code, out, _ = run(capsys, "search", "thought", "--tag", "emotion:calm", "--json")
    assert [hit["entry"]["id"] for hit in json.loads(out)] == [2]
    code, out, _ = run(capsys, "list")
    assert out.splitlines()[1].endswith("typed [emotion:calm]  second thought from a pipe")
    code, out, _ = run(capsys, "stats", "--json")
    figures = json.loads(out)
    assert figures["entries"] == 2 and figures["top_triggers"] == [{"count": 1, "name": "work"}]
    assert figures["top_emotions"] == [{"count": 1, "name": "calm"}]


def test_user_mistakes_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "add", "something")
    for args, expected in ((("search", '"felt alone'), "double quote is not closed"),
                           (("search", "OR"), "cannot understand"),
                           (("show", "99"), "no journal entry 99"),
                           (("tag", "1"), "nothing to change"),
                           (("list", "--since", "last tuesday"), "not a date"),
                           (("import", "/no/such/file.json"), "cannot read"),
                           (("add", "undecodable \udcff byte"), "not valid UTF-8")):
        code, _, err = run(capsys, *args)
        assert code == 2 and err.count("\n") == 1 and expected in err, (args, err)


def test_delete_asks_first_and_refuses_without_a_terminal(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for text in ("one", "two", "three"):
        run(capsys, "add", text)
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    code, _, err = run(capsys, "delete", "1")
    assert code == 2 and "--yes" in err
    monkeypatch.setattr(sys, "stdin", Terminal("\n"))
    code, out, _ = run(capsys, "delete", "1")
    assert code == 0 and "[y/N]" in out and out.endswith("Kept.\n")
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    assert run(capsys, "delete", "1")[1].endswith("Deleted entry 1.\n")
    assert run(capsys, "delete", "2", "--yes")[1] == "Deleted entry 2.\n"
    code, out, _ = run(capsys, "list", "--json")
    assert [entry["text"] for entry in json.loads(out)] == ["three"]


def test_edit_opens_the_editor_on_a_private_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "add", "I felt a lone")
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import os, sys, stat\n"
        "path = sys.argv[1]\n"
        "mode = oct(stat.S_IMODE(os.stat(path).st_mode))\n"
        f"open({str(seen)!r}, 'w').write(mode + ' ' + open(path).read())\n"
        "open(path, 'w').write('I felt alone [bold]really[/]')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    code, out, _ = run(capsys, "edit", "1")
    assert code == 0 and "original transcript is kept" in out
    assert seen.read_text() == "0o600 I felt a lone"
    code, out, _ = run(capsys, "show", "1", "--json")
    entry = json.loads(out)
    assert entry["text"] == "I felt alone [bold]really[/]" and entry["original"] == "I felt a lone"
    assert not list(Path(os.environ["VOICEGUIDE_DATA_DIR"]).glob(".edit-*"))


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_the_journal_actions_are_the_ones_the_issue_lists() -> None:
    from voiceguide.cli import build_parser
    from voiceguide.commands.journal import EXPORT_FORMATS
    from voiceguide.journal.export import FORMATS

    journal = subcommands(build_parser())["journal"]
    assert list(subcommands(journal)) == ["list", "search", "show", "add", "edit", "tag", "delete", "export",
                                          "import", "stats", "encrypt", "decrypt", "rekey", "export-key"]
    assert set(EXPORT_FORMATS) == set(FORMATS)


def test_non_utf8_standard_input_is_one_line(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9 latin-1"), encoding="utf-8"))
    code, _, err = run(capsys, "add", "-")
    assert code == 2 and err.count("\n") == 1 and "not UTF-8" in err


def test_a_json_export_to_a_file_says_where_and_stats_count_runs_in_words(
        capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path) -> None:
    with SqliteJournal(data_dir) as journal:
        run_id = journal.start_run("stop")
        journal.rate_run(run_id, before=8, after=5)
    out_file = tmp_path / "journal.json"
    code, out, err = run(capsys, "export", "--format", "json", "--out", str(out_file))
    assert (code, out) == (0, f"Exported to {out_file}.\n")
    assert err.count("\n") == 1 and "not encrypted" in err and "--encrypt" in err  # plaintext: says so
    assert json.loads(out_file.read_text())["runs"][0]["rating_after"] == 5
    code, out, _ = run(capsys, "stats")
    assert "  stop: -3.0 over 1 run\n" in out
