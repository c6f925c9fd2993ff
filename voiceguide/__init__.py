"""voiceguide: an offline, private, hands-free voice companion for hard moments."""

__version__ = "0.1.0"
