"""Self-harm: hurting one's own body, the urge to, and doing it again."""

from __future__ import annotations

from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import SELF_VERB, Rule, rule

_H = Category.SELF_HARM

SELF_HARM_RULES: tuple[Rule, ...] = (
    rule("hurt_myself", _H,
         rf"\b{SELF_VERB} myself\b(?! (?:by accident|accidentally|shaving|cooking|at the gym|playing|"
         r"off|out|short|"
         r"running|lifting|on the stairs|skiing|at work|when i fell|falling|while|baking|ironing|making|"
         r"on (?:the|a) (?:oven|stove|iron|pan|kettle|hob|grill|toaster|radiator)))"),
    rule("self_harm_word", _H, r"\bself (?:harm|harming|harmed|injury|injuring|injure|mutilation)\b"),
    rule("cutting_again", _H, r"\bi (?:have |had )?(?:started |been |was )?cut(?:ting)? again\b"),
    rule("urge_to_cut", _H,
         r"\b(?:urge to|want to|wanting to|like|going to|need to) (?:cut|cutting)"
         r"(?=$| (?:tonight|again|now|so|really|badly|deep|deeper|and|until|right now|"
         r"my (?:arms?|wrists?|legs?|"
         r"thighs?|skin|stomach)))"),
    rule("wound_body", _H,
         r"\b(?:cut|cutting|cuts|slit|slitting|slashed|slash|slashing|carved|carving|carve|burned|burning|"
         r"burn) (?:into )?my (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b"),
    rule("made_myself_bleed", _H,
         r"\bmade myself bleed\b|\b(?:until|till) (?:i|it|they|my [a-z]+) (?:bled|bleed|bleeds|"
         r"was bleeding)\b"),
    rule("on_purpose", _H,
         r"\b(?:hit|hitting|punched|punching|banged|banging|burned|burnt|burning|burn|cut|cutting|"
         r"scratched|scratching|bit|biting|hurt|hurting)\b(?: [a-z]+){0,8}? on purpose\b"),
    rule("blade_on_myself", _H, r"\buse (?:it|them|the (?:blade|razor|knife)) on myself\b"),

)
