"""Lets `python -m voiceguide` run the command line."""

from voiceguide.cli import entry_point

entry_point()
