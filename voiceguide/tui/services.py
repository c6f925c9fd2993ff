"""Everything the app works with, injected: practices, journal, voice, clock and config saving."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from voiceguide.audio.devices import DeviceInfo
from voiceguide.config import Config, save_config
from voiceguide.timing import TIMING_ENV, note_timing
from voiceguide.tui.ports import Clock, MicInput, PracticeCatalog, SpeechOutput, VoiceStatus

if TYPE_CHECKING:
    from voiceguide.tui.journal_view import JournalView


@dataclass
class Voice:
    """The opened speaker and microphone (either may be missing) and the status line's words."""

    speech: SpeechOutput
    mic: MicInput | None
    status: VoiceStatus


VoiceOpener = Callable[[Config], Voice]


def open_voice(config: Config) -> Voice:
    """Open the speaker and the microphone with its recognizer (voiceguide.voice decides how each part
    degrades); the status line's words follow from what opened."""
    from voiceguide.voice.devices import open_voice as open_devices

    opened = open_devices(config)
    status = VoiceStatus(engine=opened.engine, model=opened.model_name,
                         mic=opened.mic.description if opened.mic else "off",
                         speaker=opened.speech.description, problem=opened.problem)
    return Voice(opened.speech, opened.mic, status)


def list_devices() -> list[DeviceInfo]:
    from voiceguide.audio.devices import list_devices as list_sound_devices

    return list_sound_devices()


@dataclass
class AppServices:
    """The app's collaborators; tests pass fakes, `real_services` the real ones."""

    catalog: PracticeCatalog | None
    journal: JournalView | None
    open_voice: VoiceOpener = open_voice
    clock: Clock = time.monotonic
    save_config: Callable[[Config], object] = field(default=save_config)
    list_devices: Callable[[], list[DeviceInfo]] = list_devices


def real_services(config: Config, journal: JournalView | None) -> AppServices:
    """The real practices and the journal opened before the app (each missing part leaves its screen
    degraded)."""
    from voiceguide.tui import adapters

    return AppServices(catalog=adapters.practice_catalog(), journal=journal)


__all__ = ["TIMING_ENV", "note_timing"]  # where the app and its benchmark find the timing marks
