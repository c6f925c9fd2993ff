"""The journal screen reads the real journal while session processes write to it: no 'database is locked'."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from tests.tui.fakes import RealJournal, services
from tests.tui.helpers import ready_config, screen_text, settle
from voiceguide.errors import UsageError
from voiceguide.journal import SqliteJournal
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.journal import JournalScreen

REPO = Path(__file__).resolve().parents[2]
SEGMENTS = 1500


class WatchedPort(RealJournal):
    """The app's real journal port, counting its reads and keeping any error they raise."""

    def __init__(self, data_dir: str) -> None:
        super().__init__(data_dir)
        self.reads = 0
        self.errors: list[BaseException] = []

    def watched(self, read: Any, *args: Any) -> Any:
        try:
            result = read(*args)
        except UsageError:  # a query typed half-way (an open quote): not the journal's doing
            raise
        except BaseException as exc:
            self.errors.append(exc)
            raise
        self.reads += 1
        return result

    def recent(self, limit: int = 200) -> Any:
        return self.watched(super().recent, limit)

    def search(self, query: str, limit: int = 200) -> Any:
        return self.watched(super().search, query, limit)

    def stats(self) -> Any:
        return self.watched(super().stats)


def start_session(data_dir: Path, label: str) -> subprocess.Popen[str]:
    """A process dictating into the journal as a spoken session does, segment by segment."""
    return subprocess.Popen([sys.executable, "-m", "tests.integration.journal_writer", str(data_dir), label,
                             str(SEGMENTS)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def test_the_journal_screen_reads_while_sessions_write(tmp_path: Path) -> None:
    asyncio.run(read_while_written(tmp_path / "data"))


async def read_while_written(data_dir: Path) -> None:
    SqliteJournal(data_dir).close()
    port = WatchedPort(str(data_dir))
    app_services = services()
    app_services.journal = port
    app = VoiceguideApp(ready_config(), app_services, cursor_blink=False)
    writers = [start_session(data_dir, f"w{number}") for number in range(2)]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("j")
            await settle(pilot)
            assert isinstance(app.screen, JournalScreen)
            reads_before = port.reads
            queries = ["w0seg*", "w1seg1*", '"spoken in this part"', "dictation"]
            turn = 0
            while any(writer.poll() is None for writer in writers):
                await pilot.press("slash", "ctrl+u", *queries[turn % len(queries)])
                await settle(pilot)
                shown = screen_text(pilot)
                assert "busy" not in shown and "locked" not in shown, shown
                turn += 1
            reads_during = port.reads - reads_before
            await pilot.press("ctrl+u")
            await settle(pilot)
            assert app.screen.query_one("#entries", OptionList).option_count == 2
    finally:
        for writer in writers:
            writer.wait(timeout=120)
    errors = [writer.stderr.read() if writer.stderr else "" for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    assert not port.errors, port.errors
    assert reads_during >= 10, reads_during  # the screen really read while both sessions wrote
    with SqliteJournal(data_dir) as journal:
        assert all(entry.text.count("seg") == SEGMENTS for entry in journal.list_entries())
