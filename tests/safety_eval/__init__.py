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


def _rows(suffix: str, blind: bool, batch: str) -> list[str]:
    folder, pattern = (HERE / "blind", f"{batch}_{suffix}") if blind else (HERE, f"*{suffix}")
    rows = []
    for path in sorted(folder.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                rows.append(line)
    return rows


def blind_batches() -> list[str]:
    """The names of the untouched batches ("batch8", ...), oldest first."""
    names = {path.name.split("_")[0] for path in (HERE / "blind").glob("*_must_fire.tsv")}
    return sorted(names, key=lambda name: int(name.removeprefix("batch")))


def must_fire(blind: bool = False, batch: str = "*") -> list[tuple[str, str]]:
    """(category, statement) pairs the detector must fire on (`blind`: the untouched batches, or one of
    them by name)."""
    pairs = []
    for row in _rows("must_fire.tsv", blind, batch):
        category, statement = row.split("\t")
        pairs.append((category, statement))
    return pairs


def must_not_fire(blind: bool = False, batch: str = "*") -> list[str]:
    """Statements the detector must stay quiet on (`blind`: the untouched batches, or one by name)."""
    return _rows("must_not_fire.txt", blind, batch)


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


def score(detect: Callable[[str], object | None], blind: bool = False, batch: str = "*") -> Score:
    """Runs `detect` over the set (or the blind batches, or one of them); a finding needs a `category`
    with a `value`."""
    misses, wrong = [], []
    positives = must_fire(blind, batch)
    for category, statement in positives:
        finding = detect(statement)
        if finding is None:
            misses.append(statement)
        elif getattr(finding, "category").value != category:  # noqa: B009 - any finding-like object
            wrong.append(statement)
    negatives = must_not_fire(blind, batch)
    alarms = tuple(statement for statement in negatives if detect(statement) is not None)
    return Score(len(positives), len(negatives), tuple(misses), alarms, tuple(wrong))
