"""An invalid user practice: skipped with one line, the rest of the library keeps working."""

from __future__ import annotations

import os
from pathlib import Path

from tests.faults.harness import (
    DEGRADED,
    EXITS,
    assert_one_line,
    check_journal,
    child_env,
    record,
    run_voiceguide,
)
from voiceguide.errors import EXIT_USAGE


def test_invalid_user_practice() -> None:
    folder = Path(os.environ["VOICEGUIDE_CONFIG_DIR"]) / "practices"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text('id = "mine"\ntitle = "Mine"\n[[steps]]\nkind = "breathe"\n'
                                      'phases = [{ kind = "inhale", seconds = 90 }]\n')
    listed = run_voiceguide("practices", "list")
    message = assert_one_line(listed, 0, "skipped invalid practice", "mine.toml")
    assert "box-breathing" in listed.stdout and "STOP" in listed.stdout
    record("invalid user practice (practices list)", "practices", DEGRADED, listed, message=message)
    checked = run_voiceguide("practices", "validate", str(folder / "mine.toml"))
    assert checked.code == EXIT_USAGE and checked.lines
    assert all(line.startswith(f"voiceguide: {folder / 'mine.toml'}:") for line in checked.lines)
    assert "Traceback" not in checked.stderr
    record("invalid user practice (practices validate)", "practices", EXITS, checked,
           message=f"one line per problem, e.g. {checked.lines[0]}")


def test_invalid_user_practice_shadowing_a_builtin() -> None:
    """A broken file with a built-in's id does not take the built-in away, and the user is told their
    file was skipped (showing the built-in silently would look as if their edit had been ignored)."""
    folder = Path(os.environ["VOICEGUIDE_CONFIG_DIR"]) / "practices"
    folder.mkdir(parents=True)
    (folder / "stop.toml").write_text('id = "stop"\ntitle = 3\n')
    shown = run_voiceguide("practices", "show", "stop")
    message = assert_one_line(shown, 0, "skipped invalid practice", "stop.toml")
    assert "STOP" in shown.stdout and "builtin" in shown.stdout, shown.stdout
    record("invalid user practice with a built-in's id (practices show)", "practices", DEGRADED, shown,
           message=message)


def test_invalid_user_practice_when_running_it() -> None:
    """`run stop` (typed, no sound server) with a broken stop.toml of the user's: one line says the file
    was skipped, the built-in STOP is walked to its end and its answers are kept."""
    folder = Path(os.environ["VOICEGUIDE_CONFIG_DIR"]) / "practices"
    folder.mkdir(parents=True)
    (folder / "stop.toml").write_text('id = "stop"\ntitle = 3\n')
    typed = "5\nnext\nnext\nno\nmy chest is tight\ncall my sister\n3\n"
    run = run_voiceguide("run", "stop", "--no-tui", stdin=typed,
                         env=child_env(PULSE_SERVER="unix:/nonexistent/pulse"))
    message = assert_one_line(run, 0, "skipped invalid practice", "stop.toml")
    assert run.stdout.rstrip().endswith("The practice is finished."), run.stdout[-2000:]
    check_journal(Path(os.environ["VOICEGUIDE_DATA_DIR"]), ["my chest is tight", "call my sister"])
    record("invalid user practice with a built-in's id (run --no-tui)", "practices", DEGRADED, run,
           message=message)
