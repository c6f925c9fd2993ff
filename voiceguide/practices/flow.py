"""Loops of steps a practice could never leave: no choice in them, so it never reaches its end."""

from __future__ import annotations

from collections.abc import Sequence

from voiceguide.practices.model import END_TARGET, AnyStep, StepKind


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
