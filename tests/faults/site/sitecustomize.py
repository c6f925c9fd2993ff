"""Injects the faults named in $VOICEGUIDE_FAULT_INJECT (comma-separated) into a child Python process.

Each fault is a module `inject_<name>.py` beside this file, imported at start-up. A child gets this folder
on PYTHONPATH from tests/faults/harness.py:child_env(inject=[...]); its own children inherit it.
"""

from __future__ import annotations

import importlib
import os

for _name in filter(None, os.environ.get("VOICEGUIDE_FAULT_INJECT", "").split(",")):
    importlib.import_module(f"inject_{_name.strip()}")
