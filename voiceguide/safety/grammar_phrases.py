"""Crisis phrases short and common enough to add to a command grammar, so they are heard in every step.

pocketsphinx's general language model mishears most sentences (espeak's "i want to kill myself" came
back as "why you do"), so a command step whose grammar lacks these phrases can never hear them. Each
phrase here makes `detect()` fire (a unit test checks this).
"""

from __future__ import annotations

SPOKEN_CRISIS_PHRASES: tuple[str, ...] = (
    "i want to kill myself",
    "i'm going to kill myself",
    "i want to die",
    "i want to end my life",
    "i don't want to live anymore",
    "i don't want to be here anymore",
    "everyone would be better off without me",
    "i feel suicidal",
    "i'm thinking about suicide",
    "i want to hurt myself",
    "i'm hurting myself",
    "i've been cutting myself",
    "i'm going to hurt someone",
    "i'm going to hurt him",
    "i'm going to hurt her",
    "he hits me",
    "she hits me",
    "he hurts me",
    "i'm being abused",
    "i'm not safe",
    "i'm not safe right now",
    "i'm in danger",
    "i have the pills right here",
    "i took too many pills",
    "he's going to kill me",
)
