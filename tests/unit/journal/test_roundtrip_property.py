"""Any text, any tags: stored, exported to JSON, imported elsewhere and exported again, unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from voiceguide.journal import SqliteJournal, Tag
from voiceguide.journal.export import to_json, write_private
from voiceguide.journal.importer import import_json

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300)
TAG_NAMES = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Zs", "Cc"]), min_size=1, max_size=20)


@settings(max_examples=15, deadline=None)
@given(texts=st.lists(ANY_TEXT, min_size=1, max_size=4), prompt=ANY_TEXT,
       tags=st.lists(st.tuples(st.sampled_from(["emotion", "trigger", "tag"]), TAG_NAMES), max_size=4),
       rating=st.none() | st.integers(0, 10))
def test_any_text_survives_store_export_and_import(texts: list[str], prompt: str,
                                                    tags: list[tuple[str, str]], rating: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with SqliteJournal(folder / "one") as journal:
            run = journal.start_run("stop")
            journal.rate_run(run, before=rating)
            entry_id = journal.begin_entry(practice="stop", step="s", prompt=prompt, source="spoken",
                                           engine="e", run_id=run)
            journal.edit_text(entry_id, texts[0])
            journal.tag(entry_id, add=[Tag(kind, name) for kind, name in tags])  # type: ignore[arg-type]
            for text in texts[1:]:
                journal.add_typed(text)
            stored = [entry.text for entry in journal.list_entries()]
            assert stored == texts and journal.get(entry_id).prompt == prompt
            first = to_json(journal)
        write_private(folder / "export.json", first)
        with SqliteJournal(folder / "two") as journal:
            import_json(journal, folder / "export.json")
            assert to_json(journal) == first
