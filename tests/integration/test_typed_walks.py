"""Every built-in practice walked by `run --no-tui` with typed lines, each typed the moment its step appears
(while its text is still being read): each answer is filed under its own question, nothing typed during
a step that asks nothing is filed anywhere, and every question on the path is asked."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from voiceguide.practices.library import load_builtins
from voiceguide.practices.model import (
    END_TARGET,
    BreatheStep,
    ChooseStep,
    CountStep,
    ListenStep,
    PauseStep,
    Practice,
    RateStep,
    SayStep,
    Step,
)

NO_SOUND_SERVER = {"PULSE_SERVER": "unix:/nonexistent/pulse"}  # no microphone and no speaker: typed lines
PRACTICES = sorted(load_builtins(), key=lambda p: p.id)
WALK_SECONDS = 120.0
STRAY = "typed during"  # what is typed in a step that asks nothing: never to be filed


def place(practice: Practice, target: str) -> int:
    return len(practice.steps) if target == END_TARGET else practice.index_of(target)


def forward_choice(practice: Practice, index: int, step: ChooseStep) -> tuple[str, str]:
    """What to type in a choice, and the target it leads to: the nearest step ahead (most questions)."""
    choices = [(str(n), option.goto) for n, option in enumerate(step.options, start=1)]
    choices += [(word, target) for word, target in (("yes", step.yes), ("no", step.no)) if target]
    ahead = [(place(practice, t), typed, t) for typed, t in choices]
    forward = sorted(a for a in ahead if a[0] > index)
    _, typed, target = forward[0] if forward else sorted(ahead)[0]
    return typed, target


def expected_path(practice: Practice) -> tuple[list[int], dict[int, list[str]]]:
    """The step indexes the walk goes through and the lines typed at each, from the definitions alone."""
    path: list[int] = []
    typed: dict[int, list[str]] = {}
    index = 0
    while 0 <= index < len(practice.steps) and index not in path:
        step = practice.steps[index]
        path.append(index)
        lines, target = lines_for(practice, index, step)
        typed[index] = lines
        if target is None:
            following = practice.steps[index + 1].id if index + 1 < len(practice.steps) else END_TARGET
            target = step.next or following
        if target == END_TARGET:
            break
        index = practice.index_of(target)
    return path, typed


def lines_for(practice: Practice, index: int, step: Step) -> tuple[list[str], str | None]:
    """The lines typed when `step` appears, and where a choice leads (None: its `next` or the following)."""
    if isinstance(step, ListenStep):
        return [f"answer for {step.id}"], None
    if isinstance(step, CountStep):
        return [f"thing {n} for {step.id}" for n in range(1, step.count + 1)], None
    if isinstance(step, RateStep):
        return [str(3 + index % 5)], None
    if isinstance(step, ChooseStep):
        typed, target = forward_choice(practice, index, step)
        return [typed], target
    if isinstance(step, BreatheStep):
        return [f"{STRAY} {step.id}", "skip"], None  # the stray line is dropped; skip keeps the walk short
    if isinstance(step, PauseStep):
        return [f"{STRAY} {step.id}", "next"], None
    assert isinstance(step, SayStep)
    if step.wait:
        return [f"{STRAY} {step.id}", "next"], None
    return [f"{STRAY} {step.id}"], None


def walk(practice: Practice, tmp_path: Path) -> tuple[list[int], str]:
    """Run the practice, typing each step's lines the moment its "[i/n]" line appears."""
    _, typed = expected_path(practice)
    config = tmp_path / "config"
    config.mkdir()
    # No speaker: each text stays on screen for its reading time (at this pace, the 1.5 s least of it).
    (config / "config.toml").write_text("[voice]\nrate = 600\n", encoding="utf-8")
    env = os.environ | NO_SOUND_SERVER | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data"),
                                          "VOICEGUIDE_CONFIG_DIR": str(tmp_path / "config")}
    process = subprocess.Popen([sys.executable, "-m", "voiceguide", "run", practice.id, "--no-tui"], env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    assert process.stdin is not None and process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream: object) -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, args=(process.stdout,), daemon=True).start()
    shown: list[int] = []
    output: list[str] = []
    deadline = time.monotonic() + WALK_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        output.append(line)
        if line.startswith("[") and "/" in line.split("]")[0]:
            index = int(line[1:].split("/")[0]) - 1
            shown.append(index)
            for answer in typed.get(index, []):
                process.stdin.write(answer + "\n")
            process.stdin.flush()
    process.stdin.close()
    process.wait(timeout=30)
    return shown, "\n".join(output)


def journal(tmp_path: Path) -> list[dict[str, object]]:
    listed = subprocess.run([sys.executable, "-m", "voiceguide", "journal", "list", "--json"],
                            env=os.environ | {"VOICEGUIDE_DATA_DIR": str(tmp_path / "data")},
                            capture_output=True, text=True, check=True)
    entries: list[dict[str, object]] = json.loads(listed.stdout)
    return entries


@pytest.mark.parametrize("practice", PRACTICES, ids=[p.id for p in PRACTICES])
def test_typed_at_once_each_answer_is_filed_under_its_own_question(practice: Practice,
                                                                  tmp_path: Path) -> None:
    path, _ = expected_path(practice)
    shown, output = walk(practice, tmp_path)
    assert shown == path, f"the steps shown differ from the practice's path:\n{output}"
    assert output.splitlines()[-1] == "The practice is finished.", output
    entries = journal(tmp_path)
    for entry in entries:
        assert STRAY not in str(entry["text"]), f"a line typed where nothing was asked was filed: {entry}"
    by_step = {str(entry["step"]): str(entry["text"]) for entry in entries}
    for index in path:
        step = practice.steps[index]
        if isinstance(step, ListenStep):
            assert by_step.get(step.id) == f"answer for {step.id}", (step.id, by_step, output)
        elif isinstance(step, CountStep) and step.field:
            for n in range(1, step.count + 1):
                assert f"thing {n} for {step.id}" in by_step.get(step.id, ""), (step.id, by_step, output)
    kept = (ListenStep, CountStep)
    asked = {practice.steps[i].id for i in path if isinstance(practice.steps[i], kept)}
    asked |= {s.id for s in practice.steps if isinstance(s, SayStep) and s.save_as}  # composed from answers
    filed = {step for step in by_step if step in {s.id for s in practice.steps}}
    assert filed <= asked, f"answers filed under questions that were not on the path: {filed - asked}"
