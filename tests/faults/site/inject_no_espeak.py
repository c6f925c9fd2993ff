"""Makes this Python process behave as if espeak-ng were not installed (injected by sitecustomize.py).

The library lookup finds nothing and loading any espeak library fails as it would when the package is
missing; the test also runs with a PATH that has no espeak-ng program.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Any

_find_library = ctypes.util.find_library
_cdll_init = ctypes.CDLL.__init__


def _find_without_espeak(name: str) -> str | None:
    return None if "espeak" in name else _find_library(name)


def _cdll_without_espeak(self: Any, name: Any, *args: Any, **kwargs: Any) -> None:
    if name and "espeak" in str(name):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    _cdll_init(self, name, *args, **kwargs)


ctypes.util.find_library = _find_without_espeak
ctypes.CDLL.__init__ = _cdll_without_espeak  # type: ignore[method-assign]
