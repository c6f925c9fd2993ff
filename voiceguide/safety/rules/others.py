"""Harm to others: intent, urges and plans to hurt someone."""

from __future__ import annotations

from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import GAP, HARM_VERB, INTENT, OTHER, Rule, rule

_O = Category.HARM_TO_OTHERS

HARM_TO_OTHERS_RULES: tuple[Rule, ...] = (
    rule("intent_to_harm", _O,
         rf"\b{INTENT}{GAP} {HARM_VERB} {OTHER}\b(?! (?:a text|a message|a look|a glance|an email|out\b|"
         r"feelings|with (?:kindness|love)|at (?:chess|cards|tennis|golf)))"
         r"(?! up\b(?:(?<=hit him up)|(?<=hit her up)|(?<=hit them up)))"
         r"(?!(?: [a-z]+){0,3} if (?:he|she|they) (?:eats|eat|ate|takes|took|touches|borrows|forgets|forgot|"
         r"spoils|is late|are late|uses|breaks|leaves the|does that again|says that again|finishes))"),
    rule("might_really_do_it", _O,
         rf"\bcould {HARM_VERB} {OTHER} and i (?:think i |really )?(?:might|will|mean it|am going to)\b"),
    rule("run_over", _O, r"\brun (?:him|her|them) over\b"),
    rule("smash_face", _O, r"\bsmash (?:his|her|their) (?:face|head|skull)\b"),
    rule("make_bleed", _O, rf"\bmake {OTHER} bleed\b"),
    rule("want_them_dead", _O, rf"\bwant {OTHER} dead\b"),
    rule("arson", _O, r"\bburn (?:his|her|their) (?:house|flat|apartment|car|place)\b"),
    rule("weapon_on_them", _O, r"\buse (?:it|the knife|the gun|this) on (?:him|her|them)\b"),
    rule("hurt_my_child", _O,
         r"\bi (?:hit|hurt|slapped|beat|shook|punched|kicked|choked) my (?:son|daughter|kids?|child|"
         r"children|baby|partner|wife|husband|girlfriend|boyfriend)\b"),

)
