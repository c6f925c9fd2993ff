"""The session widgets on their own: the breath pacer's shape, the transcript's styles, the status line."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.strip import Strip

from voiceguide.tui.ports import VoiceStatus
from voiceguide.tui.widgets.breath_pacer import BreathPacer
from voiceguide.tui.widgets.transcript import Transcript


class Host(App[None]):
    """One pacer and one transcript, nothing else."""

    CSS = "BreathPacer { height: 12; } Transcript { height: 4; }"

    def compose(self) -> ComposeResult:
        yield BreathPacer()
        yield Transcript()


def drawn(app: App[None]) -> list[Strip]:
    return app.screen._compositor.render_strips()


def blocks(app: App[None]) -> int:
    """How much of the pacer's shape is drawn, in cells."""
    return sum(strip.text.count("█") for strip in drawn(app))


def screen(app: App[None]) -> str:
    return "\n".join(strip.text for strip in drawn(app))


def test_the_pacer_grows_on_the_in_breath_holds_and_shrinks_on_the_out_breath() -> None:
    asyncio.run(pacer_shapes())


async def pacer_shapes() -> None:
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        pacer = app.query_one(BreathPacer)
        sizes: dict[str, list[int]] = {}
        for phase, key, remaining_seconds in (("inhale", 1, (4, 2, 0)), ("hold", 2, (4, 2, 0)),
                                              ("exhale", 3, (4, 2, 0))):
            for remaining in remaining_seconds:
                pacer.set_phase(phase, 4, remaining, key)
                await pilot.pause()
                sizes.setdefault(phase, []).append(blocks(app))
                label = {"inhale": "Breathe in", "hold": "Hold", "exhale": "Breathe out"}[phase]
                assert f"{label}  {remaining}" in screen(app), screen(app)  # the phase name and countdown
        inhale, hold, exhale = sizes["inhale"], sizes["hold"], sizes["exhale"]
        assert inhale[0] < inhale[1] < inhale[2], sizes
        assert hold == [inhale[2]] * 3, sizes  # a hold keeps the shape as the in-breath left it
        assert exhale[0] > exhale[1] > exhale[2], sizes
        assert exhale[0] == hold[-1], sizes

        pacer.reduced_motion = True
        pacer.set_phase("exhale", 4, 2.4, 4)
        await pilot.pause()
        assert blocks(app) == 0, "reduced motion draws no shape"
        assert "Breathe out  3" in screen(app)  # only the phase name and the countdown (rounded up)


def test_the_transcript_shows_the_partial_dim_and_settled_text_plain() -> None:
    asyncio.run(transcript_styles())


async def transcript_styles() -> None:
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add_final("my chest is tight")
        transcript.add_partial("and [bold]my hands")
        await pilot.pause()
        brightness: dict[str, int] = {}
        for strip in drawn(app):
            for segment in strip:
                for words in ("my chest is tight", "and [bold]my hands"):
                    if words in segment.text and segment.style and segment.style.color:
                        brightness[words] = sum(segment.style.color.get_truecolor())
        # Textual draws "dim" as a fainter colour: the partial is darker than the settled text
        assert brightness["and [bold]my hands"] < brightness["my chest is tight"] * 0.8, brightness
        transcript.add_final("and my hands are cold")
        await pilot.pause()
        assert "and [bold]my hands" not in screen(app), "the partial gives way to the settled text"
        assert "and my hands are cold" in screen(app)


def test_the_status_line_names_engine_model_microphone_and_speaker() -> None:
    status = VoiceStatus(engine="vosk", model="vosk-model-small-en-us-0.15", mic="on (pulse)",
                         speaker="piper")
    assert status.line() == "engine vosk (vosk-model-small-en-us-0.15) · mic on (pulse) · speaker piper"
    degraded = VoiceStatus(problem="no microphone found")
    assert degraded.line() == ("no audio: keyboard and text only · engine none · mic off · speaker off · "
                               "no microphone found")
