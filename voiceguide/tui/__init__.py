"""The terminal app (the only package that imports Textual): `run_app` starts it."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from voiceguide.config import Config

if TYPE_CHECKING:
    from voiceguide.journal.unlock import Unlocking


@contextlib.contextmanager
def terminal_for_textual_only() -> Iterator[None]:
    """Textual draws on a private copy of the terminal; fd 2 (where native libraries write) goes to a file.

    ALSA and PortAudio can print from their own threads at any moment; with fd 2 pointed away for the
    whole run nothing they write can reach the screen, while Textual (which writes to sys.__stderr__)
    keeps drawing on the real terminal.
    """
    from voiceguide.quiet import native_output_silenced

    if not os.isatty(2):
        yield
        return
    original = sys.__stderr__
    sys.stderr.flush()
    terminal = os.fdopen(os.dup(2), "w", encoding="utf-8", errors="replace")
    vars(sys)["__stderr__"] = terminal
    try:
        with native_output_silenced():
            yield
    finally:
        vars(sys)["__stderr__"] = original
        terminal.close()


def run_app(config: Config, practice: str | None = None, data_dir: str | None = None,
            unlocking: Unlocking | None = None) -> int:
    """Run the app until the user quits; restores the terminal and stops every worker."""
    if not (os.isatty(0) and os.isatty(2)):
        from voiceguide.errors import UsageError

        raise UsageError("the terminal app needs a terminal; without one, use: voiceguide run stop --no-tui")
    from voiceguide.tui.journal_view import open_app_journal

    journal = open_app_journal(data_dir, unlocking)  # on the plain terminal, before Textual takes it
    from voiceguide.tui import paste
    from voiceguide.tui.app import VoiceguideApp
    from voiceguide.tui.services import real_services

    paste.install()
    app = VoiceguideApp(config, real_services(config, journal), practice)
    with terminal_for_textual_only():
        result = app.run()
    if journal.locked and journal.not_saved():
        lost = journal.not_saved()
        print(f"voiceguide: {lost} answer{'s were' if lost != 1 else ' was'} not saved: the journal stayed "
              "locked (they were kept in memory only)", file=sys.stderr, flush=True)
    if app.save_errors or app.late_save_errors:
        from voiceguide.notices import one_line

        # Shown only briefly on screen (or, for the last writes, not at all): said again once it is gone.
        for error in dict.fromkeys([*app.save_errors, *app.late_save_errors]):
            print(f"voiceguide: {one_line(error)}", file=sys.stderr, flush=True)
    if app.ended_by_signal is not None:
        from voiceguide.errors import Interrupted

        raise Interrupted(app.ended_by_signal)  # the command line says the session ended, as for Ctrl-C
    return int(result or 0)
