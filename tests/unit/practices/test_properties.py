"""Property tests: any sequence of intents, words, speech ends, silences and ticks never crashes the
runner, never loses words said in a listen step, and left alone always settles in an end or a state
that waits for the user."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voiceguide.intents import Intent, IntentKind
from voiceguide.practices.clock import FakeClock
from voiceguide.practices.events import (
    End,
    Event,
    IntentEvent,
    ListenTimedOut,
    RunnerState,
    Speak,
    SpeechFinished,
    Tick,
    Utterance,
)
from voiceguide.practices.library import load_builtins
from voiceguide.practices.model import ListenStep
from voiceguide.practices.runner import Runner
from voiceguide.practices.runner_lines import DEFAULT_END_PHRASE
from voiceguide.vocabulary import split_end_phrase

PRACTICES = load_builtins()
SETTLED = {RunnerState.WAITING, RunnerState.LISTENING, RunnerState.PAUSED, RunnerState.ENDED}
WORDS = ["yes", "no", "i'm done", "done", "next", "seven", "11", "friends", "time", "", "we argued",
         "hobbies", "myself", "zero"]

intents = st.builds(
    lambda kind, number: IntentEvent(Intent(kind, number=number)),
    st.sampled_from(list(IntentKind)),
    st.one_of(st.none(), st.integers(min_value=-3, max_value=14)),
)
utterances = st.builds(Utterance, st.sampled_from(WORDS) | st.text(max_size=12), st.booleans())
speech_ends = st.builds(SpeechFinished, st.sampled_from(["", "stale text"]))
waits = st.floats(min_value=0.0, max_value=40.0, allow_nan=False)
steps = st.one_of(
    intents, utterances, speech_ends, st.just(ListenTimedOut()),
    st.tuples(st.just("wait"), waits),
)


def settle(runner: Runner, clock: FakeClock) -> None:
    """What happens when the user says nothing more: speech ends and ticks arrive on time."""
    for _ in range(5000):
        if runner.state is RunnerState.SPEAKING:
            clock.advance(1.0)
            runner.handle(SpeechFinished())
            continue
        deadline = runner.next_deadline()
        if deadline is None:
            return
        clock.set(max(deadline, clock.now()))
        runner.handle(Tick(clock.now()))
    raise AssertionError("the runner kept going without any input")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practice_index=st.integers(min_value=0, max_value=len(PRACTICES) - 1),
       actions=st.lists(steps, max_size=60))
def test_random_events_never_crash_and_always_settle(practice_index: int, actions: list[object]) -> None:
    clock = FakeClock()
    runner = Runner(PRACTICES[practice_index], clock)
    effects = runner.start()
    for action in actions:
        event: Event
        if isinstance(action, tuple):
            clock.advance(action[1])
            event = Tick(clock.now())
        else:
            event = action  # type: ignore[assignment]
        step = runner.step
        dictating = isinstance(step, ListenStep) and runner.state in (RunnerState.LISTENING,
                                                                       RunnerState.PAUSED)
        batch = runner.handle(event)
        assert sum(isinstance(effect, Speak) for effect in batch) <= 1
        effects += batch
        if dictating and isinstance(event, Utterance) and event.final and isinstance(step, ListenStep):
            kept, _ = split_end_phrase(event.text, step.end_phrase, DEFAULT_END_PHRASE)
            if kept.strip():  # nothing the user said in a listen step is lost
                assert kept.strip() in runner.fields.get(step.field, "")
        assert runner.view.step_total == len(runner.practice.steps)
        deadline = runner.next_deadline()
        if runner.state is RunnerState.BREATHING:
            assert deadline is not None
    settle(runner, clock)
    assert runner.state in SETTLED
    ends = [index for index, effect in enumerate(effects) if isinstance(effect, End)]
    assert len(ends) <= 1
    if ends:
        assert ends[0] == len(effects) - 1
