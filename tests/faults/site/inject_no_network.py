"""Refuses every network socket in this Python process (injected by sitecustomize.py).

An audit hook raises on creating or connecting any socket that is not AF_UNIX, and on name lookups;
each attempt is also appended to $VOICEGUIDE_NETWORK_LOG so a test sees attempts the program swallowed.
AF_UNIX stays allowed on purpose: it is local IPC that cannot leave the machine (PulseAudio's socket,
asyncio's self-pipe). The tests also run the program in a fresh network namespace, which catches native
code (libpulse, PortAudio) that the audit hook cannot see.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

LOOKUPS = {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
           "socket.getnameinfo"}


def _refuse(what: str) -> None:
    log = os.environ.get("VOICEGUIDE_NETWORK_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {' '.join(sys.argv[:3])}: {what}\n")
    raise PermissionError(f"network access refused in this test: {what}")


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.__new__":
        family = args[1]
        if family not in (socket.AF_UNIX, -1):
            _refuse(f"socket(family={family})")
    elif event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock = args[0]
        if sock.family != socket.AF_UNIX:
            _refuse(f"{event} {args[1]!r}")
    elif event in LOOKUPS:
        _refuse(f"{event} {args!r}")


sys.addaudithook(_hook)
