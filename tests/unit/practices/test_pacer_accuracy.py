"""Breathing phases stay on their absolute schedule: jittered ticks, early ticks, pauses and pace changes."""

from __future__ import annotations

import random

import pytest

from voiceguide.intents import Intent, IntentKind
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import Effect, IntentEvent, PlayCue, RunnerState, SpeechFinished, Tick
from voiceguide.practices.loader import parse_practice
from voiceguide.practices.runner import Runner

BOX = """
id = "box-test"
title = "Box"
summary = "Box breathing for ten minutes."
minutes = 10
category = "breathe"
source = "test"

[[steps]]
kind = "breathe"
text = "Ready."
phases = [
  { kind = "inhale", seconds = 4 },
  { kind = "hold", seconds = 4 },
  { kind = "exhale", seconds = 4 },
  { kind = "hold", seconds = 4 },
]
minutes = 10
prepare = 3
cue = "tones"

[[steps]]
kind = "say"
text = "Done."
"""
TOLERANCE = 0.001


def boundary_cues(effects: list[Effect]) -> list[PlayCue]:
    return [effect for effect in effects if isinstance(effect, PlayCue)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ten_minutes_of_box_breathing_stay_within_a_millisecond(seed: int) -> None:
    rng = random.Random(seed)
    practice = parse_practice(BOX, "box.toml")
    clock = FakeClock(start=5000.0)
    runner = Runner(practice, clock)
    runner.start()
    clock.advance(1.7)
    runner.handle(SpeechFinished())
    assert runner.state is RunnerState.BREATHING
    t0 = clock.now()
    total = practice.steps[0].cycles * 4  # type: ignore[union-attr]
    assert total * 4 >= 600

    shift = 0.0  # time spent paused so far
    boundary = 0  # boundaries passed: 0 is the end of the preparation
    pauses = 0
    while runner.state is RunnerState.BREATHING:
        expected = t0 + 3 + 4 * boundary + shift
        deadline = runner.next_deadline()
        assert deadline is not None and abs(deadline - expected) < TOLERANCE, (boundary, deadline, expected)
        for _ in range(rng.randint(0, 3)):  # early ticks must not move anything
            clock.set(rng.uniform(clock.now(), deadline - 0.001))
            assert boundary_cues(runner.handle(Tick(clock.now()))) == []
        if rng.random() < 0.15:  # a pause somewhere in the phase, then resume
            clock.set(rng.uniform(clock.now(), deadline - 0.001))
            assert boundary_cues(runner.handle(IntentEvent(Intent(IntentKind.PAUSE)))) == []
            assert runner.next_deadline() is None
            paused_for = rng.uniform(0.2, 30.0)
            clock.advance(paused_for)
            resumed = boundary_cues(runner.handle(IntentEvent(Intent(IntentKind.RESUME))))
            shift += paused_for
            pauses += 1
            if boundary > 0:  # the phase under way continues with exactly its remaining time
                assert len(resumed) == 1
                assert abs(resumed[0].at + resumed[0].seconds - (expected + paused_for)) < TOLERANCE
            continue
        clock.set(deadline + rng.uniform(0.0, 0.05))
        cues = boundary_cues(runner.handle(Tick(clock.now())))
        if boundary < total:
            assert len(cues) == 1 and abs(cues[0].at - expected) < TOLERANCE, (boundary, cues, expected)
            assert cues[0].seconds == pytest.approx(4.0, abs=TOLERANCE)
        boundary += 1
    assert boundary == total + 1
    assert pauses > 0
    assert runner.step.id == "step-2"


def test_pace_changes_from_the_next_phase_in_ten_percent_steps_within_bounds() -> None:
    practice = parse_practice(BOX, "box.toml")
    clock = FakeClock()
    runner = Runner(practice, clock)
    runner.start()
    runner.handle(SpeechFinished())
    start = clock.now()
    clock.set(start + 3.0)
    runner.handle(Tick(clock.now()))  # first inhale starts at start + 3
    clock.advance(1.0)
    runner.handle(IntentEvent(Intent(IntentKind.SLOWER)))
    assert runner.view.pace == pytest.approx(1.1)
    assert runner.next_deadline() == pytest.approx(start + 7.0)  # the phase under way keeps its length
    clock.set(start + 7.0)
    cue = boundary_cues(runner.handle(Tick(clock.now())))[0]
    assert cue.seconds == pytest.approx(4.4)
    assert runner.next_deadline() == pytest.approx(start + 11.4)
    for _ in range(10):
        runner.handle(IntentEvent(Intent(IntentKind.SLOWER)))
    assert runner.view.pace == pytest.approx(1.5)
    for _ in range(20):
        runner.handle(IntentEvent(Intent(IntentKind.FASTER)))
    assert runner.view.pace == pytest.approx(0.7)
