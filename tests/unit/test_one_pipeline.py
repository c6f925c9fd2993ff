"""One listening pipeline: no second module opens a microphone stream, feeds a recognizer from one, or
implements the self-voice gate (read from the source, so a copy anywhere in voiceguide/ fails here)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "voiceguide"


def calls_and_reads(path: Path) -> Iterator[tuple[str, int]]:
    """Every name called (`f(…)`, `x.f(…)`) and every attribute read in one module, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else ""
            name = func.id if isinstance(func, ast.Name) else name
            yield f"call {name}", node.lineno
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            yield f"read {node.attr}", node.lineno


def where(what: str) -> set[str]:
    """The modules of voiceguide/ that do `what` ("call NAME" or "read NAME")."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if any(seen == what for seen, _ in calls_and_reads(path)):
            found.add(str(path.relative_to(PACKAGE.parent)))
    return found


def test_only_the_device_opener_opens_a_microphone() -> None:
    assert where("call MicrophoneSource") == {"voiceguide/voice/devices.py"}
    stream_openers = where("call RawInputStream") | where("call InputStream") | where("call rec")
    assert stream_openers == {"voiceguide/audio/source.py"}


def test_only_the_pipeline_implements_the_self_voice_gate() -> None:
    assert where("call quiet_since") == {"voiceguide/voice/pipeline.py"}
    # the speaker's own clock behind the gate is read only where it is kept and where the gate's time is made
    assert where("read busy_until") <= {"voiceguide/audio/sink.py", "voiceguide/voice/speech.py"}


def test_only_the_pipeline_feeds_a_recognizer_from_the_microphone() -> None:
    feeders = {path for path in where("call accept") if not path.startswith("voiceguide/speech/")}
    # speech/ holds the recognizers (which wrap one another) and DictationSession, which the pipeline drives;
    # `transcribe` reads a file, not the microphone
    assert feeders == {"voiceguide/voice/pipeline.py", "voiceguide/commands/transcribe.py"}


def test_the_check_would_catch_a_second_gate(tmp_path: Path) -> None:
    """The checks above read real calls: a copy of the gate in another module is seen."""
    copy = tmp_path / "second.py"
    copy.write_text("def heard(speech, at):\n    return at >= speech.quiet_since()\n", encoding="utf-8")
    assert ("call quiet_since", 2) in set(calls_and_reads(copy))
