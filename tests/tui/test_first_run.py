"""The first-run screen: disclaimer, a live microphone level, a spoken test phrase, shown only once."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from tests.tui.fakes import ChunkMic, ScriptedRecognizer, services
from tests.tui.helpers import keep_spoken, screen_text, settle
from voiceguide import notices
from voiceguide.config import Config
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.screens.first_run import TEST_PHRASE, FirstRunScreen
from voiceguide.tui.screens.home import HomeScreen
from voiceguide.tui.widgets.mic_level import MicLevel


def test_first_run_shows_disclaimer_level_and_test_phrase_once() -> None:
    asyncio.run(first_run())


async def first_run() -> None:
    saved: list[Config] = []
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app = VoiceguideApp(Config(), services(mic=mic, saved=saved), cursor_blink=False)
    spoken = keep_spoken(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, FirstRunScreen)
        assert notices.DISCLAIMER[:60] in " ".join(screen_text(pilot).split())
        meter = app.screen.query_one(MicLevel)
        assert meter.available
        recognizer.phrases.append("hello there")
        mic.feed(3)
        for _ in range(100):
            if meter.level_db != -60.0 and "hello there" in screen_text(pilot):
                break
            await pilot.pause(0.01)
        assert meter.level_db == -100.0  # silence, read live from the microphone
        assert "hello there" in screen_text(pilot)  # what the microphone test heard
        assert "No microphone is in use" not in screen_text(pilot)
        await pilot.press("s")
        assert spoken == [TEST_PHRASE]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert saved and saved[-1].ui.first_run_done
    without_mic = VoiceguideApp(Config(), services(), cursor_blink=False)
    async with without_mic.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(without_mic.screen, FirstRunScreen)
        assert "No microphone is in use, so voiceguide works by keyboard" in screen_text(pilot)
    again = VoiceguideApp(saved[-1], services(), cursor_blink=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, HomeScreen)


def test_the_command_line_does_not_import_textual() -> None:
    code = ("import sys\nfrom voiceguide.cli import build_parser\nbuild_parser()\n"
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_without_a_terminal_or_with_an_unknown_practice_one_line_and_exit_2() -> None:
    for args in ([], ["run", "no-such-practice"]):
        result = subprocess.run([sys.executable, "-m", "voiceguide", *args], stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("voiceguide: ")
        assert "Traceback" not in result.stderr
