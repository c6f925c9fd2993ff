"""The support card: built-in offline crisis resources per country, merged with the user's own ones.

Nothing here dials, opens or fetches anything: numbers and addresses are shown as text and spoken.
The card always has at least a crisis resource, an emergency number and a directory of helplines,
with no config file, with a broken one and for any country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from voiceguide.config import SafetySettings
from voiceguide.safety import calm_words
from voiceguide.safety.categories import Category


class ResourceKind(StrEnum):
    """What a resource is for; it decides the order on the card."""

    CRISIS = "crisis"
    EMERGENCY = "emergency"
    DIRECTORY = "directory"


@dataclass(frozen=True)
class SupportResource:
    """One line on the card: who, how to reach them (text, never a link that opens), and a short note."""

    name: str
    contact: str
    note: str = ""
    kind: ResourceKind = ResourceKind.CRISIS


def _crisis(name: str, contact: str, note: str = "") -> SupportResource:
    return SupportResource(name, contact, note, ResourceKind.CRISIS)


def _emergency(contact: str, note: str = "") -> SupportResource:
    return SupportResource("Emergency services", contact, note, ResourceKind.EMERGENCY)


DIRECTORY = SupportResource(
    "Find a helpline in any country", "findahelpline.com", "free, confidential helplines worldwide",
    ResourceKind.DIRECTORY,
)
GENERIC_EMERGENCY = _emergency(
    "your local emergency number", "112 works from mobile phones in many countries")

_SAMARITANS = _crisis("Samaritans", "116 123", "free, any time, day or night")

BUILTIN: dict[str, tuple[SupportResource, ...]] = {
    "US": (
        _crisis("988 Suicide & Crisis Lifeline", "call or text 988", "free, any time, day or night"),
        _crisis("Crisis Text Line", "text HOME to 741741"),
        _emergency("911"),
    ),
    "CA": (
        _crisis("9-8-8 Suicide Crisis Helpline", "call or text 988", "free, any time, day or night"),
        _emergency("911"),
    ),
    "GB": (
        _SAMARITANS,
        _crisis("Shout", "text SHOUT to 85258"),
        _emergency("999 or 112"),
    ),
    "IE": (
        _SAMARITANS,
        _crisis("Pieta", "1800 247 247", "or text HELP to 51444"),
        _crisis("Text 50808", "text HELLO to 50808"),
        _emergency("112 or 999"),
    ),
    "AU": (
        _crisis("Lifeline", "13 11 14", "or text 0477 13 11 14"),
        _emergency("000"),
    ),
    "NZ": (
        _crisis("Need to talk?", "call or text 1737"),
        _crisis("Lifeline Aotearoa", "0800 543 354"),
        _emergency("111"),
    ),
}

_ALIASES = {"UK": "GB", "USA": "US", "ENGLAND": "GB", "SCOTLAND": "GB", "WALES": "GB", "IRL": "IE"}


def country_code(country: str) -> str:
    """The two-letter code the built-in table uses ("uk" -> "GB", " us " -> "US")."""
    code = country.strip().upper()
    return _ALIASES.get(code, code)


def builtin_resources(country: str) -> tuple[SupportResource, ...]:
    """The built-in resources for a country; the general emergency entry where none are known."""
    return BUILTIN.get(country_code(country), (GENERIC_EMERGENCY,))


def has_builtin(country: str) -> bool:
    """Whether voiceguide knows numbers for this country."""
    return country_code(country) in BUILTIN


def _kind_of(name: str) -> ResourceKind:
    lowered = name.lower()
    if "emergency" in lowered:
        return ResourceKind.EMERGENCY
    if "directory" in lowered or "find a helpline" in lowered:
        return ResourceKind.DIRECTORY
    return ResourceKind.CRISIS


def card_resources(settings: SafetySettings | None = None) -> tuple[SupportResource, ...]:
    """The card's resources: the user's own first, then the built-in ones they did not replace.

    A user entry replaces the built-in entry with the same name (case-insensitive); a user entry with an
    empty contact hides it. A directory of helplines is always listed last.
    """
    settings = settings or SafetySettings()
    own = [
        SupportResource(item.name.strip(), item.contact.strip(), item.note.strip(), _kind_of(item.name))
        for item in settings.resources
        if item.name.strip()
    ]
    replaced = {item.name.casefold() for item in own}
    shown = [item for item in own if item.contact]
    shown += [item for item in builtin_resources(settings.country) if item.name.casefold() not in replaced]
    if not any(item.kind is ResourceKind.EMERGENCY for item in shown):
        shown.append(GENERIC_EMERGENCY)
    has_directory = any(item.kind is ResourceKind.DIRECTORY for item in shown)
    if DIRECTORY.name.casefold() not in replaced and not has_directory:
        shown.append(DIRECTORY)
    return tuple(shown)


@dataclass(frozen=True)
class SupportCard:
    """Everything the support card shows, in order; `category` is why it opened (None: asked for)."""

    title: str
    intro: str
    resources: tuple[SupportResource, ...]
    danger_note: str
    self_help_note: str
    country: str
    category: Category | None = None
    notice: str = ""  # e.g. no built-in numbers for this country

    @property
    def emergency(self) -> SupportResource:
        """The first emergency entry (there always is one)."""
        return next(item for item in self.resources if item.kind is ResourceKind.EMERGENCY)


def support_card(settings: SafetySettings | None = None, category: Category | None = None) -> SupportCard:
    """The card for the configured country; for immediate danger or abuse the emergency number comes first."""
    settings = settings or SafetySettings()
    resources = card_resources(settings)
    if category in (Category.IMMEDIATE_DANGER, Category.ABUSE, Category.HARM_TO_OTHERS):
        order = {ResourceKind.EMERGENCY: 0, ResourceKind.CRISIS: 1, ResourceKind.DIRECTORY: 2}
        resources = tuple(sorted(resources, key=lambda item: order[item.kind]))
    notice = ""
    if not has_builtin(settings.country) and not settings.resources:
        notice = calm_words.NO_BUILTIN_FOR_COUNTRY.format(country=settings.country.strip() or "your country")
    return SupportCard(
        title=calm_words.CARD_TITLE,
        intro=calm_words.CARD_INTRO,
        resources=resources,
        danger_note=calm_words.CARD_DANGER_NOTE,
        self_help_note=calm_words.CARD_SELF_HELP_NOTE,
        country=country_code(settings.country),
        category=category,
        notice=notice,
    )


def card_text(card: SupportCard) -> str:
    """The card as plain text (no markup), for the command line and for a terminal without the app."""
    lines = [card.title, "", card.intro, ""]
    if card.notice:
        lines += [card.notice, ""]
    for item in card.resources:
        line = f"  {item.name}: {item.contact}"
        if item.note:
            line += f" ({item.note})"
        lines.append(line)
    lines += ["", card.danger_note, card.self_help_note]
    return "\n".join(lines)


_DIGIT_RUN = re.compile(r"\d+(?:[ -]\d+)*")


def speakable(contact: str) -> str:
    """A contact as a speech engine should read it: digits one by one ("116 123" -> "1 1 6, 1 2 3")."""

    def spell(match: re.Match[str]) -> str:
        groups = re.split(r"[ -]", match.group(0))
        return ", ".join(" ".join(group) for group in groups)

    return _DIGIT_RUN.sub(spell, contact)


def spoken_message(card: SupportCard, written: bool = False) -> str:
    """The short calm message spoken when the card opens: a pause, one line to reach, the emergency number.
    `written`: the same words as shown on screen, with numbers as written ("988", not "9 8 8")."""
    say = (lambda contact: contact) if written else speakable
    parts = [calm_words.SPOKEN_PAUSE]
    crisis = next((item for item in card.resources if item.kind is ResourceKind.CRISIS), None)
    if crisis is not None:
        parts.append(calm_words.SPOKEN_REACH.format(name=crisis.name, contact=say(crisis.contact)))
    emergency = card.emergency
    number = emergency.contact if emergency is not GENERIC_EMERGENCY else "your local emergency number"
    parts.append(calm_words.SPOKEN_DANGER.format(emergency=say(number)))
    parts.append(calm_words.SPOKEN_CLOSE)
    return " ".join(parts)
