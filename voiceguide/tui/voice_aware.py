"""The small interface a screen offers the voice: words it takes first, and a redraw on voice changes."""

from __future__ import annotations


class VoiceAware:
    """Mixed into a screen that wants what the microphone hears before the practice does, or to redraw
    when the speaker or microphone changes (loaded, lost). The app looks for this type, not for names."""

    def heard_elsewhere(self, text: str, final: bool) -> bool:
        """Whether this screen took the words (they then go no further)."""
        return False

    def voice_changed(self) -> None:
        """The speaker or microphone changed: redraw what depends on them."""
        return None
