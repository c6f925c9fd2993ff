"""Exports: JSON round trip byte for byte, Markdown one file per day, jrnl's format; import validation."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.journal_text import HOSTILE
from voiceguide.audio.format import AudioFormat, Pcm
from voiceguide.cli import main
from voiceguide.errors import UsageError
from voiceguide.journal import SqliteJournal, Tag
from voiceguide.journal.export import PLAINTEXT_NOTICE
from voiceguide.journal.importer import import_json


def fill(data_dir: Path) -> None:
    now = [datetime(2026, 5, 4, 21, 15, 30, 123456, tzinfo=UTC)]

    def clock() -> datetime:
        now[0] += timedelta(minutes=40)
        return now[0]

    with SqliteJournal(data_dir, clock=clock) as journal:
        run = journal.start_run("stop")
        journal.rate_run(run, before=7, after=3)
        spoken = journal.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                                     source="spoken", engine="pocketsphinx", run_id=run)
        journal.append_segment(spoken, "my jaw is tight")
        journal.finish_entry(spoken, 12.25)
        journal.edit_text(spoken, "My jaw is tight.")
        journal.tag(spoken, add=[Tag("trigger", "phone call"), Tag("emotion", "anger")])
        journal.start_run("grounding")  # a run without ratings or entries
        for name, text in HOSTILE.items():
            journal.add_typed(text, tags=[Tag("tag", name)])
        journal.delete(journal.add_typed("gone"))  # ids keep their gap


def test_json_export_import_export_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "data", tmp_path / "b" / "data"
    fill(first)
    exported = tmp_path / "first.json"
    again = tmp_path / "second.json"
    to_json = ["journal", "export", "--format", "json", "--out"]
    assert main([*to_json, str(exported), "--data-dir", str(first)]) == 0
    assert main(["journal", "import", str(exported), "--data-dir", str(second)]) == 0
    assert main([*to_json, str(again), "--data-dir", str(second)]) == 0
    assert exported.read_bytes() == again.read_bytes()
    assert not (tmp_path / "first.audio").exists()  # no recordings: no folder for them
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert [entry["id"] for entry in document["entries"]] == [1, 2, 3, 4, 5, 6, 7]
    assert document["runs"][0] == {"id": 1, "practice": "stop", "started": "2026-05-04T21:55:30.123456+00:00",
                                   "rating_before": 7, "rating_after": 3}
    with SqliteJournal(second) as journal:
        entry = journal.get(1)
        assert (entry.text, entry.original, entry.duration) == ("My jaw is tight.", "my jaw is tight", 12.25)
        assert [hit.entry.id for hit in journal.search("jaw")] == [1]  # the index was built on import


def test_importing_the_same_file_twice_adds_nothing(tmp_path: Path, data_dir: Path) -> None:
    fill(data_dir)
    path = tmp_path / "journal.json"
    main(["journal", "export", "--format", "json", "--out", str(path)])
    with SqliteJournal(data_dir) as journal:
        before = journal.count()
        result = import_json(journal, path)
        assert (result.added, result.skipped, journal.count()) == (0, before, before)
        journal.edit_text(1, "changed since")
        result = import_json(journal, path)
        newest = max(entry.id for entry in journal.list_entries())
        assert result.added == 1 and journal.get(newest).text == "My jaw is tight." and newest > 7


@pytest.mark.parametrize(("content", "message"), [
    (b"\xff\xfe", "not a voiceguide JSON export"),
    (b"[]", "no \"format\""),
    (b'{"format": "voiceguide-journal", "version": 9, "runs": [], "entries": []}', "version 9"),
    (b'{"format": "voiceguide-journal", "version": 1, "runs": [], "entries": [{"id": 1}]}', "missing"),
    (b'{"format": "voiceguide-journal", "version": 1, "runs": [{"id": 1, "practice": "x", "started": "now",'
     b' "rating_before": null, "rating_after": null}], "entries": []}', "runs[0].started"),
    (b'{"format": "voiceguide-journal", "version": 1, "runs": [{"id": 1, "practice": "x", "started":'
     b' "2026-01-01T00:00:00+00:00", "rating_before": 12, "rating_after": null}], "entries": []}', "0 to 10"),
])
def test_a_bad_import_file_is_refused_with_a_reason(tmp_path: Path, journal: SqliteJournal, content: bytes,
                                                     message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_json(journal, path)
    assert journal.count() == 0


def test_markdown_is_one_file_per_day_with_metadata_first(tmp_path: Path, data_dir: Path,
                                                          utc_zone: None) -> None:
    fill(data_dir)
    out = tmp_path / "md"
    assert main(["journal", "export", "--format", "md", "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["2026-05-04.md", "2026-05-05.md"]
    first = (out / "2026-05-04.md").read_text(encoding="utf-8")
    assert first.startswith('---\ndate: 2026-05-04\nentries: 1\npractices: ["stop"]\n')
    assert "## 22:35 What do you notice?\n" in first
    assert "- distress: 7 → 3\n" in first and "- triggers: phone call\n" in first
    assert "\n\nMy jaw is tight.\n\n" in first


def test_markdown_metadata_keeps_each_tag_and_practice_one_string(tmp_path: Path, data_dir: Path,
                                                                    utc_zone: None) -> None:
    names = ["[bold], x", "it's: y", "yes", "10", 'say "hi" \\ back', "tab\there", "💔 rtl בודד \u202e"]
    with SqliteJournal(data_dir) as journal:
        entry_id = journal.begin_entry(practice="a, [b]: c", step="s", prompt="two\nlines", source="typed",
                                       engine="")
        journal.append_segment(entry_id, "words")
        journal.tag(entry_id, add=[Tag("tag", name) for name in names])
    out = tmp_path / "md"
    assert main(["journal", "export", "--format", "md", "--out", str(out)]) == 0
    (day,) = out.iterdir()
    text = day.read_text(encoding="utf-8")
    head = dict(line.split(": ", 1) for line in text.split("---\n")[1].splitlines())
    # every value is a list of double-quoted strings: JSON, which YAML reads the same way
    assert json.loads(head["practices"]) == ["a, [b]: c"]
    assert json.loads(head["tags"]) == sorted(names)
    try:
        import yaml
    except ImportError:
        pass  # the JSON reading above already checks the same
    else:
        meta = yaml.safe_load(text.split("---\n")[1])
        assert meta["tags"] == sorted(names) and meta["practices"] == ["a, [b]: c"]
    assert re.search(r"^## \d\d:\d\d two lines$", text, re.MULTILINE) and "two\nlines" not in text


def test_jrnl_format(data_dir: Path, utc_zone: None, capsys: pytest.CaptureFixture[str]) -> None:
    fill(data_dir)
    assert main(["journal", "export", "--format", "jrnl"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[2026-05-04 22:35] What do you notice?\nMy jaw is tight.\n"
                          "@emotion/anger @trigger/phone_call\n\n"
                          "[2026-05-05 02:35] Journal entry\nI said [bold]")
    assert out.count("] Journal entry\n") == len(HOSTILE)


JRNL_TAG = re.compile(r"(?<!\S)([#@][-+*#/\w]+)")  # how jrnl 4 finds tags in an entry


def test_jrnl_reads_each_tag_whole(capsys: pytest.CaptureFixture[str]) -> None:
    with SqliteJournal(Path(os.environ["VOICEGUIDE_DATA_DIR"])) as journal:
        entry_id = journal.add_typed("a day")
        journal.tag(entry_id, add=[Tag("tag", name) for name in ("a.b", "it's", "self-care", "c++", "[x]")])
        journal.tag(entry_id, add=[Tag("trigger", "phone call"), Tag("emotion", "café")])
    assert main(["journal", "export", "--format", "jrnl"]) == 0
    tag_line = capsys.readouterr().out.splitlines()[2]
    words = tag_line.split()
    assert JRNL_TAG.findall(tag_line) == words and len(words) == 7
    assert "@emotion/café" in words and "@trigger/phone_call" in words and "@self-care" in words


JRNL_DATE_BLOB = re.compile(r"(?:^|\n)\[([^\]]+)\] ")  # where jrnl 4 starts an entry (if the date parses)


def test_jrnl_keeps_a_date_like_line_inside_its_entry(capsys: pytest.CaptureFixture[str]) -> None:
    text = "[2026-01-01 10:00] is when it started\nthen [later] it got worse\n[x] done"
    with SqliteJournal(Path(os.environ["VOICEGUIDE_DATA_DIR"])) as journal:
        journal.add_typed(text)
        journal.add_typed("the next day")
    assert main(["journal", "export", "--format", "jrnl"]) == 0
    out = capsys.readouterr().out
    assert len(JRNL_DATE_BLOB.findall(out)) == 2  # one per entry: the body's lines start none
    assert "\n [2026-01-01 10:00] is when it started\nthen [later] it got worse\n [x] done\n" in out


def test_stats(data_dir: Path, utc_zone: None) -> None:
    from voiceguide.journal.stats import compute

    fill(data_dir)
    with SqliteJournal(data_dir) as journal:
        second_run = journal.start_run("stop")
        journal.rate_run(second_run, before=9, after=8)
        figures = compute(journal)
    assert figures.entries == 7
    assert figures.per_week == (("2026-W19", 7),)
    assert [(c.practice, c.runs, c.average_change, c.average_before, c.average_after)
            for c in figures.rating_change] == [("stop", 2, -2.5, 8.0, 5.5)]
    assert figures.top_triggers == (("phone call", 1),) and figures.top_emotions == (("anger", 1),)


def fill_with_recordings(data_dir: Path) -> dict[int, bytes]:
    """The journal of `fill`, with two spoken entries recorded; {entry id: the WAV file's bytes}."""
    fill(data_dir)
    recorded = {}
    with SqliteJournal(data_dir) as journal:
        for entry_id, seconds in ((1, 0.5), (3, 0.25)):
            samples = (np.sin(np.arange(int(16000 * seconds)) * entry_id / 7) * 9000).astype(np.int16)
            path = journal.attach_audio(entry_id, Pcm(samples.tobytes(), AudioFormat(16000, 2, 1)))
            recorded[entry_id] = path.read_bytes()
    return recorded


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_json_export_takes_the_recordings_along_and_import_brings_them_back(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "data", tmp_path / "b" / "data"
    recorded = fill_with_recordings(first)
    exported, again = tmp_path / "first.json", tmp_path / "second.json"
    to_json = ["journal", "export", "--format", "json", "--out"]
    assert main([*to_json, str(exported), "--data-dir", str(first)]) == 0
    beside = tmp_path / "first.audio"
    assert sorted(p.name for p in beside.iterdir()) == ["entry-1.wav", "entry-3.wav"]
    assert mode(beside) == 0o700 and all(mode(p) == 0o600 for p in beside.iterdir())
    assert main(["journal", "import", str(exported), "--data-dir", str(second)]) == 0
    assert main([*to_json, str(again), "--data-dir", str(second)]) == 0
    assert exported.read_bytes() == again.read_bytes()
    for entry_id, data in recorded.items():
        name = f"entry-{entry_id}.wav"
        assert (second / "audio" / name).read_bytes() == data
        assert (tmp_path / "second.audio" / name).read_bytes() == data
        assert mode(second / "audio" / name) == 0o600
    assert mode(second / "audio") == 0o700
    assert sorted(p.name for p in (second / "audio").iterdir()) == ["entry-1.wav", "entry-3.wav"]
    with SqliteJournal(second) as journal:
        assert journal.get(1).audio == "audio/entry-1.wav" and journal.get(2).audio is None


def test_json_export_to_standard_output_names_the_recordings_and_says_they_are_not_included(
        tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill_with_recordings(data_dir)
    assert main(["journal", "export", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["entries"][0]["audio"] == "audio/entry-1.wav"
    assert captured.err == ("voiceguide: 2 recordings were not included (only named): export with --out "
                            "FILE.json to copy them into FILE.audio/\n"
                            f"voiceguide: {PLAINTEXT_NOTICE}\n")
    path = tmp_path / "journal.json"
    path.write_text(captured.out, encoding="utf-8")
    second = tmp_path / "other"
    assert main(["journal", "import", str(path), "--data-dir", str(second)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Imported 7 entries.\n"
    assert captured.err == (f"voiceguide: 2 recordings named in the file are not in "
                            f"{tmp_path / 'journal.audio'}; those entries were imported without one\n")
    with SqliteJournal(second) as journal:
        assert [entry.audio for entry in journal.list_entries()] == [None] * 7
    assert not (second / "audio").exists()


def test_an_imported_recording_whose_id_is_taken_gets_its_entrys_new_name(tmp_path: Path,
                                                                         data_dir: Path) -> None:
    recorded = fill_with_recordings(data_dir)
    path = tmp_path / "journal.json"
    assert main(["journal", "export", "--format", "json", "--out", str(path)]) == 0
    other = tmp_path / "other"
    with SqliteJournal(other) as journal:
        journal.add_typed("already here")  # takes id 1
        result = import_json(journal, path)
        assert (result.added, result.recordings, result.missing_recordings) == (7, 2, 0)
        moved = next(e for e in journal.list_entries() if e.text == "My jaw is tight.")
        assert moved.id != 1 and moved.audio == f"audio/entry-{moved.id}.wav"
        assert (other / moved.audio).read_bytes() == recorded[1]
        assert journal.get(3).audio == "audio/entry-3.wav"
        assert not list((other / "audio").glob(".*"))  # no temporary copy left


def test_an_import_naming_a_recording_outside_the_audio_folder_is_refused(tmp_path: Path,
                                                                         journal: SqliteJournal) -> None:
    fill_with_recordings(journal.data_dir)
    document = json.loads(export_text(journal))
    document["entries"][0]["audio"] = "../../secret.wav"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    count = journal.count()
    with pytest.raises(UsageError, match=r"entries\[0\]\.audio: not a recording's place"):
        import_json(journal, path)
    assert journal.count() == count


def test_a_second_export_into_the_same_file_drops_recordings_deleted_since(tmp_path: Path,
                                                                          data_dir: Path) -> None:
    fill_with_recordings(data_dir)
    path = tmp_path / "journal.json"
    assert main(["journal", "export", "--format", "json", "--out", str(path)]) == 0
    assert main(["journal", "delete", "3", "--yes"]) == 0
    assert main(["journal", "export", "--format", "json", "--out", str(path)]) == 0
    assert [p.name for p in (tmp_path / "journal.audio").iterdir()] == ["entry-1.wav"]


def test_delete_removes_the_entrys_recording(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fill_with_recordings(data_dir)
    recording = data_dir / "audio" / "entry-1.wav"
    assert recording.exists()
    assert main(["journal", "delete", "1", "--yes"]) == 0
    assert not recording.exists() and (data_dir / "audio" / "entry-3.wav").exists()
    assert sorted(p.name for p in (data_dir / "audio").iterdir()) == ["entry-3.wav"]


def export_text(journal: SqliteJournal) -> str:
    from voiceguide.journal.export import to_json

    return to_json(journal)
