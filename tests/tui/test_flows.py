"""Pilot tests of each flow over the real STOP practice and runner: keys, voice, ratings, journal."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from tests.tui.fakes import ChunkMic, FakeJournal, FixedClock, ScriptedRecognizer, services
from tests.tui.helpers import (
    breathe_through,
    rate_and_breathe_to_observe,
    ready_config,
    say,
    screen_text,
    settle,
    spoken_to_app,
)
from voiceguide.errors import DeviceError
from voiceguide.speech.recognizer import ListenMode
from voiceguide.tui.app import VoiceguideApp
from voiceguide.tui.ports import SilentSpeech, VoiceStatus
from voiceguide.tui.screens.home import HomeScreen, category_of
from voiceguide.tui.screens.session import SessionScreen, caption_for
from voiceguide.tui.services import Voice
from voiceguide.voice.speech import ReadingSpeech


def test_stop_by_keyboard_alone() -> None:
    asyncio.run(stop_by_keyboard())


async def stop_by_keyboard() -> None:
    clock = FixedClock()
    journal = FakeJournal()
    app = VoiceguideApp(ready_config(), services(journal, clock=clock), cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        session = app.screen
        assert session.step.kind == "rate" and session.step.index == 1
        await pilot.press("7")
        await settle(pilot)
        phases = await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
        assert {"inhale", "exhale"} <= set(phases)
        await pilot.press("n")
        await settle(pilot)
        assert session.step.kind == "listen"
        await pilot.press(*"tight chest", "enter")
        await settle(pilot)
        assert session.step.text.startswith("Proceed")
        await pilot.press(*"call my sister", "enter")
        await settle(pilot)
        assert session.step.kind == "rate"
        await pilot.press("3")
        await settle(pilot)
        assert session.ended
        ratings = journal.ratings
        assert ratings == [("before", 7), ("after", 3)]
        assert [e.text for e in journal.entries] == ["tight chest", "call my sister"]
        await pilot.press("enter")
        assert isinstance(app.screen, HomeScreen)


def test_stop_by_voice_through_the_recognizer() -> None:
    asyncio.run(stop_by_voice())


async def stop_by_voice() -> None:
    clock = FixedClock()
    journal = FakeJournal()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app = VoiceguideApp(ready_config(), services(journal, mic=mic, clock=clock), "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        session = app.screen
        assert session.step.kind == "rate"
        await say(pilot, recognizer, mic, "seven")
        await breathe_through(pilot, session, clock, lambda: session.step.kind == "choose")
        await say(pilot, recognizer, mic, "no")
        assert session.step.kind == "listen"
        await say(pilot, recognizer, mic, "my shoulders are tight")
        assert "my shoulders are tight" in screen_text(pilot)
        await say(pilot, recognizer, mic, "i'm done")
        assert session.step.text.startswith("Proceed")
        await say(pilot, recognizer, mic, "take a short walk")
        await say(pilot, recognizer, mic, "i'm done")
        await say(pilot, recognizer, mic, "four")
        assert session.ended
        ratings = journal.ratings
        assert ratings == [("before", 7), ("after", 4)]
        assert [e.text for e in journal.entries] == ["my shoulders are tight", "take a short walk"]
        assert ListenMode.DICTATION in recognizer.modes and ListenMode.NUMBER in recognizer.modes
    assert mic.closed, "quitting stops the listen worker, which closes the microphone"


def test_rating_by_number_keys_and_words() -> None:
    asyncio.run(rate_by_number())


async def rate_by_number() -> None:
    for key, spoken, expected in (("t", "", 10), ("0", "", 0), ("", "nine", 9)):
        journal = FakeJournal()
        recognizer = ScriptedRecognizer()
        mic = ChunkMic(recognizer)
        app = VoiceguideApp(ready_config(), services(journal, mic=mic), "stop", cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            session = app.screen
            assert isinstance(session, SessionScreen) and session.step.kind == "rate"
            if key:
                await pilot.press(key)
            else:
                await say(pilot, recognizer, mic, spoken)
            await settle(pilot)
            assert session.step.kind != "rate"
            assert journal.ratings == [("before", expected)]


def test_trailing_silence_ends_a_spoken_answer() -> None:
    asyncio.run(silence_ends_answer())


async def silence_ends_answer() -> None:
    clock = FixedClock()
    journal = FakeJournal()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app = VoiceguideApp(ready_config(), services(journal, mic=mic, clock=clock), "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await rate_and_breathe_to_observe(pilot, session, clock, "5")
        await say(pilot, recognizer, mic, "heavy shoulders")
        session.check_silence()
        assert session.step.text.startswith("Observe"), "no silence yet"
        clock.now += session.controller.listening.silence if session.controller.listening else 0.0
        session.check_silence()
        await settle(pilot)
        assert session.step.text.startswith("Proceed"), "the silence ended the answer"
        assert [e.text for e in journal.entries] == ["heavy shoulders"]


def test_named_options_are_offered_by_number() -> None:
    asyncio.run(named_options())


async def named_options() -> None:
    app = VoiceguideApp(ready_config(), services(), "boundaries", cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        for _ in range(12):
            if session.step.options:
                break
            await pilot.press("escape" if isinstance(app.focused, Input) else "s")
            await settle(pilot)
        assert session.step.options, session.step
        assert "1 time" in screen_text(pilot)
        before = session.step.index
        await pilot.press("1")
        await settle(pilot)
        assert session.step.index != before


def test_home_groups_practices_by_category_and_one_key_starts_each_quick_practice() -> None:
    asyncio.run(home_groups())


async def home_groups() -> None:
    app = VoiceguideApp(ready_config(), services(), cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        options = home.query_one(OptionList)
        ids = [options.get_option_at_index(i).id or "" for i in range(options.option_count)]
        headings = [i.removeprefix("heading-") for i in ids if i.startswith("heading-")]
        assert headings == ["Right now", "Breathe", "Ground", "Reflect", "Learn"]
        catalog = {p.id: p for p in home.practices()}
        under = ""
        for option_id in ids:
            if option_id.startswith("heading-"):
                under = option_id.removeprefix("heading-")
            else:
                practice = catalog[option_id.removeprefix("practice-")]
                assert category_of(practice) == under, (practice.id, under)
        breathe = ids[ids.index("heading-Breathe") + 1: ids.index("heading-Ground")]
        assert breathe == ["practice-breathing-478", "practice-box-breathing", "practice-longer-exhale",
                           "practice-physiological-sigh", "practice-resonance-breathing"]  # "The" aside
        for key, practice_id in (("1", "stop"), ("2", "box-breathing"), ("3", "grounding-54321")):
            await pilot.press(key)
            await settle(pilot)
            session = app.screen
            assert isinstance(session, SessionScreen) and session.definition.id == practice_id, key
            if isinstance(app.focused, Input):
                await pilot.press("escape")  # out of the answer box: keys are commands again
            await pilot.press("e", "y")  # end, confirmed
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen), key


def test_typing_each_thing_to_count_keeps_the_keys_in_the_answer_box() -> None:
    asyncio.run(count_by_typing())


async def count_by_typing() -> None:
    journal = FakeJournal()
    app = VoiceguideApp(ready_config(), services(journal), "grounding-54321", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        for _ in range(100):
            if session.step.kind == "count":
                break
            await pilot.pause(0.02)
        assert session.step.kind == "count" and isinstance(app.focused, Input)
        # "desk" and "sky" hold d (done), e (end), s (skip) and y (yes): as commands they would skip or end
        for thing in ("lamp", "desk", "sky"):
            await pilot.press(*thing, "enter")
            await settle(pilot)
            assert isinstance(app.focused, Input), f"after {thing!r} the keys went back to being commands"
        assert session.step.kind == "count" and session.step.counted == 3 and not session.step.confirming_end
        assert [e.text for e in journal.entries][-1] == "lamp. desk. sky."


def test_without_a_speaker_a_spoken_step_stays_to_be_read_until_a_key_moves_on() -> None:
    asyncio.run(read_without_speaker())


async def first_prompt_read(pilot: Pilot[int], app: VoiceguideApp) -> SessionScreen:
    """The session screen once its first prompt is on its reading time (settle() would wait it out)."""
    for _ in range(100):
        if isinstance(app.screen, SessionScreen) and app.screen.speaking:
            break
        await pilot.pause(0.02)
    assert isinstance(app.screen, SessionScreen)
    return app.screen


async def read_without_speaker() -> None:
    app_services = services()
    app_services.open_voice = lambda config: Voice(ReadingSpeech(rate=60), None, VoiceStatus())
    app = VoiceguideApp(ready_config(), app_services, "grounding-54321", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:  # no settle(): it would wait out the reading
        session = await first_prompt_read(pilot, app)
        await pilot.pause(0.5)  # saying the opening would take half a minute at 60 words a minute
        assert session.step.index == 1 and session.step.text.startswith("Let's come back to the here and now")
        assert "Take your time to read. Enter or → goes on." in screen_text(pilot)
        await pilot.press("right")
        for _ in range(100):
            if session.step.kind == "count":
                break
            await pilot.pause(0.02)
        assert session.step.kind == "count"


def test_without_a_speaker_stop_is_answered_by_keys_as_soon_as_each_question_shows() -> None:
    asyncio.run(stop_by_keys_while_reading())


async def stop_by_keys_while_reading() -> None:
    """Every key pressed while its prompt is still on its reading time: a rating cuts it short, and
    typing goes into the answer box (letters such as e, s, n would otherwise end, skip or go on)."""
    journal = FakeJournal()
    app_services = services(journal)
    app_services.open_voice = lambda config: Voice(ReadingSpeech(rate=400), None, VoiceStatus())
    app = VoiceguideApp(ready_config(), app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        async def shown(text: str) -> SessionScreen:
            for _ in range(500):
                if text in screen_text(pilot):
                    break
                await pilot.pause(0.02)
            assert text in screen_text(pilot), screen_text(pilot)
            session = app.screen
            assert isinstance(session, SessionScreen)
            return session

        assert (await shown("from zero to ten")).speaking
        await shown("Take your time to read. A number key (0-9, t for 10) answers.")  # once the voice is in
        await pilot.press("7")
        await shown("Step 3 of 9")
        await pilot.press("enter")
        await shown("Step 4 of 9")
        await pilot.press("s")  # skip the breathing
        await shown("a few more breaths")
        await pilot.press("n")
        session = await shown("Observe")
        assert session.speaking and isinstance(app.focused, Input)
        assert app.focused.display and app.focused.region.area > 0  # on screen, not typed into blindly
        assert "Type your answer; Enter keeps it" in screen_text(pilot)
        await pilot.press(*"tense neck", "enter")
        session = await shown("Proceed")
        assert session.speaking and isinstance(app.focused, Input)
        await pilot.press(*"see ness", "enter")
        session = await shown("how strong is the feeling")
        assert app.focused is None  # a rating: keys are commands again
        await pilot.press("3")
        await shown("Finished")
    assert journal.ratings == [("before", 7), ("after", 3)]
    assert [e.text for e in journal.entries] == ["tense neck", "see ness"]


def test_what_voiceguide_says_beyond_the_step_text_is_shown_as_a_caption() -> None:
    assert caption_for("Please say one number, from zero to ten.", "How strong?") == (
        "Please say one number, from zero to ten.")
    assert caption_for("Look around.  Say next when you are ready.", "Look around.") == (
        "Say next when you are ready.")
    assert caption_for("How strong?", "How  strong?") == ""
    asyncio.run(caption_of_a_hint())


async def caption_of_a_hint() -> None:
    app, recognizer, mic = spoken_to_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen) and session.step.kind == "rate"
        caption = session.query_one("#caption", Static)
        assert str(caption.render()) == ""  # the question is on screen already
        await say(pilot, recognizer, mic, "hmm")  # not a number: a spoken hint
        assert "Please say one number, from zero to ten." in screen_text(pilot)
        await say(pilot, recognizer, mic, "seven")
        assert session.step.index > 1 and str(caption.render()) == ""  # a new step clears it


def test_without_a_speaker_an_answer_spoken_during_the_reading_time_answers_the_question() -> None:
    asyncio.run(speak_while_reading())


async def speak_while_reading() -> None:
    journal = FakeJournal()
    recognizer = ScriptedRecognizer()
    mic = ChunkMic(recognizer)
    app_services = services(journal, mic=mic)
    app_services.open_voice = lambda config: Voice(ReadingSpeech(rate=60), mic, VoiceStatus(mic="on (test)"))
    app = VoiceguideApp(ready_config(), app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:  # no settle(): it would wait out the reading
        session = await first_prompt_read(pilot, app)
        assert session.step.kind == "rate" and session.speaking
        recognizer.phrases.append("seven")  # said while the question would take 20 s to say
        mic.feed()
        for _ in range(500):  # up to 10 s: a loaded machine (the full suite on 2 cores) took over 2 s
            if journal.ratings:
                break
            await pilot.pause(0.02)
        assert journal.ratings == [("before", 7)] and session.step.index > 1


class VanishingSpeech(SilentSpeech):
    """A speaker whose device is gone: every prompt fails as the real sink does then."""

    description = "on (test)"

    def say(self, text: str) -> None:
        raise DeviceError("the speaker stopped taking sound")


def test_a_speaker_lost_mid_session_leaves_prompts_their_reading_time() -> None:
    asyncio.run(speaker_vanishes())


async def speaker_vanishes() -> None:
    app_services = services()
    app_services.open_voice = lambda config: Voice(VanishingSpeech(), None, VoiceStatus(speaker="on (test)"))
    app = VoiceguideApp(ready_config(), app_services, "stop", cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            if app.voice_status.speaker == "lost":
                break
            await pilot.pause(0.02)
        assert app.voice_status.speaker == "lost" and app.voice is not None
        assert isinstance(app.voice.speech, ReadingSpeech)
        await pilot.press("7")
        for _ in range(50):
            await pilot.pause(0.02)
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert session.step.index == 2 and session.speaking  # the say step after the rating stays to be read
        assert "Take your time to read. Enter or → goes on." in screen_text(pilot)
