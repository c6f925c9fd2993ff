"""SIGINT, SIGTERM and SIGHUP, taken on the app's event loop while the terminal app runs."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import Any

EXIT_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class LoopSignals:
    """While installed, each exit signal calls `on_signal(signum)` as an ordinary event-loop callback.

    The CLI's own handlers raise an exception wherever Python happens to be; inside the app that can be
    the middle of one of Textual's message pumps, whose shutdown then fails with a traceback on screen.
    """

    def __init__(self, on_signal: Callable[[int], None]) -> None:
        self._on_signal = on_signal
        self._previous: dict[int, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            previous = signal.getsignal(signum)
            try:
                loop.add_signal_handler(signum, self._on_signal, signum)
            except (ValueError, RuntimeError, NotImplementedError):  # not the main thread, or no such signal
                continue
            self._previous[signum] = previous
        self._loop = loop

    def restore(self) -> None:
        """Back to the handlers from before (asyncio alone would leave the system defaults)."""
        if self._loop is None:
            return
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, RuntimeError):
                self._loop.remove_signal_handler(signum)
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        self._previous.clear()
        self._loop = None
