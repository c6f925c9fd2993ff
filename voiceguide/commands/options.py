"""Turns global command-line options into settings (config file first, then the options)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from voiceguide.config import Config, load_config


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
