"""Errors the user can act on, and the exit codes they map to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_DEVICE = 3
EXIT_ENGINE = 4
EXIT_JOURNAL = 5
EXIT_CONFIG = 6
EXIT_HANGUP = 129  # 128 + SIGHUP: the terminal went away
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM: asked to stop (shutdown, kill)


class VoiceguideError(Exception):
    """A problem with a one-line explanation for the user; never shown as a traceback."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(VoiceguideError):
    """The user asked for something that does not exist or is malformed."""

    exit_code = EXIT_USAGE


class DeviceError(VoiceguideError):
    """An audio device is missing, busy or vanished."""

    exit_code = EXIT_DEVICE


class EngineError(VoiceguideError):
    """A speech engine, its model, or espeak-ng is missing or broken."""

    exit_code = EXIT_ENGINE


class JournalError(VoiceguideError):
    """The journal database cannot be opened or written."""

    exit_code = EXIT_JOURNAL


class ConfigError(VoiceguideError):
    """The config file is invalid."""

    exit_code = EXIT_CONFIG


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: raised in the main thread so the session ends the way Ctrl-C ends it
    (every `finally` runs, the terminal and devices are released, settled segments are already saved)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum
