"""The app's two registered themes: calm (default) and high contrast."""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="voiceguide-calm",
    primary="#7fa7c9",
    secondary="#9bb89a",
    accent="#a8c5da",
    warning="#d9b26f",
    error="#d98c8c",
    success="#8fbf8f",
    foreground="#dfe6ec",
    background="#1c2530",
    surface="#243040",
    panel="#2b394a",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="voiceguide-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
)

THEMES = (CALM, HIGH_CONTRAST)
THEME_NAMES = tuple(theme.name for theme in THEMES)
