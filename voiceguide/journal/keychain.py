"""The journal key in the desktop's keyring: load, store and delete it, and whether a keyring is there.

The journal's 32-byte key lives in the Secret Service keyring (GNOME Keyring, KWallet, KeePassXC), which
the desktop unlocks when the person logs in: a person in a hard moment reaches their journal without
typing anything. Only a keyring that keeps secrets encrypted counts, every call is bounded in time (a hung
keyring is given up, the screen never freezes), and nothing is ever written to the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from voiceguide.errors import JournalError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "voiceguide journal"
# keyring_available: how long finding the keyring may take (it takes milliseconds when there is one, and
# fails at once when there is no session bus); past this the keyring counts as unavailable.
PROBE_SECONDS = 1.5
BUS_SECONDS = 1.0  # for the session bus to accept a connection (jeepney's own limit; it takes < 1 ms)
# load, store, delete: long enough for a person to answer the desktop's unlock prompt of a locked keyring.
ANSWER_SECONDS = 30.0
PASSPHRASE_WAY = "or use a passphrase (VOICEGUIDE_PASSPHRASE or --passphrase-file)"
QUIET_LOGGERS = ("keyring", "secretstorage", "jeepney")
QUIET_WARNINGS = r"(keyring|keyrings|secretstorage|jeepney|voiceguide\.journal\.keychain)(\.|$)"
NOT_SECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer")

T = TypeVar("T")


class KeyringUnavailable(JournalError):
    """No secure desktop keyring can be reached (no desktop session, no Secret Service running)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"no desktop keyring for the journal key ({reason}): log in to a desktop session "
                         f"or start gnome-keyring, {PASSPHRASE_WAY}")


class KeyringLocked(JournalError):
    """The desktop keyring is there but stays locked (its unlock prompt was dismissed or never shown)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"the desktop keyring is locked ({reason}): unlock it (e.g. log in again), "
                         f"{PASSPHRASE_WAY}")


_lock = threading.Lock()
_decided = False
_backend: KeyringBackend | None = None
_reason = "not looked for yet"


def forget_backend() -> None:
    """Choose the keyring again at the next call (tests; a process that gained a desktop session)."""
    global _decided, _backend, _reason
    with _lock:
        _decided, _backend, _reason = False, None, "not looked for yet"


def keyring_available() -> bool:
    """Whether a secure desktop keyring is usable; never raises, and answers within PROBE_SECONDS."""
    return _chosen()[0] is not None


def load_key(journal_id: str) -> bytes | None:
    """The key kept for this journal, or None when the keyring holds none for it."""
    name = _checked_id(journal_id)
    ring = _require()
    text = _answer(lambda: ring.get_password(SERVICE, name))
    if text is None:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise JournalError(f"the keyring's entry for this journal ({SERVICE!r}, {journal_id}) is not a key: "
                           "open the journal with its recovery code or passphrase") from None


def store_key(journal_id: str, key: bytes) -> None:
    """Keep `key` for this journal (hex text under SERVICE, username = journal_id), replacing any before."""
    name = _checked_id(journal_id)
    if not key:
        raise ValueError("an empty journal key cannot be stored")
    ring = _require()
    _answer(lambda: ring.set_password(SERVICE, name, bytes(key).hex()))


def delete_key(journal_id: str) -> None:
    """Remove this journal's key from the keyring; a key that is not there is fine."""
    name = _checked_id(journal_id)
    ring = _require()

    def delete() -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            ring.delete_password(SERVICE, name)

    _answer(delete)


def _checked_id(journal_id: str) -> str:
    if not journal_id:
        raise ValueError("a journal id is needed to find its key in the keyring")
    return journal_id


def _require() -> KeyringBackend:
    ring, reason = _chosen()
    if ring is None:
        raise KeyringUnavailable(reason)
    return ring


def _chosen() -> tuple[KeyringBackend | None, str]:
    """The backend decided once per process, with why there is none."""
    global _decided, _backend, _reason
    with _lock:
        if not _decided:
            try:
                _backend, _reason = _bounded(_detect, PROBE_SECONDS, "the keyring")
            except Exception as exc:  # noqa: BLE001 - whatever the cause, there is no keyring to use
                _backend, _reason = None, _summary(exc)
            _decided = True
        return _backend, _reason


def _answer(work: Callable[[], T]) -> T:
    """Run one keyring call within ANSWER_SECONDS, its failures turned into KeyringUnavailable/Locked."""
    try:
        return _bounded(work, ANSWER_SECONDS, "the keyring")
    except Exception as exc:  # noqa: BLE001 - every failure of the library becomes one line
        raise _mapped(exc) from None


def _bounded(work: Callable[[], T], seconds: float, what: str) -> T:
    """`work()` on a daemon thread, given up after `seconds` (a D-Bus call has no timeout of its own; a
    thread left waiting on a hung daemon holds only its socket and never keeps the process alive)."""
    outcome: list[T] = []
    failure: list[Exception] = []

    def run() -> None:
        _quiet()
        try:
            outcome.append(work())
        except Exception as exc:  # noqa: BLE001 - handed to the calling thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="voiceguide-keyring", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(f"{what} did not answer within {seconds:g} s")
    if failure:
        raise failure[0]
    return outcome[0]


def _quiet() -> None:
    """Keep the keyring libraries' warnings and log records off the terminal (the app owns the screen)."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False
    warnings.filterwarnings("ignore", module=QUIET_WARNINGS)


def _detect() -> tuple[KeyringBackend | None, str]:
    """The best secure backend (the user's configured one if set), or None and why there is none.

    keyring's `fail` and `null` backends, anything rated below 1 (keyring's own "not recommended") and
    keyrings.alt's backends (plaintext or weakly encrypted files) are no keyring; a chainer stands for its
    best secure member. D-Bus is reached on local sockets only: an address that is not `unix:` is refused.
    """
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address and not all(part.startswith("unix:") for part in address.split(";") if part):
        return None, "the session bus address is not a local socket"
    if address:
        problem = _bus_problem()
        if problem:
            return None, problem
    try:
        from keyring import backend as keyring_backend
        from keyring import core
        from keyring.backends.chainer import ChainerBackend
    except ImportError:
        return None, "the Python package keyring is not installed"
    reset = getattr(keyring_backend.get_all_keyring, "reset", None)
    if reset is not None:  # keyring remembers which backends were viable when first asked: ask again
        with contextlib.suppress(KeyError):
            reset()
    try:
        configured = core.load_env() or core.load_config()
    except Exception as exc:  # noqa: BLE001 - a configured backend that cannot load is no keyring
        return None, f"the configured keyring backend cannot be used: {_summary(exc)}"
    if configured is not None and not isinstance(configured, ChainerBackend):
        if _priority(configured) >= 1 and _secure_kind(configured):
            return configured, ""
        return None, f"the configured keyring backend {type(configured).__module__} is not a secure one"
    if configured is None and address:
        secret_service = _secret_service()
        if secret_service is not None:  # the usual case on Linux, found without loading every backend
            return secret_service, ""
    rated = [(_priority(ring), ring) for ring in keyring_backend.get_all_keyring() if _secure_kind(ring)]
    secure = [(priority, ring) for priority, ring in rated if priority >= 1]
    if secure:
        return max(secure, key=lambda pair: pair[0])[1], ""
    return None, _why_no_secret_service(address)


def _secret_service() -> KeyringBackend | None:
    """keyring's Secret Service backend when it is usable here (None: ask every backend)."""
    try:
        from keyring.backends.SecretService import Keyring
    except ImportError:
        return None
    try:
        ring = Keyring()
        return ring if _priority(ring) >= 1 else None
    except Exception:  # noqa: BLE001 - not usable: the full search says why
        return None


def _bus_problem() -> str:
    """Why the session bus cannot be used, or "" (checked once here: every backend would otherwise wait
    for a bus that never answers in turn)."""
    try:
        from jeepney.io.blocking import open_dbus_connection
    except ImportError:
        return ""  # no jeepney, no SecretService backend: the other backends speak for themselves
    try:
        with contextlib.closing(open_dbus_connection(bus="SESSION", auth_timeout=BUS_SECONDS)):
            return ""
    except TimeoutError:
        return f"the session bus did not answer within {BUS_SECONDS:g} s"
    except Exception as exc:  # noqa: BLE001 - its message is the reason
        return _summary(exc)


def _secure_kind(ring: KeyringBackend) -> bool:
    module = type(ring).__module__
    return not (module in NOT_SECURE_MODULES or module.split(".")[0] == "keyrings")


def _priority(ring: KeyringBackend) -> float:
    try:
        return float(ring.priority)
    except Exception:  # noqa: BLE001 - a backend that cannot rate itself is not viable
        return -1.0


def _why_no_secret_service(address: str) -> str:
    if not address:
        return "DBUS_SESSION_BUS_ADDRESS is unset, so there is no desktop session"
    try:
        from keyring.backends.SecretService import Keyring as SecretService

        SecretService.priority  # noqa: B018 - raises with the reason (the bus answers: this is quick)
    except Exception as exc:  # noqa: BLE001 - its message is the reason
        return _summary(exc)
    return "no secure keyring backend"


def _mapped(exc: Exception) -> JournalError:
    if _is_locked(exc):
        return KeyringLocked("its unlock prompt was dismissed or could not be shown")
    return KeyringUnavailable(_summary(exc))


def _is_locked(exc: Exception) -> bool:
    from keyring.errors import KeyringLocked as LibraryLocked

    if isinstance(exc, LibraryLocked):
        return True
    try:
        from secretstorage.exceptions import LockedException, PromptDismissedException
    except ImportError:
        pass
    else:
        if isinstance(exc, LockedException | PromptDismissedException):
            return True
    return "IsLocked" in str(getattr(exc, "name", ""))  # a D-Bus error org.freedesktop.Secret.Error.IsLocked


def _summary(exc: BaseException) -> str:
    """The first line of an exception's message, short enough for one line on the screen."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, OSError) and not isinstance(exc, TimeoutError) and exc.strerror:
        text = f"the session bus cannot be reached: {exc.strerror}"
    text = text.removeprefix("Unable to initialize SecretService: ")
    return text if len(text) <= 120 else text[:117] + "..."
