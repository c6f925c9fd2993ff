"""What a person can say or type at a step, as one short line for a text front end."""

from __future__ import annotations

from voiceguide.practices.events import Listen, RunnerState, StepView
from voiceguide.practices.model import StepKind
from voiceguide.speech.recognizer import ListenMode


def listening_hint(view: StepView | None, listen: Listen) -> str:
    """The words the step takes now: the answer it asks for first, then the command that moves on."""
    if view is not None and view.confirming_end:
        return "say or type yes to end the practice, or no to carry on"
    if view is not None and view.state is RunnerState.PAUSED:
        return "say or type resume to carry on"
    if view is not None and view.kind is StepKind.COUNT:
        return "name each thing, one at a time; say or type done to move on"
    if listen.mode is ListenMode.DICTATION:
        end = f"; say {listen.end_phrase} when you have finished" if listen.end_phrase else ""
        return f"speak or type your answer{end}"
    if listen.mode is ListenMode.NUMBER or (view is not None and view.kind is StepKind.RATE):
        return "say or type a number from 0 to 10"
    if view is not None and view.kind is StepKind.CHOOSE:
        if view.options:
            numbered = ", ".join(f"{name} ({n})" for n, name in enumerate(view.options, 1))
            return f"say or type one of: {numbered}"
        return "say or type yes or no"
    if view is not None and view.kind is StepKind.BREATHE:
        return "breathe along; say or type slower, faster, pause or skip"
    return "say or type next when you are ready"
