"""The one place that opens the speaker and the microphone, with the same degrade rules for every front end.

Each part degrades on its own: a speaker that cannot open leaves text at the reading pace, a microphone or
recognizer that cannot open leaves keys and typed lines; either way one line says what is wrong and how to
fix it. A device saved in the config degrades the same way (an unplugged headset must not keep someone in
a hard moment from a practice); the line then names it and the ones available. What was asked for on this
command line, or a voice asked for by name, must be there: `check_named_devices` and `check_chosen_voice`
stop with one line before any front end starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide.config import Config
from voiceguide.errors import VoiceguideError
from voiceguide.voice.ports import SpeechOutput

if TYPE_CHECKING:
    from voiceguide.audio.source import MicrophoneSource
    from voiceguide.speech.engines import EngineInfo
    from voiceguide.speech.recognizer import Recognizer


STALL_SECONDS = 1.5  # the microphone delivers a block every 20 ms; this long without one means it is gone


class Microphone:
    """The microphone source and the recognizer it feeds."""

    stall_seconds: float | None = STALL_SECONDS

    def __init__(self, source: MicrophoneSource, recognizer: Recognizer, description: str = "on (default)",
                 engine: EngineInfo | None = None) -> None:
        self.source = source
        self.recognizer = recognizer
        self.description = description
        self.engine = engine

    @property
    def active(self) -> bool:
        return self.source.active

    def read(self, timeout: float) -> tuple[float, bytes] | None:
        return self.source.read(timeout)

    def close(self) -> None:
        self.source.stop()


@dataclass
class OpenedVoice:
    """What could be opened: the speech output (ReadingSpeech without a speaker), the microphone (None
    without one), the engine's name and model, and one line per part that could not open."""

    speech: SpeechOutput
    mic: Microphone | None
    engine: str = "none"
    model: str = ""
    mic_problem: str = ""
    speech_problem: str = ""

    @property
    def problem(self) -> str:
        return "; ".join(p for p in (self.mic_problem, self.speech_problem) if p)

    @property
    def model_name(self) -> str:
        return Path(self.model).name if self.model else ""

    def close(self) -> None:
        if self.mic is not None:
            self.mic.close()
        self.speech.close()


def open_speech(config: Config) -> tuple[SpeechOutput, str]:
    """The speaker, or ReadingSpeech (text only, at the pace of speech) and the one-line reason."""
    from voiceguide.audio.sink import SoundDeviceSink
    from voiceguide.speech.engines import open_speaker
    from voiceguide.speech.prompt_store import PromptStore
    from voiceguide.speech.speaker import SpeechCache, VoiceChoice
    from voiceguide.voice.speech import ReadingSpeech, SinkSpeech

    try:
        sink = SoundDeviceSink(config.devices.output or None)
        sink.open()
        try:
            speaker = open_speaker(config)
        except BaseException:
            sink.close()
            raise
        choice = VoiceChoice(config.voice.voice, config.voice.rate, config.voice.volume)
        name = config.devices.output or "default"
        cache = SpeechCache(speaker, choice, PromptStore.default())
        return SinkSpeech(cache, sink, config.listen.hold_off, f"on ({name})"), ""
    except VoiceguideError as exc:
        return ReadingSpeech(config.voice.rate), str(exc)


def open_microphone(config: Config) -> tuple[Microphone | None, str, EngineInfo | None]:
    """The microphone with its recognizer and engine, or None and the one-line reason."""
    from voiceguide.audio.source import MicrophoneSource
    from voiceguide.speech.engines import open_recognizer

    try:
        recognizer, engine = open_recognizer(config)
    except VoiceguideError as exc:
        return None, str(exc), None
    try:
        source = MicrophoneSource(config.devices.input or None)
        source.start()
    except VoiceguideError as exc:
        return None, str(exc), engine
    return Microphone(source, recognizer, f"on ({config.devices.input or 'default'})", engine), "", engine


def open_voice(config: Config) -> OpenedVoice:
    """Open the microphone (with its recognizer) and the speaker; each part degrades on its own."""
    from voiceguide.timing import note_timing

    mic, mic_problem, engine = open_microphone(config)
    note_timing("recognizer_ready")
    speech, speech_problem = open_speech(config)
    return OpenedVoice(speech, mic, engine.name if engine else "none", engine.model if engine else "",
                       mic_problem, speech_problem)


def check_named_devices(microphone: str, speaker: str) -> None:
    """Devices named on this command line must open: a typo or an absent device stops here with one line,
    before any front end starts. A device saved in the config or the environment degrades instead (a
    headset unplugged today must not keep anyone from a practice)."""
    from voiceguide.audio.sink import SoundDeviceSink
    from voiceguide.audio.source import MicrophoneSource
    from voiceguide.quiet import native_output_silenced

    # Silenced as a whole: the streams close again at once, so fd 2 is put back (not diverted for the
    # rest of the process, which would keep the terminal app from finding its terminal).
    with native_output_silenced():
        if microphone:
            source = MicrophoneSource(microphone)
            source.start()
            source.stop()
        if speaker:
            sink = SoundDeviceSink(speaker)
            sink.open()
            sink.close()


def check_chosen_voice(config: Config) -> None:
    """A voice asked for by name whose engine is not installed stops here with one line (an install
    problem to fix), in every front end; "auto" falls back to what is there instead."""
    from voiceguide.errors import EngineError

    if config.voice.speaker == "pyttsx3":
        from voiceguide.speech.speaker import require_espeak

        require_espeak()
    elif config.voice.speaker == "piper":
        from voiceguide.speech.neural import PIPER_MODULES, missing_module, piper_voice_files

        missing = missing_module(PIPER_MODULES)
        if missing:
            raise EngineError(f"the Piper voice is not available: {missing}")
        try:
            piper_voice_files(config, verify=False)  # present; their hashes are checked when they load
        except OSError as exc:
            raise EngineError(f"the Piper voice cannot be read: {exc}") from None
