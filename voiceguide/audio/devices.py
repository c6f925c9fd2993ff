"""Finding audio devices by name or index, with clear errors when they are missing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from voiceguide.errors import DeviceError
from voiceguide.quiet import native_output_silenced


@dataclass(frozen=True)
class DeviceInfo:
    """One audio device as PortAudio lists it."""

    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float
    is_default_input: bool = False
    is_default_output: bool = False


def _sounddevice() -> Any:
    try:
        with native_output_silenced():
            import sounddevice
    except OSError:
        raise DeviceError(
            "PortAudio is not installed, so no microphone or speaker can be used "
            "(install it: sudo apt-get install libportaudio2)"
        ) from None
    return sounddevice


def list_devices(rescan: bool = False) -> list[DeviceInfo]:
    """Every input and output device PortAudio can see.

    `rescan` re-initializes PortAudio to notice devices plugged in since start; it closes every open
    stream, so only use it when none is open.
    """
    sd = _sounddevice()
    with native_output_silenced():
        try:
            if rescan:
                sd._terminate()
                sd._initialize()
            raw = sd.query_devices()
            default_in, default_out = sd.default.device
        except sd.PortAudioError as exc:
            raise DeviceError(f"cannot list audio devices: {exc}") from None
    return [
        DeviceInfo(
            index=i,
            name=str(d["name"]),
            inputs=int(d["max_input_channels"]),
            outputs=int(d["max_output_channels"]),
            default_rate=float(d["default_samplerate"]),
            is_default_input=i == default_in,
            is_default_output=i == default_out,
        )
        for i, d in enumerate(raw)
    ]


def resolve_device(spec: str | int | None, kind: str) -> int | None:
    """Turn a device name (or part of one) or index into a PortAudio index; None means the default.

    `kind` is "input" or "output". Raises DeviceError naming the devices that do exist.
    """
    devices = [d for d in list_devices() if (d.inputs if kind == "input" else d.outputs) > 0]
    if not devices:
        raise DeviceError(f"no audio {kind} device found (check that a sound card or PulseAudio is running)")
    if spec is None or spec == "":
        return None
    text = str(spec).strip()
    if text.isdigit():
        index = int(text)
        if any(d.index == index for d in devices):
            return index
    else:
        exact = [d for d in devices if d.name == text]
        partial = exact or [d for d in devices if text.lower() in d.name.lower()]
        if partial:
            return partial[0].index
    names = ", ".join(f"{d.index}: {d.name}" for d in devices)
    raise DeviceError(f"no {kind} device '{text}' (available: {names})")
