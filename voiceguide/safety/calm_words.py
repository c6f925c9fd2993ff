"""What voiceguide says and shows when it hears that someone may be in danger: calm, short, no diagnosis."""

from __future__ import annotations

CARD_TITLE = "Support"

CARD_INTRO = (
    "You don't have to hold this alone. These people are there to listen, any time of day or night. "
    "voiceguide never calls or sends anything: you choose whether and when to reach out."
)

CARD_DANGER_NOTE = "If you are in danger right now, call your local emergency number."

CARD_SELF_HELP_NOTE = "voiceguide is a self-help tool. It is not therapy and not an emergency service."

# Spoken when the detector fires. It names one resource so that someone with their eyes closed hears a
# number without looking at the screen.
SPOKEN_PAUSE = (
    "Let's pause here for a moment. What you just said matters, and you deserve support from a person."
)
SPOKEN_REACH = "You can reach {name}: {contact}."
SPOKEN_DANGER = "If you are in danger right now, please call {emergency}."
SPOKEN_CLOSE = "The numbers are on the screen too. I'm here, and we can go on whenever you are ready."

ESCALATION_OFFER = (
    "It still feels strong, and that's okay. Another practice may help: a slow breathing one is a good "
    "next step. The support card is here too, if talking to someone would help."
)

NO_BUILTIN_FOR_COUNTRY = (
    "voiceguide has no built-in numbers for {country}; showing general ones. "
    "Add your own under [safety] in the config."
)

BROKEN_CONFIG_FOR_CARD = "the config could not be read ({error}); showing the built-in support numbers"

# For the "when to seek professional help" practice and the card's "more" view: when talking to a
# therapist or counsellor is worth it (the methods from the source texts, in our own words).
WHEN_TO_SEEK_HELP: tuple[str, ...] = (
    "the same painful argument keeps coming back however hard you both try",
    "feelings this strong come often and take a long time to settle",
    "old hurts or trauma keep shaping how you react today",
    "talking with your partner breaks down again and again",
    "trust has been badly damaged",
    "you would simply like someone trained to guide you",
)
WHEN_TO_SEEK_HELP_INTRO = "A therapist or counsellor can help when:"
