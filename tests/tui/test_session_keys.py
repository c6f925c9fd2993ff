"""The session screen's always-visible state, and a key for every spoken command (listed in the help)."""

from __future__ import annotations

import asyncio
import dataclasses

from textual.binding import Binding

from tests.tui.fakes import HeldSpeech, services
from tests.tui.helpers import ready_config, screen_text, settle
from voiceguide.config import Config
from voiceguide.intents import Intent, IntentKind
from voiceguide.practices import runner_lines
from voiceguide.speech.commands import intent_for
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.keys import GLOBAL_HELP, SESSION_COMMANDS, help_rows
from voiceguide.tui.ports import VoiceStatus
from voiceguide.tui.screens.session import SessionScreen, without_spoken_instructions
from voiceguide.tui.services import Voice
from voiceguide.vocabulary import COMMAND_PHRASES, NUMBER_WORDS


def test_every_spoken_command_has_a_key_and_the_help_lists_both() -> None:
    keyed = {command.kind for command in SESSION_COMMANDS}
    assert set(IntentKind) - keyed == {IntentKind.HELP, IntentKind.SUPPORT}
    app_keys: dict[str, set[str]] = {}
    for binding in VoiceguideApp.BINDINGS:
        assert isinstance(binding, Binding)
        app_keys.setdefault(binding.action, set()).update(binding.key.split(","))
    assert {"f1", "question_mark"} <= app_keys["help"] and {"f2", "exclamation_mark"} <= app_keys["support"]
    rows = {action: (keys, spoken) for keys, action, spoken in help_rows()}
    for kind in keyed - {IntentKind.NUMBER}:
        keys, spoken = rows[kind.value]
        assert keys and spoken, kind
    assert rows["rate 0 to 10"][0] == "0-9, t (10)"
    assert rows["help (this list)"][1] and rows["support card"][1].startswith("I need help")


def test_every_phrase_the_help_offers_is_heard_as_its_command() -> None:
    for command in SESSION_COMMANDS:
        if command.kind is IntentKind.NUMBER:
            continue
        for phrase in command.spoken.split(", "):
            heard = intent_for(phrase, ListenMode.COMMANDS)
            assert heard is not None and heard.kind is command.kind, (phrase, command.kind)
    kinds = {"help (this list)": IntentKind.HELP, "support card": IntentKind.SUPPORT}
    for _keys, action, spoken in GLOBAL_HELP:
        for phrase in [p for p in spoken.split(", ") if p]:
            heard = intent_for(phrase, ListenMode.COMMANDS)
            assert heard is not None and heard.kind is kinds[action], (phrase, action)


def test_each_session_key_sends_its_command() -> None:
    asyncio.run(session_keys())


async def session_keys() -> None:
    app = VoiceguideApp(ready_config(), services(), "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        sent: list[Intent] = []

        def keep(intent: Intent) -> None:
            sent.append(intent)

        session.controller.intent = keep  # type: ignore[method-assign]
        for command in SESSION_COMMANDS:
            for key in command.keys:
                sent.clear()
                await pilot.press(key)
                assert sent == [command.intent()], (key, sent)


def test_the_state_is_always_shown_speaking_listening_paused() -> None:
    asyncio.run(state_line())


async def state_line() -> None:
    speech = HeldSpeech()

    def open_voice(config: Config) -> Voice:
        return Voice(speech, None, VoiceStatus(speaker="on (test)"))

    app_services = services()
    app_services.open_voice = open_voice
    app = VoiceguideApp(ready_config(), app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(300):
            if speech.saying.is_set():
                break
            await pilot.pause(0.01)
        await pilot.pause()
        assert "Speaking…" in screen_text(pilot)  # while the first prompt is spoken
        speech.stop()
        for _ in range(300):
            if "number from 0 to 10" in screen_text(pilot):
                break
            await pilot.pause(0.01)
        # No microphone here: the state line names keys, not words to say.
        assert "A number from 0 to 10: press 0-9, or t for 10." in screen_text(pilot)
        app.voice_status = dataclasses.replace(app.voice_status, mic="on (test)")
        app.refresh_status()
        await pilot.pause()
        assert "Listening for a number from 0 to 10 (keys 0-9, t for 10)." in screen_text(pilot)
        assert "p Pause" in screen_text(pilot) and "p Resume" not in screen_text(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert "Paused. Press p or c, or say \"resume\", to carry on." in screen_text(pilot)
        app.voice_status = dataclasses.replace(app.voice_status, mic="lost")
        app.refresh_status()
        await pilot.pause()
        assert "Paused. Press p or c to carry on." in screen_text(pilot)
        assert "p Resume" in screen_text(pilot) and "p Pause" not in screen_text(pilot)  # the footer follows
        await pilot.press("p")
        await pilot.pause()
        assert "Paused." not in screen_text(pilot) and "p Pause" in screen_text(pilot)
        await pilot.press("p", "c")
        await pilot.pause()
        assert "Paused." not in screen_text(pilot)
        speech.stop()
        session = app.screen
        assert isinstance(session, SessionScreen)
        await session.query_one("#session").remove()  # as the app takes the screen down when it quits
        shown = session.controller.view
        session.speech_done(session._speech_token)  # a prompt cut off just then is no error, and
        assert session.controller.view == shown  # does not move the practice on


def test_q_in_a_practice_says_how_to_quit_and_settings_open_on_their_first_field() -> None:
    asyncio.run(q_and_settings())


async def q_and_settings() -> None:
    app = VoiceguideApp(ready_config(), services(), "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is session and app.is_running  # a stray q does not end the practice
        assert [n.message for n in app._notifications][-1].startswith("To quit voiceguide, press Ctrl+Q")
        assert "p Pause" in screen_text(pilot)
        await pilot.press("e", "y")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Practice ended. Press Enter to go back home." in shown
        assert "p Pause" not in shown and "← Back" not in shown  # only the keys that go home are offered
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert getattr(app.focused, "id", None) == "rate"
        await pilot.press("ctrl+a", "ctrl+k", *"120", "ctrl+s")
        await settle(pilot)
        assert app.config.voice.rate == 120


def test_every_footer_fits_80_columns() -> None:
    for practice, keys in ((None, ""), (None, "j"), (None, "o"), ("stop", "")):
        narrow, wide = (asyncio.run(footer_line(width, practice, keys)) for width in (80, 200))
        assert narrow == wide, (practice, keys)  # every key and its whole label shown


async def footer_line(width: int, practice: str | None, keys: str) -> str:
    app = VoiceguideApp(ready_config(), services(), practice, cursor_blink=False)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        if keys:
            await pilot.press(keys)
            await settle(pilot)
        return screen_text(pilot).splitlines()[-1].strip()


def test_without_a_microphone_nothing_asks_to_be_said() -> None:
    assert without_spoken_instructions(runner_lines.PAUSED) == "Paused. Take all the time you need."
    assert without_spoken_instructions(runner_lines.HELP_COMMON) == ""
    asyncio.run(keys_only_captions())


async def keys_only_captions() -> None:
    app = VoiceguideApp(ready_config(), services(), "stop", cursor_blink=False)  # no microphone
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "Esc or Enter to close" in screen_text(pilot) and "go back" not in screen_text(pilot)
        await pilot.press("escape", "c")  # close the card, carry on
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        shown = screen_text(pilot)
        assert "Take all the time you need." in shown and "Say resume" not in shown


def test_the_spoken_words_of_keys_and_help_come_from_the_command_table() -> None:
    for command in SESSION_COMMANDS:
        for phrase in command.spoken.split(", "):
            known = NUMBER_WORDS if command.kind is IntentKind.NUMBER else COMMAND_PHRASES
            assert phrase.lower() in known, phrase
            assert command.kind is IntentKind.NUMBER or COMMAND_PHRASES[phrase.lower()] is command.kind
    for _keys, _action, spoken in GLOBAL_HELP:
        assert all(p.lower() in COMMAND_PHRASES for p in spoken.split(", ") if p)
    assert {spoken for _keys, _action, spoken in help_rows()} >= {c.spoken for c in SESSION_COMMANDS
                                                               if c.kind is not IntentKind.NUMBER}
