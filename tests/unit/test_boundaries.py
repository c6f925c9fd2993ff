"""The core stays apart from the terminal UI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import voiceguide


def core_modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(voiceguide.__path__, "voiceguide.")
        if not info.name.startswith("voiceguide.tui") and info.name != "voiceguide.__main__"
    ]


def test_core_modules_are_found() -> None:
    names = core_modules()
    assert "voiceguide.cli" in names
    assert "voiceguide.speech.sphinx_engine" in names


def test_importing_the_core_does_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"core imported Textual: {result.stdout}"
