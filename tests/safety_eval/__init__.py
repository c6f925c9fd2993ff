"""The safety evaluation set (must_fire*.tsv, must_not_fire*.txt) and how it is scored.

Batches were written and committed before the detector first ran on them (see README.md there).
The batches in this folder were fixed after their first run and count in the asserted scores; the
batches under `blind/` were never fixed against and are scored apart, as the honest estimate of how
the detector does on wording it has not seen. The test and scripts/benchmarks/bench_safety.py share
this loader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _rows(pattern: str, folder: Path = HERE) -> list[str]:
    rows = []
    for path in sorted(folder.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                rows.append(line)
    return rows


def must_fire(blind: bool = False) -> list[tuple[str, str]]:
    """(category, statement) pairs the detector must fire on (`blind`: the untouched batches)."""
    pairs = []
    for row in _rows("*must_fire.tsv", HERE / "blind" if blind else HERE):
        category, statement = row.split("\t")
        pairs.append((category, statement))
    return pairs


def must_not_fire(blind: bool = False) -> list[str]:
    """Statements the detector must stay quiet on (`blind`: the untouched batches)."""
    return _rows("*must_not_fire.txt", HERE / "blind" if blind else HERE)


@dataclass(frozen=True)
class Score:
    """How a detector did on the set, with the misses, false alarms and wrong categories for the report."""

    positives: int
    negatives: int
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]
    wrong_category: tuple[str, ...]

    @property
    def recall(self) -> float:
        return 1 - len(self.misses) / self.positives

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_alarms) / self.negatives

    @property
    def category_agreement(self) -> float:
        fired = self.positives - len(self.misses)
        return 1 - len(self.wrong_category) / fired if fired else 0.0


def score(detect: Callable[[str], object | None], blind: bool = False) -> Score:
    """Runs `detect` over the set (or the blind batches); a finding needs a `category` with a `value`."""
    misses, wrong = [], []
    positives = must_fire(blind)
    for category, statement in positives:
        finding = detect(statement)
        if finding is None:
            misses.append(statement)
        elif getattr(finding, "category").value != category:  # noqa: B009 - any finding-like object
            wrong.append(statement)
    negatives = must_not_fire(blind)
    alarms = tuple(statement for statement in negatives if detect(statement) is not None)
    return Score(len(positives), len(negatives), tuple(misses), alarms, tuple(wrong))
