"""The breathing schedule: phase boundaries on absolute monotonic deadlines, with pause and pace."""

from __future__ import annotations

from itertools import accumulate

from voiceguide.practices.model import Phase

PACE_STEP = 0.1
SLOWEST_PACE = 1.5  # every phase half as long again: 4 s becomes 6 s
FASTEST_PACE = 0.7  # every phase 30 % shorter: 4 s becomes 2.8 s
PREPARE = -1  # phase index of the settling time before the first inhale


class Pacer:
    """Where a breathing step is in time.

    Phase k (0-based over all cycles) starts at `anchor_time + pace * (elapsed[k] - elapsed[anchor])`,
    where elapsed[] are exact prefix sums of the written phase lengths: every boundary is computed
    from one anchor, never by adding up sleeps or tick intervals, so late or jittery ticks cannot
    make the schedule drift. The anchor moves only when the pace changes (to the end of the current
    phase, so the phase under way keeps its length) and when a pause ends (by exactly the time spent
    paused).
    """

    def __init__(self, phases: tuple[Phase, ...], cycles: int, prepare: float, start: float) -> None:
        self.phases = phases
        self.cycles = cycles
        self.total = cycles * len(phases)
        lengths = [phases[k % len(phases)].seconds for k in range(self.total)]
        self._elapsed = [0.0, *accumulate(lengths)]
        self._anchor_time = start + prepare
        self._anchor_index = 0
        self.pace = 1.0
        self.index = PREPARE
        self.phase_started_at = start
        self._paused_at: float | None = None

    def start_of(self, k: int) -> float:
        """When phase k starts (k == total: when the last phase ends), under the current anchor."""
        return self._anchor_time + self.pace * (self._elapsed[k] - self._elapsed[self._anchor_index])

    @property
    def finished(self) -> bool:
        return self.index >= self.total

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def deadline(self) -> float | None:
        """When the current phase ends; None once finished or while paused."""
        if self.finished or self.paused:
            return None
        return self.start_of(self.index + 1)

    def phase(self) -> Phase | None:
        if self.index < 0 or self.finished:
            return None
        return self.phases[self.index % len(self.phases)]

    def phase_name(self) -> str:
        phase = self.phase()
        return phase.kind.value if phase else ("prepare" if self.index == PREPARE else "")

    def cycle(self) -> int:
        """The 1-based cycle under way (0 while preparing)."""
        if self.index < 0:
            return 0
        return min(self.index // len(self.phases) + 1, self.cycles)

    def phase_seconds(self) -> float:
        """The current phase's length at the current pace."""
        end = self.deadline()
        return 0.0 if end is None else end - self.phase_started_at

    def remaining(self, now: float) -> float | None:
        """Seconds left in the current phase (frozen while paused)."""
        if self.finished:
            return None
        at = self._paused_at if self._paused_at is not None else now
        return max(0.0, self.start_of(self.index + 1) - at)

    def advance(self, now: float) -> list[int]:
        """Move past every boundary at or before `now`; returns the phase indexes entered."""
        entered: list[int] = []
        while not self.paused and not self.finished:
            boundary = self.start_of(self.index + 1)
            if now < boundary:
                break
            self.index += 1
            self.phase_started_at = boundary
            entered.append(self.index)
        return entered

    def pause(self, now: float) -> None:
        if self._paused_at is None and not self.finished:
            self._paused_at = now

    def resume(self, now: float) -> None:
        """Shift every remaining deadline by exactly the time spent paused."""
        if self._paused_at is None:
            return
        paused_for = max(0.0, now - self._paused_at)
        self._anchor_time += paused_for
        self.phase_started_at += paused_for
        self._paused_at = None

    def change_pace(self, direction: int) -> bool:
        """Slower (+1) or faster (-1) by one 10 % step from the next phase on; False at a bound."""
        wanted = round(self.pace + direction * PACE_STEP, 2)
        if not FASTEST_PACE - 1e-9 <= wanted <= SLOWEST_PACE + 1e-9:
            return False
        next_index = self.index + 1
        self._anchor_time = self.start_of(next_index)
        self._anchor_index = next_index
        self.pace = wanted
        return True
