"""`voiceguide practices list|show` output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from voiceguide.cli import main
from voiceguide.practices.library import load_library, title_key
from voiceguide.practices.model import Category


def test_list_groups_every_practice_by_category(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practices", "list"]) == 0
    out = capsys.readouterr().out
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings == [category.label for category in Category]
    library = load_library()
    for category, group in library.by_category().items():
        section = out.split(category.label + "\n", 1)[1].split("\n\n", 1)[0]
        assert [line.split()[0] for line in section.splitlines()] == [practice.id for practice in group]


def test_titles_are_alphabetized_without_a_leading_article() -> None:
    titles = ["The physiological sigh", "Box breathing", "A quiet minute", "Resonance breathing", "Theory"]
    assert sorted(titles, key=title_key) == ["Box breathing", "The physiological sigh", "A quiet minute",
                                             "Resonance breathing", "Theory"]


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practices", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [item["id"] for item in data["practices"]]
    assert "stop" in ids and len(ids) == len(load_library().practices)
    categories = [item["category"] for item in data["practices"]]
    assert categories == sorted(categories, key=lambda value: list(Category).index(Category(value)))
    assert data["problems"] == []


def test_show_lists_the_steps(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practices", "show", "box-breathing"]) == 0
    out = capsys.readouterr().out
    assert "inhale 4 s, hold 4 s, exhale 4 s, hold 4 s" in out
    assert main(["practices", "show", "seek-help"]) == 0
    assert "support card" in capsys.readouterr().out
    assert main(["practices", "show", "anxious-surge"]) == 0
    branches = "[friends -> friends; hobbies -> hobbies; myself -> myself; next -> closing]"
    assert branches in capsys.readouterr().out


def test_show_unknown_practice_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["practices", "show", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown practice 'nope'" in err


def test_validate_a_broken_file_from_the_shell(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "broken.toml"
    path.write_text('id = "x"\ntitle = \n')
    result = subprocess.run([sys.executable, "-m", "voiceguide", "practices", "validate", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"voiceguide: {path}:2: TOML syntax error")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
