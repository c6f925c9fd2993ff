"""The Vosk recognizer: model folder checked before loading, a command grammar with [unk], partial results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voiceguide.errors import EngineError
from voiceguide.quiet import last_native_output, native_output_silenced
from voiceguide.speech import commands
from voiceguide.speech.recognizer import ListenMode, Transcript

SAMPLE_RATE = 16000
BYTES_PER_SECOND = SAMPLE_RATE * 2
UNKNOWN = "[unk]"
DOWNLOAD_HINT = "run: python scripts/download_model.py (or pass --engine pocketsphinx)"


@dataclass(frozen=True)
class ModelCheck:
    """What a model folder holds; `problems` lists exactly what is missing or broken."""

    path: Path
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _nonempty(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def check_model_dir(path: Path) -> ModelCheck:
    """Check a Kaldi/Vosk model folder's files without loading it.

    Needed: am/final.mdl, conf/mfcc.conf, and a decoding graph (graph/HCLG.fst, or graph/HCLr.fst with
    graph/Gr.fst for a dynamic-graph model like vosk-model-small). When an ivector/ folder exists it must
    hold final.ie, final.mat, global_cmvn.stats and the two .conf files.
    """
    if not path.exists():
        return ModelCheck(path, (f"{path} does not exist",))
    if not path.is_dir():
        return ModelCheck(path, (f"{path} is not a folder",))
    problems: list[str] = []
    for needed in ("am/final.mdl", "conf/mfcc.conf"):
        if not _nonempty(path / needed):
            problems.append(f"{needed} is missing" if not (path / needed).exists() else f"{needed} is empty")
    graph = path / "graph"
    static = _nonempty(graph / "HCLG.fst")
    dynamic = _nonempty(graph / "HCLr.fst") and _nonempty(graph / "Gr.fst")
    if not (static or dynamic):
        problems.append("the decoding graph is missing (graph/HCLG.fst, or graph/HCLr.fst and graph/Gr.fst)")
    if not (graph / "words.txt").exists() and not (graph / "phones" / "word_boundary.int").exists():
        problems.append("graph/words.txt or graph/phones/word_boundary.int is missing")
    ivector = path / "ivector"
    if ivector.exists():
        for name in ("final.ie", "final.mat", "global_cmvn.stats", "online_cmvn.conf", "splice.conf"):
            if not _nonempty(ivector / name):
                problems.append(f"ivector/{name} is missing")
    return ModelCheck(path, tuple(problems))


def find_model(model_dir: str | Path | None, models_root: Path) -> Path | None:
    """The configured model folder, else the first folder in `models_root` that looks like a Vosk model."""
    if model_dir:
        return Path(model_dir).expanduser()
    if not models_root.is_dir():
        return None
    for candidate in sorted(models_root.iterdir()):
        if candidate.is_dir() and (candidate / "am" / "final.mdl").exists():
            return candidate
    return None


def grammar_for(mode: ListenMode) -> list[str] | None:
    """The phrase list Vosk gets for `mode` (always with [unk] so other words are not forced into commands).

    None means the full model (dictation).
    """
    phrases = commands.phrases_for(mode)
    if not phrases:
        return None
    return [*phrases, UNKNOWN]


def _vosk() -> Any:
    try:
        with native_output_silenced():
            import vosk
    except (ImportError, OSError) as exc:
        raise EngineError(f"Vosk cannot be loaded ({exc}); use --engine pocketsphinx") from None
    return vosk


def load_model(path: Path) -> Any:
    """Check, then load a Vosk model with Kaldi's output kept off the terminal."""
    check = check_model_dir(path)
    if not check.ok:
        missing = "; ".join(check.problems)
        raise EngineError(f"the Vosk model in {path} is incomplete: {missing} ({DOWNLOAD_HINT})")
    vosk = _vosk()
    with native_output_silenced():
        vosk.SetLogLevel(-1)
        try:
            return vosk.Model(str(path))
        except Exception:  # noqa: BLE001 - Vosk raises a bare Exception for every model problem
            detail = last_native_output().strip().splitlines()
            why = f": {detail[-1][:200]}" if detail else ""
            raise EngineError(f"the Vosk model in {path} could not be loaded (corrupt?){why} "
                              f"({DOWNLOAD_HINT})") from None


class VoskRecognizer:
    """Vosk's KaldiRecognizer, rebuilt with a grammar for commands and numbers and without for dictation."""

    name = "vosk"

    def __init__(self, model_path: Path, min_confidence: float = 0.6) -> None:
        self.model_path = model_path
        self._model = load_model(model_path)
        self._vosk = _vosk()
        self.min_confidence = min_confidence
        self._mode = ListenMode.COMMANDS
        self._rec: Any = None
        self._seconds = 0.0
        self.set_mode(ListenMode.COMMANDS)

    def set_mode(self, mode: ListenMode) -> None:
        grammar = grammar_for(mode)
        with native_output_silenced():
            if grammar is None:
                self._rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
            else:
                self._rec = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE, json.dumps(grammar))
            self._rec.SetWords(True)
        self._mode = mode
        self._seconds = 0.0

    def accept(self, pcm: bytes) -> list[Transcript]:
        self._seconds += len(pcm) / BYTES_PER_SECOND
        with native_output_silenced():
            final = self._rec.AcceptWaveform(pcm)
            raw = self._rec.Result() if final else self._rec.PartialResult()
        if final:
            return self._final(raw)
        text = str(json.loads(raw).get("partial", "")).strip()
        return [Transcript(text, False, 0.0, self._seconds)] if text and self._mode is ListenMode.DICTATION \
            else []

    def _final(self, raw: str) -> list[Transcript]:
        result = json.loads(raw)
        seconds, self._seconds = self._seconds, 0.0
        words = result.get("result") or []
        confidence = min((float(w.get("conf", 0.0)) for w in words), default=0.0)
        text = " ".join(str(w.get("word", "")) for w in words if w.get("word") != UNKNOWN).strip()
        if not text:
            return []
        if self._mode is not ListenMode.DICTATION and (
            any(w.get("word") == UNKNOWN for w in words) or confidence < self.min_confidence
        ):
            return []
        return [Transcript(text, True, confidence, seconds)]

    def flush(self) -> list[Transcript]:
        with native_output_silenced():
            raw = self._rec.FinalResult()
        return self._final(raw)
