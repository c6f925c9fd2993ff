"""Private mount namespaces (unshare) for faults that need a read-only folder or a tiny full disk.

Running as root, file permissions cannot make a journal read-only, and mounting on the host would touch
other processes: a user plus mount namespace gives the child its own read-only bind mount or tmpfs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def _require_unshare() -> None:
    if shutil.which("unshare") is None:
        pytest.fail("unshare (util-linux) is needed for the read-only and full-disk cases", pytrace=False)
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.fail(f"user namespaces are unavailable: {probe.stderr.decode(errors='replace')}",
                    pytrace=False)


def _tools() -> tuple[str, str, str]:
    """Absolute paths, so the prefix works whatever PATH the child is given."""
    found = [shutil.which(name) for name in ("unshare", "sh", "mount")]
    if not all(found):
        pytest.fail("unshare, sh and mount (util-linux) are needed for this case", pytrace=False)
    return (str(found[0]), str(found[1]), str(found[2]))


def read_only(folder: Path) -> list[str]:
    """A command prefix that runs the rest with `folder` mounted read-only."""
    _require_unshare()
    unshare, sh, mount = _tools()
    return [unshare, "-rm", sh, "-c",
            f'{mount} --bind "$0" "$0" && {mount} -o remount,bind,ro "$0" && exec "$@"', str(folder)]


def tiny_disk(folder: Path, size_kb: int) -> list[str]:
    """A command prefix that runs the rest with a fresh `size_kb` tmpfs on `folder` (seen only there)."""
    _require_unshare()
    unshare, sh, mount = _tools()
    return [unshare, "-rm", sh, "-c", f'{mount} -t tmpfs -o size={size_kb}k tmpfs "$0" && exec "$@"',
            str(folder)]
