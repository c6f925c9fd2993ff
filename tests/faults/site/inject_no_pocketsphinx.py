"""Makes `import pocketsphinx` fail in this Python process, as a broken wheel would (injected)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType


class _BrokenPocketsphinx(MetaPathFinder):
    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname == "pocketsphinx" or fullname.startswith("pocketsphinx."):
            raise ImportError("libpocketsphinx.so: cannot open shared object file (simulated)",
                              name=fullname)
        return None


sys.meta_path.insert(0, _BrokenPocketsphinx())
