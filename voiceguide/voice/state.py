"""What voiceguide listens for right now, kept once for every reader (the pipeline, the screens)."""

from __future__ import annotations

from dataclasses import dataclass

from voiceguide.practices.events import Listen
from voiceguide.speech.recognizer import ListenMode


@dataclass
class ListeningState:
    """What voiceguide listens for right now, kept in one place: written by the session controller (the
    runner's Listen effects) and read by the pipeline and the screens. Without a Listen it hears commands."""

    mode: ListenMode = ListenMode.COMMANDS
    listen: Listen | None = None

    def follow(self, listen: Listen | None) -> None:
        """Listen as `listen` asks from now on (None: commands only, nothing being answered)."""
        self.listen = listen
        self.mode = listen.mode if listen is not None else ListenMode.COMMANDS
