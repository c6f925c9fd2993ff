"""Everything the app works with, injected: practices, journal, voice, clock and config saving."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide.audio.devices import DeviceInfo
from voiceguide.config import Config, save_config
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
TIMING_ENV = "VOICEGUIDE_TIMING_FILE"  # benchmarks: where to note when the first screen and voice are ready


def note_timing(event: str) -> None:
    """Append `event wall-clock-time` to the benchmark's timing file, when one is asked for."""
    path = os.environ.get(TIMING_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{event} {time.time():.6f}\n")


def open_voice(config: Config) -> Voice:
    """Open the speaker and the microphone with its recognizer; each part degrades on its own."""
    from voiceguide.tui.voice import open_microphone, open_speech

    mic, mic_problem, engine, model = open_microphone(config)
    note_timing("recognizer_ready")
    speech, speech_problem = open_speech(config)
    problem = "; ".join(p for p in (mic_problem, speech_problem) if p)
    status = VoiceStatus(engine=engine, model=Path(model).name if model else "",
                         mic=mic.description if mic else "off", speaker=speech.description, problem=problem)
    return Voice(speech, mic, status)


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
