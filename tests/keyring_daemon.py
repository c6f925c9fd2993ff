"""A real Secret Service for tests: gnome-keyring-daemon on a private D-Bus session bus, in a temp folder.

The bus has its own config with no service folders, so nothing is started by D-Bus activation (no unlock
prompter either: an unlock request is dismissed at once). gnome-keyring keeps its keyrings under the
folder's own XDG_DATA_HOME/HOME, so the developer's real keyring is never touched; the login keyring is
created and unlocked with PASSWORD through stdin. Both daemons run in the foreground as children of the
test process (and get SIGTERM if it dies), so `stop` ends them and nothing is left behind.

The fixtures can be imported into a conftest (or a test module): `secret_service` (once per session) and
`keyring_env` (per test: the process's environment points at it, voiceguide's keyring choice forgotten).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROGRAMS = ("dbus-daemon", "gnome-keyring-daemon")
SKIP_ENV = "VOICEGUIDE_SKIP_KEYRING_TESTS"
INSTALL_HINT = "install them: sudo apt-get install dbus-daemon gnome-keyring (packages dbus, gnome-keyring)"
PASSWORD = "voiceguide test keyring"
DEFAULT_COLLECTION = "/org/freedesktop/secrets/aliases/default"
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes
# what would make a client or the daemon reach something other than this service
CLEARED = ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "GNOME_KEYRING_CONTROL",
           "PYTHON_KEYRING_BACKEND")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class SecretService:
    """The running bus and keyring daemon; `env` is what a process needs to use them."""

    env: dict[str, str]
    folder: Path
    bus: subprocess.Popen[bytes]
    daemon: subprocess.Popen[bytes] | None = None
    scratch: Path | None = None  # a short folder for the bus socket when `folder` is too deep for one
    logs: list[Path] = field(default_factory=list)

    @property
    def address(self) -> str:
        return self.env["DBUS_SESSION_BUS_ADDRESS"]

    def log_tail(self, limit: int = 600) -> str:
        """What the daemons wrote to stderr (for failure messages)."""
        text = "\n".join(path.read_text(errors="replace").strip() for path in self.logs if path.exists())
        return text.strip()[-limit:]

    def lock(self) -> None:
        """Lock the default (login) collection, as the desktop does on a lock setting."""
        from jeepney.io.blocking import open_dbus_connection
        from secretstorage import Collection

        with contextlib.closing(open_dbus_connection(bus=self.address)) as connection:
            Collection(connection, DEFAULT_COLLECTION).lock()

    def is_locked(self) -> bool:
        from jeepney.io.blocking import open_dbus_connection
        from secretstorage import Collection

        with contextlib.closing(open_dbus_connection(bus=self.address)) as connection:
            return Collection(connection, DEFAULT_COLLECTION).is_locked()

    def stop(self) -> None:
        """End the keyring daemon, then the bus; remove the socket's scratch folder."""
        for process in (self.daemon, self.bus):
            if process is None or process.poll() is not None:
                continue
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def missing_programs() -> list[str]:
    return [program for program in PROGRAMS if shutil.which(program) is None]


def require_programs() -> None:
    """Fail when the bus or gnome-keyring is not installed (the test command installs them); skip only
    where SKIP_ENV=1 says this machine cannot have them."""
    missing = missing_programs()
    if not missing:
        return
    message = f"keyring tests need {', '.join(missing)}; {INSTALL_HINT}"
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(message)
    pytest.fail(message, pytrace=False)


def start_secret_service(folder: Path, timeout: float = 10) -> SecretService:
    """Start the bus and gnome-keyring with its login keyring unlocked; RuntimeError says what failed."""
    missing = missing_programs()
    if missing:
        raise RuntimeError(f"{', '.join(missing)} not found; {INSTALL_HINT}")
    folder.mkdir(parents=True, exist_ok=True)
    places = {name: folder / name for name in ("home", "runtime", "data", "config", "cache")}
    for place in places.values():
        place.mkdir(mode=0o700, exist_ok=True)
    scratch = None
    socket_path = folder / "bus"
    if len(str(socket_path)) > MAX_SOCKET_PATH:
        scratch = Path(tempfile.mkdtemp(prefix="vg-bus-"))
        socket_path = scratch / "bus"
    config = folder / "bus.conf"
    config.write_text(BUS_CONFIG.format(socket=socket_path))
    env = {
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={socket_path}",
        "HOME": str(places["home"]),
        "XDG_RUNTIME_DIR": str(places["runtime"]),
        "XDG_DATA_HOME": str(places["data"]),
        "XDG_CONFIG_HOME": str(places["config"]),
        "XDG_CACHE_HOME": str(places["cache"]),
    }
    process_env = {name: value for name, value in os.environ.items()
                   if name not in CLEARED and not name.startswith("KEYRING_PROPERTY_")}
    process_env.update(env)
    deadline = time.monotonic() + timeout
    bus_log, daemon_log = folder / "dbus-daemon.log", folder / "gnome-keyring.log"
    with bus_log.open("wb") as log:
        bus = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile"],
                               env=process_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=log, start_new_session=True, preexec_fn=_end_with_parent)
    service = SecretService(env=env, folder=folder, bus=bus, scratch=scratch, logs=[bus_log, daemon_log])
    try:
        _wait(lambda: _accepts(socket_path), service, deadline, "the D-Bus session bus")
        with daemon_log.open("wb") as log:
            service.daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                env=process_env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log,
                start_new_session=True, preexec_fn=_end_with_parent)
        assert service.daemon.stdin is not None
        service.daemon.stdin.write(PASSWORD.encode())
        service.daemon.stdin.close()
        _wait(lambda: _unlocked(service), service, deadline, "gnome-keyring's unlocked login keyring")
    except BaseException:
        service.stop()
        raise
    return service


def _end_with_parent() -> None:
    """In the child, before exec: SIGTERM when the test process dies (Linux), so no daemon outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _wait(ready: Callable[[], bool], service: SecretService, deadline: float, what: str) -> None:
    while True:
        for program, process in zip(PROGRAMS, (service.bus, service.daemon), strict=True):
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"{what} did not come up: {program} exited with {process.returncode}: "
                                   f"{service.log_tail()}")
        if ready():
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up in time: {service.log_tail()}")
        time.sleep(0.02)


def _accepts(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _unlocked(service: SecretService) -> bool:
    try:
        return not service.is_locked()
    except Exception:  # noqa: BLE001 - not there yet (name not owned, collection not created)
        return False


@pytest.fixture(scope="session")
def secret_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecretService]:
    """One private Secret Service for the test session; skipped only when its programs are not installed."""
    require_programs()
    try:
        service = start_secret_service(tmp_path_factory.mktemp("secret-service"))
    except RuntimeError as exc:
        pytest.fail(f"the private Secret Service did not start: {exc}", pytrace=False)
    try:
        yield service
    finally:
        service.stop()


@pytest.fixture
def keyring_env(secret_service: SecretService, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretService]:
    """This process uses the private Secret Service (its environment, keyring's own settings cleared) and
    voiceguide chooses its keyring backend afresh."""
    from voiceguide.journal import keychain

    for name in list(os.environ):
        if name in CLEARED or name.startswith("KEYRING_PROPERTY_"):
            monkeypatch.delenv(name)
    for name, value in secret_service.env.items():
        monkeypatch.setenv(name, value)
    keychain.forget_backend()
    yield secret_service
    keychain.forget_backend()
