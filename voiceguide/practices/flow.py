"""Loops of steps a practice could never leave, so it would never reach its end."""

from __future__ import annotations

from collections.abc import Sequence

from voiceguide.practices.model import END_TARGET, AnyStep, ChooseStep, StepKind


def endless_loop(steps: Sequence[AnyStep]) -> int | None:
    """The index of a step whose `next` closes a loop with no `choose` in it, else None.

    Every target must name a step (or "end"). Going on in order only moves forward, so such a loop
    always holds a `next` that jumps back (or to its own step): that step is the one returned.
    """
    index_of = {step.id: index for index, step in enumerate(steps)}
    for start in range(len(steps)):
        path: list[int] = []
        index = start
        while steps[index].kind is not StepKind.CHOOSE:
            if index in path:
                loop = path[path.index(index):]
                return next(k for k in loop if steps[k].next and index_of[str(steps[k].next)] <= k)
            path.append(index)
            target = steps[index].next
            if target == END_TARGET or (not target and index + 1 >= len(steps)):
                break
            index = index_of[target] if target else index + 1
    return None


def ways_on(steps: Sequence[AnyStep], index: int, index_of: dict[str, int]) -> set[int | None]:
    """Where the runner can go from step `index` (None: the end): its `next` or the following step;
    for a choice also yes, no, each option, and its default (where "next" takes it)."""

    def target(name: str | None) -> int | None:
        return None if name == END_TARGET or name is None else index_of[name]

    step = steps[index]
    onward = target(step.next) if step.next else (index + 1 if index + 1 < len(steps) else None)
    if not isinstance(step, ChooseStep):
        return {onward}
    branches = [step.yes, step.no, *(option.goto for option in step.options)]
    found = {target(name) for name in branches if name}
    found.add(target(step.default) if step.default else onward)
    return found


def choice_without_end(steps: Sequence[AnyStep]) -> int | None:
    """The first choice the practice can reach from its start whose every way on leads back, never to
    the end, else None. Every target must name a step."""
    if not steps:
        return None
    index_of = {step.id: position for position, step in enumerate(steps)}
    onward = [ways_on(steps, index, index_of) for index in range(len(steps))]
    reaches_end: set[int] = set()
    changed = True
    while changed:  # a handful of steps: the fixed point comes in a few rounds
        changed = False
        for index, ways in enumerate(onward):
            if index not in reaches_end and any(to is None or to in reaches_end for to in ways):
                reaches_end.add(index)
                changed = True
    seen, queue = {0}, [0]
    while queue:
        index = queue.pop()
        for to in onward[index]:
            if to is not None and to not in seen:
                seen.add(to)
                queue.append(to)
    stuck = sorted(seen - reaches_end)
    choices = [index for index in stuck if isinstance(steps[index], ChooseStep)]
    found = choices or stuck  # a choice is where an author would add the way out
    return found[0] if found else None
