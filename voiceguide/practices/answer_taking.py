"""Taking answers: dictation into listen steps, counting, ratings and choices, late and paused words."""

from __future__ import annotations

from voiceguide.practices import runner_lines
from voiceguide.practices.events import Effect, PlayCue, RunnerState, SaveField, SaveRating, Speak, Utterance
from voiceguide.practices.model import ChooseStep, CountStep, ListenStep, RateStep
from voiceguide.practices.step_flow import StepFlow
from voiceguide.practices.words import clean_answer
from voiceguide.vocabulary import is_done, normalize, parse_number, split_end_phrase


def on_utterance(flow: StepFlow, event: Utterance, now: float) -> list[Effect]:
    """Recognized words: the answer of the step under way (or kept for it while paused)."""
    step = flow.step
    if flow.timeline.frozen is not None or flow.confirming:
        spoken = event.text.strip()
        held = event.final and spoken and not is_done(spoken)
        if held and isinstance(step, ListenStep):
            return _append(flow, step.field, spoken, step.prompt, step.id)
        if held and isinstance(step, CountStep) and step.field:  # kept, not counted, while paused
            return _append(flow, step.field, clean_answer(spoken) + ".", step.prompt, step.id)
        return _save_late(flow, event) if event.final else []
    if flow.state is RunnerState.LISTENING and isinstance(step, ListenStep):
        return _dictation(flow, step, event)
    if flow.state is RunnerState.LISTENING and isinstance(step, CountStep):
        return _count(flow, step, event, now)
    if flow.state is RunnerState.WAITING and event.final:
        if isinstance(step, RateStep):
            return rating(flow, step, parse_number(event.text))
        if isinstance(step, ChooseStep):
            return _choose_by_words(flow, step, event.text)
    return _save_late(flow, event) if event.final else []


def on_listen_timeout(flow: StepFlow) -> list[Effect]:
    """Silence: an answer already given ends its listen step; otherwise one gentle nudge."""
    if flow.state is not RunnerState.LISTENING or flow.timeline.frozen is not None:
        return []
    step = flow.step
    if isinstance(step, ListenStep) and flow.fields.get(step.field):
        return flow.complete_step()
    if flow.nudged or (isinstance(step, CountStep) and flow.counted):
        return []
    flow.nudged = True
    return [Speak(runner_lines.LISTEN_NUDGE), *flow.relisten()]


def rating(flow: StepFlow, step: RateStep, number: int | None) -> list[Effect]:
    if number is None or not 0 <= number <= 10:
        return [Speak(runner_lines.RATE_HINT), *flow.relisten()]
    return [SaveRating(step.which, number), *flow.complete_step()]


def choose_number(flow: StepFlow, step: ChooseStep, number: int | None) -> list[Effect]:
    if number is not None and 1 <= number <= len(step.options):
        return flow.goto(step.options[number - 1].goto)
    return [Speak(runner_lines.choose_help([o.name for o in step.options])), *flow.relisten()]


def _dictation(flow: StepFlow, step: ListenStep, event: Utterance) -> list[Effect]:
    if not event.final:
        flow.partial = event.text.strip()
        return [flow.show()]
    flow.partial = ""
    text, finished = split_end_phrase(event.text, step.end_phrase, runner_lines.DEFAULT_END_PHRASE)
    effects = _append(flow, step.field, text, step.prompt, step.id) if text else []
    if finished:
        return effects + flow.complete_step()
    return [*effects, flow.show()]


def _append(flow: StepFlow, field: str, text: str, prompt: str, step_id: str) -> list[Effect]:
    joined = " ".join(part for part in (flow.fields.get(field, ""), text.strip()) if part)
    flow.fields[field] = joined
    return [SaveField(field, joined, prompt, step_id)]


def _save_late(flow: StepFlow, event: Utterance) -> list[Effect]:
    """A final segment that settled just after its listen step ended is still kept."""
    if flow.late_field is None or not event.text.strip():
        return []
    step, field = flow.late_field
    if is_done(event.text):
        return []
    return _append(flow, field, event.text, step.prompt, step.id)


def _count(flow: StepFlow, step: CountStep, event: Utterance, now: float) -> list[Effect]:
    if not event.final:
        return []
    if is_done(event.text):
        return flow.complete_step()
    flow.counted += 1
    effects: list[Effect] = [PlayCue("tick", 0.0, now)]
    if step.field and event.text.strip():
        effects += _append(flow, step.field, clean_answer(event.text) + ".", step.prompt, step.id)
    if flow.counted >= step.count:
        return effects + flow.complete_step()
    return [*effects, flow.show()]


def _choose_by_words(flow: StepFlow, step: ChooseStep, text: str) -> list[Effect]:
    heard = normalize(text)
    for option in step.options:
        if normalize(option.name) in heard.split() or normalize(option.name) == heard:
            return flow.goto(option.goto)
    words = heard.split()
    if step.yes and "yes" in words:
        return flow.goto(step.yes)
    if step.no and "no" in words:
        return flow.goto(step.no)
    if step.options:
        return choose_number(flow, step, parse_number(text))
    return [Speak(runner_lines.CHOOSE_YES_NO_HINT), *flow.relisten()]
