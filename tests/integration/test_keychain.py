"""The journal key in a real Secret Service (gnome-keyring on a private D-Bus bus): kept, found by another
process, removed; no keyring, a hung one and a locked one each end in one line, quickly, without a word on
the terminal."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import keyring_daemon
from tests.keyring_daemon import SecretService, start_secret_service
from voiceguide.journal import keychain
from voiceguide.journal.keychain import (
    KeyringLocked,
    KeyringUnavailable,
    delete_key,
    keyring_available,
    load_key,
    store_key,
)

REPO = Path(__file__).resolve().parents[2]


def new_id() -> str:
    return uuid.uuid4().hex


def assert_silent(capfd: pytest.CaptureFixture[str]) -> None:
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")


def assert_one_line_with_the_passphrase_way(error: Exception) -> None:
    text = str(error)
    assert "\n" not in text
    assert "VOICEGUIDE_PASSPHRASE" in text and "--passphrase-file" in text


@pytest.fixture
def fresh_choice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No keyring settings of the developer's (keyringrc, PYTHON_KEYRING_BACKEND) and a fresh choice."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keychain.forget_backend()
    yield
    keychain.forget_backend()


@pytest.fixture
def own_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SecretService]:
    """A Secret Service of this test's own (it may lock or freeze it), used by this process."""
    keyring_daemon.require_programs()
    service = start_secret_service(tmp_path / "own-secret-service")
    try:
        monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
        for name, value in service.env.items():
            monkeypatch.setenv(name, value)
        keychain.forget_backend()
        yield service
    finally:
        keychain.forget_backend()
        service.stop()


def test_a_key_is_stored_loaded_and_deleted(keyring_env: SecretService,
                                            capfd: pytest.CaptureFixture[str]) -> None:
    journal_id, key = new_id(), secrets.token_bytes(32)
    assert keyring_available()
    store_key(journal_id, key)
    assert load_key(journal_id) == key
    delete_key(journal_id)
    assert load_key(journal_id) is None
    delete_key(journal_id)  # a key that is not there is fine
    assert_silent(capfd)


def test_an_unknown_journal_has_no_key(keyring_env: SecretService, capfd: pytest.CaptureFixture[str]) -> None:
    assert load_key(new_id()) is None
    assert_silent(capfd)


def test_two_journals_keep_their_own_keys(keyring_env: SecretService,
                                          capfd: pytest.CaptureFixture[str]) -> None:
    first, second = new_id(), new_id()
    first_key, second_key, replacement = (secrets.token_bytes(32) for _ in range(3))
    store_key(first, first_key)
    store_key(second, second_key)
    assert (load_key(first), load_key(second)) == (first_key, second_key)
    store_key(first, replacement)
    assert (load_key(first), load_key(second)) == (replacement, second_key)
    delete_key(first)
    assert (load_key(first), load_key(second)) == (None, second_key)
    delete_key(second)
    assert_silent(capfd)


def test_another_process_finds_the_key_in_the_daemon(keyring_env: SecretService,
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    journal_id, key = new_id(), secrets.token_bytes(32)
    store_key(journal_id, key)
    reader = ("import sys, keyring\n"
              "from voiceguide.journal.keychain import SERVICE, load_key\n"
              "print(load_key(sys.argv[1]).hex(), keyring.get_password(SERVICE, sys.argv[1]))\n")
    done = subprocess.run([sys.executable, "-c", reader, journal_id], cwd=REPO, env=dict(os.environ),
                          capture_output=True, text=True, timeout=30, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.split() == [key.hex(), key.hex()]  # stored as hex text under SERVICE, username = id
    delete_key(journal_id)
    assert_silent(capfd)


def test_a_configured_chainer_uses_its_secure_member(keyring_env: SecretService,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.chainer.ChainerBackend")
    journal_id, key = new_id(), secrets.token_bytes(32)
    store_key(journal_id, key)
    assert load_key(journal_id) == key
    delete_key(journal_id)


@pytest.mark.parametrize("backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"])
def test_a_configured_backend_that_keeps_nothing_safe_counts_as_none(
        keyring_env: SecretService, monkeypatch: pytest.MonkeyPatch, backend: str,
        capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    assert not keyring_available()
    with pytest.raises(KeyringUnavailable) as raised:
        store_key(new_id(), secrets.token_bytes(32))
    assert_one_line_with_the_passphrase_way(raised.value)
    assert_silent(capfd)


@pytest.fixture(params=["unset", "no such socket", "nobody answers"])
def dead_bus(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
             fresh_choice: None) -> Iterator[str]:
    """A session without a working bus: no address, an address with no socket, a socket that never
    answers (a listening socket nobody accepts on)."""
    if request.param == "unset":
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
        yield request.param
        return
    path = tmp_path / "bus"
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={path}")
    if request.param == "no such socket":
        yield request.param
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as silent:
        silent.bind(str(path))
        silent.listen(8)
        yield request.param


def test_without_a_bus_there_is_no_keyring_quickly_and_quietly(dead_bus: str,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    assert not keyring_available()
    assert time.monotonic() - started < 2
    with pytest.raises(KeyringUnavailable) as raised:
        load_key(new_id())
    assert_one_line_with_the_passphrase_way(raised.value)
    with pytest.raises(KeyringUnavailable):
        store_key(new_id(), secrets.token_bytes(32))
    with pytest.raises(KeyringUnavailable):
        delete_key(new_id())
    assert time.monotonic() - started < 2  # the choice is made once: the later calls do not look again
    assert_silent(capfd)


def test_a_locked_keyring_raises_keyring_locked_at_once(own_service: SecretService,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capfd: pytest.CaptureFixture[str]) -> None:
    # No prompter is on the private bus, so gnome-keyring dismisses the unlock prompt at once (on a desktop
    # it would show its dialog); the bound keeps a prompt nobody answers from hanging the test.
    monkeypatch.setattr(keychain, "ANSWER_SECONDS", 5.0)
    journal_id, key = new_id(), secrets.token_bytes(32)
    store_key(journal_id, key)
    own_service.lock()
    assert own_service.is_locked()
    started = time.monotonic()
    assert keyring_available()  # the keyring is there, only locked
    with pytest.raises(KeyringLocked) as raised:
        load_key(journal_id)
    assert_one_line_with_the_passphrase_way(raised.value)
    with pytest.raises(KeyringLocked):
        store_key(new_id(), key)
    assert time.monotonic() - started < 4
    assert own_service.is_locked()
    assert_silent(capfd)


def test_a_bus_without_a_secret_service_has_no_keyring(own_service: SecretService,
                                                       capfd: pytest.CaptureFixture[str]) -> None:
    assert own_service.daemon is not None
    own_service.daemon.terminate()
    own_service.daemon.wait(timeout=5)
    started = time.monotonic()
    assert not keyring_available()
    with pytest.raises(KeyringUnavailable, match="neither running nor activatable") as raised:
        load_key(new_id())
    assert time.monotonic() - started < 2
    assert_one_line_with_the_passphrase_way(raised.value)
    assert_silent(capfd)


def test_a_keyring_that_stops_answering_is_given_up(own_service: SecretService,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(keychain, "ANSWER_SECONDS", 1.0)
    assert keyring_available()
    assert own_service.daemon is not None
    own_service.daemon.send_signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(KeyringUnavailable, match="did not answer within 1 s") as raised:
            load_key(new_id())
        assert time.monotonic() - started < 2
        assert_one_line_with_the_passphrase_way(raised.value)
    finally:
        own_service.daemon.send_signal(signal.SIGCONT)
    assert_silent(capfd)
