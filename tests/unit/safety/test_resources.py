"""The support card: built-in resources, the user's overrides, text and speech."""

from __future__ import annotations

from pathlib import Path

import pytest

from voiceguide.config import Resource, SafetySettings, load_config
from voiceguide.safety import Category, ResourceKind, calm_words, card_text, spoken_message, support_card
from voiceguide.safety.resources import DIRECTORY, GENERIC_EMERGENCY, card_resources, speakable


def contacts(settings: SafetySettings) -> list[str]:
    return [item.contact for item in card_resources(settings)]


def test_us_defaults_are_988_by_call_or_text_and_911() -> None:
    found = contacts(SafetySettings())
    assert "call or text 988" in found and "911" in found


@pytest.mark.parametrize("country", ["GB", "uk", "IE"])
def test_uk_and_ireland_have_samaritans_and_999_112(country: str) -> None:
    found = " | ".join(contacts(SafetySettings(country=country)))
    assert "116 123" in found and "999" in found and "112" in found


@pytest.mark.parametrize("country", ["US", "GB", "IE", "FR", ""])
def test_every_card_has_an_emergency_number_and_the_directory_last(country: str) -> None:
    resources = card_resources(SafetySettings(country=country))
    assert any(item.kind is ResourceKind.EMERGENCY for item in resources)
    assert resources[-1] == DIRECTORY


def test_unknown_country_gets_general_entries_and_says_so() -> None:
    card = support_card(SafetySettings(country="FR"))
    assert card.resources == (GENERIC_EMERGENCY, DIRECTORY)
    assert "FR" in card.notice


def test_user_entries_come_first_replace_by_name_and_can_hide() -> None:
    settings = SafetySettings(country="US", resources=[
        Resource("My sister", "555 0100", "any time"),
        Resource("emergency services", "112"),
        Resource("Crisis Text Line", ""),
    ])
    names = [item.name for item in card_resources(settings)]
    assert names[0] == "My sister"
    assert "Crisis Text Line" not in names
    assert contacts(settings).count("112") == 1 and "911" not in contacts(settings)


def test_resources_come_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[safety]\ncountry = "IE"\n[[safety.resources]]\nname = "GP out of hours"\n'
                    'contact = "0818 123 456"\n', encoding="utf-8")
    card = support_card(load_config(path).safety)
    assert card.resources[0].contact == "0818 123 456"
    assert any(item.contact == "116 123" for item in card.resources)


def test_no_config_file_gives_the_us_card() -> None:
    card = support_card(load_config().safety)
    assert card.country == "US" and card.emergency.contact == "911"


def test_danger_puts_the_emergency_number_first() -> None:
    card = support_card(SafetySettings(), Category.IMMEDIATE_DANGER)
    assert card.resources[0].kind is ResourceKind.EMERGENCY


def test_card_text_is_plain_and_complete() -> None:
    text = card_text(support_card(SafetySettings(country="GB")))
    assert "Samaritans: 116 123" in text and "findahelpline.com" in text
    assert "not therapy" in text and "not an emergency service" in text
    assert "[" not in text  # no markup for a renderer to interpret


def test_spoken_message_is_short_calm_and_reads_numbers_digit_by_digit() -> None:
    spoken = spoken_message(support_card(SafetySettings(country="GB")))
    assert "1 1 6, 1 2 3" in spoken and "9 9 9" in spoken
    assert len(spoken.split()) < 70


def test_no_safety_wording_mentions_panic_or_diagnoses() -> None:
    texts: list[str] = []
    for name, value in vars(calm_words).items():
        if name.isupper():
            texts.extend(value if isinstance(value, tuple) else [value])
    texts.append(spoken_message(support_card()))
    for text in texts:
        assert "panic" not in text.lower() and "diagnos" not in text.lower()


def test_speakable_spells_digit_groups() -> None:
    assert speakable("call or text 988") == "call or text 9 8 8"
    assert speakable("1800 247 247") == "1 8 0 0, 2 4 7, 2 4 7"


def test_a_config_resource_without_a_contact_is_a_config_error(tmp_path: Path) -> None:
    from voiceguide.errors import ConfigError

    path = tmp_path / "config.toml"
    path.write_text('[[safety.resources]]\nname = "Friend"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="missing key 'contact'"):
        load_config(path)
