"""A non-UTF-8 locale: LANG=C and a real latin-1 locale, with hostile text in the journal."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults import hostile
from tests.faults.harness import (
    DEGRADED,
    WORKS,
    Run,
    assert_no_traceback,
    check_journal,
    child_env,
    record,
    run_voiceguide,
)
from voiceguide.journal import SqliteJournal

JOURNAL_TEXT = f"{hostile.MIXED} café {hostile.MARKUP}"


@pytest.fixture(scope="module")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment variables selecting en_US.ISO-8859-1, compiled into a private folder (LOCPATH)."""
    if shutil.which("localedef") is None:
        pytest.fail("localedef is needed to build a latin-1 locale (install locales / libc-bin)",
                    pytrace=False)
    folder = tmp_path_factory.mktemp("locales")
    subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
                   check=True, capture_output=True)
    return {"LOCPATH": str(folder), "LC_ALL": "en_US.ISO-8859-1", "LANG": "en_US.ISO-8859-1"}


def seed(data_dir: Path) -> int:
    with SqliteJournal(data_dir) as journal:
        return journal.add_typed(JOURNAL_TEXT)


def test_c_locale(data_dir: Path) -> None:
    entry_id = seed(data_dir)
    env = child_env(LC_ALL="C", LANG="C")
    shown = run_voiceguide("journal", "show", str(entry_id), env=env)
    assert_no_traceback(shown)
    assert shown.code == 0 and JOURNAL_TEXT in shown.stdout  # Python's UTF-8 mode for the C locale
    listed = run_voiceguide("practices", "list", env=env)
    assert listed.code == 0 and "STOP" in listed.stdout
    record("LANG=C / LC_ALL=C locale", "locale", WORKS, shown, message="text shown as UTF-8")


def test_latin1_locale(data_dir: Path, latin1_locale: dict[str, str]) -> None:
    entry_id = seed(data_dir)
    env = child_env(None, **latin1_locale)
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding)"], env=env,
                           capture_output=True, text=True, check=True)
    assert probe.stdout.strip().lower() in ("iso8859-1", "latin-1", "iso-8859-1")

    raw = subprocess.run([*_python_m(), "journal", "show", str(entry_id)], env=env, capture_output=True,
                         check=False)
    shown = Run(raw.returncode, raw.stdout.decode("latin-1"), raw.stderr.decode("latin-1"))
    assert_no_traceback(shown)
    assert shown.code == 0 and shown.stderr == ""
    text = shown.stdout
    assert "café" in text and "\\U0001f30a" in text and hostile.MARKUP in text  # escaped, not a crash

    exported = subprocess.run([*_python_m(), "journal", "export", "--format", "json"], env=env,
                              capture_output=True, check=False)
    assert exported.returncode == 0 and b"Traceback" not in exported.stderr
    texts = [item["text"] for item in json.loads(exported.stdout.decode("utf-8"))["entries"]]
    assert texts == [JOURNAL_TEXT]  # the export stays UTF-8, losslessly

    typed = run_voiceguide("journal", "add", "-", stdin="naïve".encode("latin-1"), env=env)
    assert typed.code == 0, typed.stderr
    with SqliteJournal(data_dir) as journal:
        assert journal.list_entries()[-1].text == "naïve"  # latin-1 input read as latin-1
    record("latin-1 locale with emoji, markup and RTL text in the journal", "locale", DEGRADED, shown,
           message="characters latin-1 cannot show are printed as \\U escapes; export stays UTF-8")


def _python_m() -> list[str]:
    return [sys.executable, "-m", "voiceguide"]


def test_latin1_locale_in_the_app(data_dir: Path, latin1_locale: dict[str, str], tmp_path: Path) -> None:
    """The terminal app started under a latin-1 locale: the journal with emoji, markup and right-to-left
    text is shown (literally), keys work, and the terminal is restored."""
    from tests.faults.test_terminal import AppPane

    seed(data_dir)
    pane = AppPane(tmp_path, [], 100, 30, locale=latin1_locale)
    try:
        pane.wait_for("Continue (Enter)")
        pane.keys("Enter")
        pane.wait_for("Journal")
        pane.keys("j")
        shown = pane.wait_for("café")  # the entries load after the screen
        assert "Search your journal" in shown and "[bold red]not" in shown and "🌊" in shown, shown
        pane.keys("Escape")
        time.sleep(0.3)
        code, after = pane.quit()
    finally:
        pane.close()
    assert code == 0, after
    check_journal(data_dir, [JOURNAL_TEXT])
    record("latin-1 locale in the terminal app (journal with emoji, markup, RTL)", "locale", WORKS,
           exit_code=code, message="shown as UTF-8 by the app; keys work; terminal restored")
