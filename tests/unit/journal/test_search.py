"""Full-text search: prefix, phrase and boolean queries, filters on search and list, marked snippets."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from voiceguide.cli import main
from voiceguide.journal import EntryFilter, SqliteJournal, Tag
from voiceguide.journal.models import EVERYTHING
from voiceguide.journal.search import fts_query
from voiceguide.paths import data_dir as chosen_data_dir

TEXTS = {
    "calmer": "calmer today after the walk",
    "calm": "calm now, I felt alone earlier",
    "camel": "a camel in a dream",
    "reversed": "alone is how I felt at work",
    "quote": "I don't know [bold] why",
}


@pytest.fixture
def filled(data_dir: Path) -> dict[str, int]:
    """One entry a day from 2026-03-01 (UTC), stop and breathing runs rated before 8 and 2."""
    now = [datetime(2026, 3, 1, 12, tzinfo=UTC)]
    ids = {}
    with SqliteJournal(data_dir, clock=lambda: now[0]) as journal:
        for index, (name, text) in enumerate(TEXTS.items()):
            practice = "stop" if index % 2 == 0 else "breathing"
            run = journal.start_run(practice)
            journal.rate_run(run, before=8 if practice == "stop" else 2)
            entry_id = journal.begin_entry(practice=practice, step="s", prompt="p", source="spoken",
                                           engine="e", run_id=run)
            journal.append_segment(entry_id, text)
            journal.tag(entry_id, add=[Tag("emotion", "sad" if index < 2 else "calm")])
            ids[name] = entry_id
            now[0] += timedelta(days=1)
    return ids


def found(data_dir: Path, query: str, where: EntryFilter = EVERYTHING) -> set[int]:
    with SqliteJournal(data_dir) as journal:
        return {hit.entry.id for hit in journal.search(query, where)}


def test_prefix_phrase_and_boolean_queries(data_dir: Path, filled: dict[str, int]) -> None:
    assert found(data_dir, "calm") == {filled["calm"]}
    assert found(data_dir, "calm*") == {filled["calm"], filled["calmer"]}
    assert found(data_dir, "ca*") == {filled["calm"], filled["calmer"], filled["camel"]}
    assert found(data_dir, '"felt alone"') == {filled["calm"]}  # the words in that order only
    assert found(data_dir, "felt alone") == {filled["calm"], filled["reversed"]}
    assert found(data_dir, "walk OR dream") == {filled["calmer"], filled["camel"]}
    assert found(data_dir, "felt NOT work") == {filled["calm"]}
    assert found(data_dir, "don't") == found(data_dir, "[bold]") == {filled["quote"]}


def test_search_filters_by_date_practice_tag_and_rating(data_dir: Path, filled: dict[str, int]) -> None:
    day = datetime(2026, 3, 2, tzinfo=UTC)
    assert found(data_dir, "a*", EntryFilter(since=day)) == {filled["calm"], filled["camel"],
                                                             filled["reversed"]}
    assert found(data_dir, "a*", EntryFilter(since=day, until=day + timedelta(days=2))) == {
        filled["calm"], filled["camel"]}
    assert found(data_dir, "a*", EntryFilter(practice="breathing")) == {filled["calm"], filled["reversed"]}
    assert found(data_dir, "a*", EntryFilter(tags=(Tag("emotion", "sad"),))) == {filled["calmer"],
                                                                               filled["calm"]}
    assert found(data_dir, "a*", EntryFilter(min_rating=5)) == {filled["calmer"], filled["camel"]}
    assert found(data_dir, "a*", EntryFilter(max_rating=5)) == {filled["calm"], filled["reversed"]}


def test_snippets_mark_the_match_as_plain_parts(data_dir: Path, filled: dict[str, int]) -> None:
    with SqliteJournal(data_dir) as journal:
        (hit,) = journal.search('"felt alone"')
    assert [part.text for part in hit.snippet if part.matched] == ["felt alone"]
    assert hit.marked_snippet() == "calm now, I «felt alone» earlier"
    assert fts_query('calm* "felt alone" [x] OR y') == 'calm* "felt alone" "[x]" OR y'


def ids_of(capsys: pytest.CaptureFixture[str], *args: str) -> set[int]:
    assert main(["journal", *args, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    return {item.get("entry", item)["id"] for item in out}


def test_cli_filters_on_list_and_search(capsys: pytest.CaptureFixture[str], filled: dict[str, int],
                                        utc_zone: None) -> None:
    assert ids_of(capsys, "list", "--since", "2026-03-02", "--until", "2026-03-03") == {filled["calm"],
                                                                                       filled["camel"]}
    assert ids_of(capsys, "list", "--until", "2026-03-01") == {filled["calmer"]}  # the whole day counts
    assert ids_of(capsys, "list", "--practice", "stop") == {filled["calmer"], filled["camel"],
                                                           filled["quote"]}
    assert ids_of(capsys, "list", "--min-rating", "5", "--tag", "emotion:calm") == {filled["camel"],
                                                                                   filled["quote"]}
    assert ids_of(capsys, "list", "--max-rating", "5") == {filled["calm"], filled["reversed"]}
    assert ids_of(capsys, "search", "calm*", "--since", "2026-03-02") == {filled["calm"]}
    assert ids_of(capsys, "search", '"felt alone"', "--practice", "stop") == set()


def test_the_data_folder_is_the_platforms_unless_overridden(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOICEGUIDE_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert chosen_data_dir() == tmp_path / "xdg" / "voiceguide"
    assert main(["journal", "add", "where am I"]) == 0
    assert (tmp_path / "xdg" / "voiceguide" / "journal.sqlite3").exists()
    monkeypatch.setenv("VOICEGUIDE_DATA_DIR", str(tmp_path / "env"))
    assert chosen_data_dir() == tmp_path / "env"
    assert chosen_data_dir(str(tmp_path / "flag")) == tmp_path / "flag"  # --data-dir wins over both
    assert main(["journal", "add", "here", "--data-dir", str(tmp_path / "flag")]) == 0
    assert (tmp_path / "flag" / "journal.sqlite3").exists() and not (tmp_path / "env").exists()
