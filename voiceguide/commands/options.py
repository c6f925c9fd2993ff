"""Turns global command-line options into settings (config file first, then the options)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from voiceguide.config import Config, load_config

if TYPE_CHECKING:
    from voiceguide.journal.unlock import Unlocking


def load_settings(args: argparse.Namespace) -> Config:
    """The config file's settings with --engine, --model-dir and device options applied on top."""
    config_path = getattr(args, "config", None)
    config = load_config(Path(config_path) if config_path else None)
    if not config.safety.semantic_stage:
        from voiceguide.safety import semantic

        semantic.STAGE.switch_off()
    if getattr(args, "engine", None):
        config.listen.engine = args.engine
    if getattr(args, "model_dir", None):
        config.listen.model_dir = args.model_dir
    config.devices.input = getattr(args, "input_device", None) or os.environ.get(
        "VOICEGUIDE_INPUT_DEVICE", config.devices.input)
    config.devices.output = getattr(args, "output_device", None) or os.environ.get(
        "VOICEGUIDE_OUTPUT_DEVICE", config.devices.output)
    return config


def devices_named_here(args: argparse.Namespace) -> tuple[str, str]:
    """The microphone and speaker named on this command line (--input-device, --output-device), as opposed
    to those saved in the config or the environment."""
    return getattr(args, "input_device", None) or "", getattr(args, "output_device", None) or ""


def check_asked_for(args: argparse.Namespace, config: Config) -> None:
    """Before any front end starts: stop with one line if a device named for this run cannot open, or a
    voice asked for by name is not installed (voiceguide.voice.devices decides; the rest degrades)."""
    from voiceguide.voice.devices import check_chosen_voice, check_named_devices

    check_chosen_voice(config)
    microphone, speaker = devices_named_here(args)
    if microphone or speaker:
        check_named_devices(microphone, speaker)


APP_SKIP_HINT = "Enter alone starts now; what you say waits in memory until you unlock"


def unlocking_for(args: argparse.Namespace, config: Config, skip_hint: str = "") -> Unlocking:
    """How this start unlocks the journal: --passphrase-file, else VOICEGUIDE_PASSPHRASE, else the keyring,
    else the person is asked on the terminal (when there is one); [journal] encrypt says what a new
    journal gets."""
    from voiceguide.journal.unlock import unlocking_from

    return unlocking_from(passphrase_file=getattr(args, "passphrase_file", None), ask=terminal_ask(skip_hint),
                          encrypt=config.journal.encrypt)


def terminal_ask(skip_hint: str = "") -> Callable[[str], str] | None:
    """Ask for a secret on the terminal without echo (None: no terminal to ask on). Ctrl-D or an empty
    answer leaves the journal locked for this start (`skip_hint` says what that means, when it is allowed)."""
    if not (os.isatty(0) and os.isatty(2)):
        return None

    def ask(prompt: str) -> str:
        import getpass

        from voiceguide.journal.unlock import NotUnlocked

        try:
            shown = f"{prompt.rstrip(': ')} ({skip_hint}): " if skip_hint else prompt
            secret = getpass.getpass(shown, stream=sys.stderr)
        except EOFError:
            secret = ""
        if not secret:
            if skip_hint:
                raise NotUnlocked("the journal stays locked (nothing was typed): what you say is kept in "
                                  "memory until you unlock it")
            raise NotUnlocked("nothing was typed, so the journal stays locked and the practice does not "
                              "start (run --no-tui cannot keep answers until later): run it again and type "
                              "the passphrase or recovery code, or use the terminal app, which can start "
                              "before it is given")
        return secret

    return ask
