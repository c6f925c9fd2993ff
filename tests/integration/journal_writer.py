"""A child process that dictates into the journal as a session would.

`python -m tests.integration.journal_writer DATA_DIR LABEL COUNT`
prints `settled N` after segment N is committed, and `done` at the end."""

from __future__ import annotations

import sys
from pathlib import Path

from voiceguide.journal import SqliteJournal


def segment(label: str, index: int) -> str:
    return f"{label}seg{index}x and some more words that were spoken in this part of the dictation"


def main(data_dir: str, label: str, count: int) -> None:
    with SqliteJournal(Path(data_dir)) as journal:
        run = journal.start_run("stop")
        journal.rate_run(run, before=8)
        entry_id = journal.begin_entry(practice="stop", step="observe", prompt="What do you notice?",
                                       source="spoken", engine="pocketsphinx", run_id=run)
        print(f"entry {entry_id}", flush=True)
        for index in range(count):
            journal.append_segment(entry_id, segment(label, index))
            print(f"settled {index}", flush=True)
        journal.finish_entry(entry_id, float(count))
        journal.rate_run(run, after=4)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
