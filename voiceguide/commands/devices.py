"""`voiceguide devices`: list microphones and speakers, marking the defaults and the chosen ones."""

from __future__ import annotations

import argparse
from typing import Any

from voiceguide.audio.devices import list_devices, resolve_device
from voiceguide.commands.options import load_settings
from voiceguide.errors import DeviceError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("devices", parents=[common], help="list audio input and output devices")
    parser.set_defaults(handler=show_devices)


def show_devices(args: argparse.Namespace) -> int:
    config = load_settings(args)
    devices = list_devices()
    chosen: dict[str, int | None] = {}
    for kind, spec in (("input", config.devices.input), ("output", config.devices.output)):
        try:
            chosen[kind] = resolve_device(spec or None, kind)
        except DeviceError as exc:
            print(f"  ! {exc}")
            chosen[kind] = None
    for kind in ("input", "output"):
        print(f"{kind} devices:")
        listed = [d for d in devices if (d.inputs if kind == "input" else d.outputs) > 0]
        if not listed:
            print("  (none)")
        for d in listed:
            default = d.is_default_input if kind == "input" else d.is_default_output
            marks = [m for m, on in (("default", default), ("chosen", chosen[kind] == d.index)) if on]
            note = f"  [{', '.join(marks)}]" if marks else ""
            channels = d.inputs if kind == "input" else d.outputs
            print(f"  {d.index:3}: {d.name} ({channels} ch, {d.default_rate:.0f} Hz){note}")
    return 0
