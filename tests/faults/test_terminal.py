"""The terminal app under faults: a 40x10 terminal resized mid-session, SIGHUP/SIGTERM/SIGINT
mid-session, an invalid config, devices missing or lost; the terminal is restored every time and what
was settled stays in the journal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.harness import DEGRADED, EXITS, WORKS, Run, check_journal, child_env, record
from tests.tmux_pane import TmuxPane
from tests.virtual_audio import VirtualAudio
from voiceguide.errors import EXIT_HANGUP, EXIT_INTERRUPTED, EXIT_TERMINATED


class AppPane(TmuxPane):
    """`python -m voiceguide ARGS` in a tmux pane on a private server, started by a small shell that prints
    its exit status afterwards and keeps the terminal open, so the terminal's state can be read."""

    def __init__(self, tmp_path: Path, args: list[str], width: int, height: int,
                 audio: VirtualAudio | None = None, locale: dict[str, str] | None = None,
                 inject: list[str] | None = None) -> None:
        devices = ("pulse", "pulse") if audio else ("no-such-microphone", "no-such-speaker")
        env = child_env(audio.env if audio else None, inject=inject or [], TERM="xterm-256color",
                        VOICEGUIDE_DATA_DIR=os.environ["VOICEGUIDE_DATA_DIR"],
                        VOICEGUIDE_CONFIG_DIR=os.environ["VOICEGUIDE_CONFIG_DIR"],
                        VOICEGUIDE_INPUT_DEVICE=devices[0], VOICEGUIDE_OUTPUT_DEVICE=devices[1])
        # A locale for the app alone (tmux itself wants a UTF-8 one): set by `env` in front of it.
        in_locale = ["env", *(f"{key}={value}" for key, value in (locale or {}).items())] if locale else []
        command = " ".join([*in_locale, sys.executable, "-m", "voiceguide", *args])
        super().__init__(env, f"sh -c '{command}; echo EXIT=$?; exec sleep 600'", width, height,
                         prefix="voiceguide-fault")

    def wait_exit(self, timeout: float = 20.0) -> int:
        shown = self.wait_for("EXIT=", timeout)
        return int(shown.split("EXIT=")[-1].split()[0])

    def quit(self) -> tuple[int, str]:
        """Quit with the quit key; the exit code and what the pane shows once the terminal is restored."""
        self.keys("C-q")
        code = self.wait_exit()
        return code, self.assert_restored()

    def app_pid(self) -> str:
        """The voiceguide process (the pane's shell's child)."""
        shell = self.flag("pane_pid")
        return subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True,
                              check=True).stdout.split()[0]

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "main", "-x", str(width), "-y", str(height))

    def assert_restored(self) -> str:
        """The alternate screen is left, the cursor shows, mouse reporting is off, the line discipline is
        back to cooked mode with echo; returns what the pane shows."""
        assert self.flag("alternate_on") == "0", "still on the alternate screen"
        assert self.flag("cursor_flag") == "1", "the cursor is still hidden"
        assert self.flag("mouse_any_flag") == "0", "mouse reporting is still on"
        modes = subprocess.run(["stty", "-a", "-F", self.flag("pane_tty")], capture_output=True, text=True,
                               check=True).stdout.split()
        assert "icanon" in modes and "echo" in modes, f"the terminal was left raw: {modes}"
        shown = self.text()
        assert "Traceback" not in shown
        return shown


def start_session(tmp_path: Path, width: int = 80, height: int = 24) -> AppPane:
    pane = AppPane(tmp_path, ["run", "stop"], width, height)
    return pane


def test_small_terminal_resized_mid_session(tmp_path: Path) -> None:
    pane = start_session(tmp_path, 40, 10)
    try:
        pane.wait_for("Welcome")
        pane.keys("Enter")  # past the first-run screen
        time.sleep(0.3)
        for width, height in ((100, 30), (20, 5), (40, 10), (120, 40), (40, 10)):
            pane.resize(width, height)
            time.sleep(0.2)
            assert "EXIT=" not in pane.text(), f"the app ended at {width}x{height}:\n{pane.text()}"
            assert "Traceback" not in pane.text()
        pane.resize(80, 24)
        status = pane.wait_for("number from 0 to 10").splitlines()[0]
        assert "no audio: keyboard and text only" in status
        pane.keys("7")
        pane.wait_for("Step 3 of")
        code, shown = pane.quit()
    finally:
        pane.close()
    assert code == 0, shown
    record("no microphone and no speaker (the terminal app)", "devices", DEGRADED, exit_code=code,
           message=status.strip())
    record("terminal of 40x10, resized to 100x30, 20x5, 120x40 mid-session", "terminal", WORKS,
           exit_code=code, message="redraws at every size; keys still work; terminal restored")


@pytest.mark.parametrize(("signum", "code"), [("HUP", EXIT_HANGUP), ("TERM", EXIT_TERMINATED),
                                            ("INT", EXIT_INTERRUPTED)])
def test_signal_mid_session(signum: str, code: int, tmp_path: Path, data_dir: Path) -> None:
    pane = start_session(tmp_path)
    try:
        pane.wait_for("Welcome")
        pane.keys("Enter")
        pane.wait_for("number from 0 to 10")
        pane.keys("7")
        pane.wait_for("Step 3 of")
        pane.keys("Enter")
        pane.wait_for("Step 4 of")
        pane.keys("s")
        pane.wait_for("a few more breaths")
        pane.keys("n")
        pane.wait_for("Observe")
        pane.keys("my chest is tight", "Enter")
        pane.wait_for("Proceed")
        pane.keys("call my")  # typed but not settled when the signal lands
        time.sleep(0.3)
        subprocess.run(["kill", f"-{signum}", pane.app_pid()], check=True)
        status = pane.wait_exit()
        shown = pane.assert_restored()
    finally:
        pane.close()
    assert status == code, shown
    lines = [line for line in shown.splitlines() if line.strip() and not line.startswith("EXIT=")]
    assert lines and lines[-1].startswith("voiceguide: "), shown
    lost = check_journal(data_dir, ["my chest is tight"])
    record(f"SIG{signum} mid-session in the terminal app", "signals", EXITS,
           Run(status, "", lines[-1]), data_lost=lost)


def test_invalid_config_in_the_app(tmp_path: Path) -> None:
    """Chosen behaviour: the app refuses an invalid config like the command line does (EXIT_CONFIG and one
    line naming the file and field), before it takes over the terminal; nothing is silently reset."""
    config = Path(child_env()["VOICEGUIDE_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[voice]\nrate = 'fast'\n")
    pane = AppPane(tmp_path, [], 80, 24)
    try:
        code = pane.wait_exit()
        shown = pane.assert_restored()
    finally:
        pane.close()
    lines = [line for line in shown.splitlines() if line.strip() and not line.startswith("EXIT=")]
    assert code == 6 and len(lines) == 1 and "config.toml" in lines[0], shown
    record("invalid config file (the terminal app)", "config", EXITS, Run(code, "", lines[0]))


@pytest.mark.devices
def test_input_vanishes_in_the_app(tmp_path: Path, data_dir: Path, own_audio: VirtualAudio) -> None:
    """The sound server dies mid-session: the status line says the microphone and then the speaker are
    lost, the app carries on by keyboard, and the journal (the rating given) passes its checks."""
    pane = AppPane(tmp_path, ["run", "stop"], 100, 30, audio=own_audio)
    try:
        pane.wait_for("Welcome")
        pane.keys("Enter")
        pane.wait_for("mic on", timeout=30)
        pane.wait_for("number from 0 to 10", timeout=30)
        own_audio.daemon.kill()
        own_audio.daemon.wait(timeout=5)
        status = pane.wait_for("microphone", timeout=15).splitlines()[0]
        pane.keys("7")
        pane.wait_for("Step 2 of")
        speaker = pane.wait_for("speaker lost", timeout=15).splitlines()[0]  # step 2 spoken to no speaker
        # With no speaker step 2's speech ends at once and it may already have moved on to the 4 s pause,
        # which Enter then skips: either way the keys lead on to the breathing step.
        pane.keys("Enter")
        pane.wait_for("Take a breath")
        code, shown = pane.quit()
    finally:
        pane.close()
    assert code == 0, shown
    assert "mic lost" in status and "mic lost" in speaker, (status, speaker)
    check_journal(data_dir)
    record("input device vanishes mid-session (the terminal app)", "devices", DEGRADED, exit_code=code,
           message=speaker.strip())


def test_pocketsphinx_fails_to_import_in_the_app(tmp_path: Path, data_dir: Path,
                                                  own_audio: VirtualAudio) -> None:
    """No recognizer can load: the status line says so in one line, the app speaks and carries on by
    keyboard, and quits with the terminal restored."""
    pane = AppPane(tmp_path, ["run", "stop"], 100, 30, audio=own_audio, inject=["no_pocketsphinx"])
    try:
        pane.wait_for("Welcome")
        pane.keys("Enter")
        status = pane.wait_for("number from 0 to 10", timeout=30).splitlines()[0]
        pane.keys("7")
        pane.wait_for("Step 2 of")
        code, shown = pane.quit()
    finally:
        pane.close()
    assert code == 0, shown
    assert "engine none" in status and "pocketsphinx cannot be loaded: reinstall voiceguide" in status, status
    check_journal(data_dir)
    record("pocketsphinx fails to import (the terminal app)", "engines", DEGRADED, exit_code=code,
           message=status.strip())


def test_hostile_text_in_the_app(tmp_path: Path, data_dir: Path) -> None:
    """A journal entry and a user practice full of markup, ANSI and OSC escapes, control characters and
    NUL, shown by the real app in a real terminal: literally (escapes as pictures), the window title not
    changed, the screen not cleared, and the terminal restored."""
    from tests.faults import hostile
    from voiceguide.journal import SqliteJournal

    nasty = hostile.MARKUP + hostile.ANSI + hostile.OSC + hostile.CONTROLS + hostile.NUL
    with SqliteJournal(data_dir) as journal:
        journal.add_typed(nasty)
    practices = Path(os.environ["VOICEGUIDE_CONFIG_DIR"]) / "practices"
    hostile.write_practice(practices, "hostile", title=hostile.OSC + hostile.MARKUP, text=nasty)
    seen: list[str] = []
    walks: list[tuple[list[str], list[tuple[str, str]], str]] = [
        ([], [("Continue (Enter)", "Enter"), ("j Journal", "j")], "␛]0;retitled␇"),
        (["run", "hostile"], [], "␛[2J"),  # the first-run screen was passed above
    ]
    for args, steps, expected in walks:
        pane = AppPane(tmp_path, args, 120, 40)
        try:
            for shown_first, key in steps:
                pane.wait_for(shown_first)
                pane.keys(key)
            shown = pane.wait_for(expected)
            assert "[bold red]not bold[/]" in shown, shown
            assert pane.flag("pane_title") != "retitled", "an OSC escape in user text retitled the window"
            pane.keys("Escape")
            time.sleep(0.3)
            pane.keys("C-q")
            time.sleep(0.3)
            code, after = pane.quit()
            seen.append(after)
        finally:
            pane.close()
        assert code == 0, seen[-1]
    check_journal(data_dir, [nasty])
    record("hostile text in the terminal app (journal entry, user practice)", "hostile input", WORKS,
           exit_code=0, message="shown literally, escapes as pictures; title and screen untouched; "
           "terminal restored")


def test_invalid_user_practice_in_the_app(tmp_path: Path) -> None:
    """A broken practice file of the user's, with a built-in's id: the app says in one line that it was
    skipped (the text of the file shown as data), and the built-in is still there to run."""
    practices = Path(os.environ["VOICEGUIDE_CONFIG_DIR"]) / "practices"
    practices.mkdir(parents=True)
    (practices / "stop.toml").write_text('id = "stop"\ntitle = "[bold]x[/bold]"\n')
    pane = AppPane(tmp_path, [], 120, 40)
    try:
        shown = pane.wait_for("skipped invalid practice")
        assert "stop.toml" in shown, shown
        pane.wait_for("Continue (Enter)")
        pane.keys("Enter")
        pane.wait_for("1  STOP")
        code, after = pane.quit()
    finally:
        pane.close()
    assert code == 0, after
    record("invalid user practice with a built-in's id (the terminal app)", "practices", DEGRADED,
           exit_code=code, message=f"a warning: skipped invalid practice: {practices / 'stop.toml'}:… "
           "(the built-in STOP stays)")


PASTES_WITH_ESCAPES = (
    "a\x1b\x11",  # Textual's parser sent the Ctrl+Q after an ESC as a key: the app quit
    "\x1b\x1b\x1bq",  # two Escapes and a q as keys: the journal closed, then sometimes q quit at home
    "\x1b[31m" + "A" * 28 + "calm and more words",  # the ESC left raw in the box: ESC c reset the terminal
)


def test_a_paste_with_escapes_stays_text(tmp_path: Path, data_dir: Path) -> None:
    """Bracketed pastes holding ESC, Ctrl+Q and q, into the journal's search box of the real app in a real
    terminal: each stays text in the box (control characters dropped), nothing in it acts as a key, the
    screen is not reset, and the app quits normally afterwards."""
    from voiceguide.journal import SqliteJournal

    with SqliteJournal(data_dir) as journal:
        journal.add_typed("an entry to search")
    pane = AppPane(tmp_path, [], 100, 30)
    try:
        pane.wait_for("Continue (Enter)")
        pane.keys("Enter")
        pane.wait_for("j Journal")
        pane.keys("j")
        pane.wait_for("an entry to search")
        pane.keys("/")
        time.sleep(0.3)
        for text in PASTES_WITH_ESCAPES:
            pane.tmux("set-buffer", "-b", "pasted", text)
            pane.tmux("paste-buffer", "-p", "-d", "-b", "pasted", "-t", "main")
            time.sleep(0.8)
            shown = pane.text()
            kept = text.replace("\x1b", "").replace("\x11", "")[-20:]  # the box scrolls: its end is shown
            assert kept in shown, f"the paste {text!r} is not in the box:\n{shown}"
            assert "EXIT=" not in shown, f"the paste {text!r} ended the app:\n{shown}"
            assert "an entry to search" in shown or "No entry matches" in shown, shown  # still the journal
            pane.keys("C-u")  # clear the box for the next paste
            time.sleep(0.2)
        code, after = pane.quit()
    finally:
        pane.close()
    assert code == 0, after
    record("a paste holding escapes and control keys", "hostile input", WORKS, exit_code=0,
           message="stays text in the box; no key in it acts; terminal restored")
