"""Abuse: someone hurting, threatening, controlling or forcing the speaker."""

from __future__ import annotations

from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import ABUSE_VERB, ABUSER, CLOSE, Rule, rule

_A = Category.ABUSE

# After "X hit me": play, accidents and hurt feelings, not violence.
_NOT_VIOLENCE = (
    r"(?! (?:to (?!the)|at |a |an |in (?:chess|cards|the game)|on the cheek|up (?:to|about|later)|"
    r"by the hand|"
    r"on the swings?|in (?:his|her|their|my) sleep|"
    r"under the table))"
    r"(?!(?: [a-z]+){0,6} (?:by accident|accidentally|playing|playfully|as a joke|jokingly|and we laughed|"
    r"with a (?:pillow|toy|ball|snowball|cushion|question|hard question|request|bill|comment|joke)))"
    r"(?! up\b(?:(?<=hit me up)|(?<=hits me up)))(?! to\b(?:(?<=beat me to)|(?<=beats me to)))"
    r"(?! (?:when|by|with) (?:he |she |they )?(?:said|says|say|saying|told|tells|telling|not|did not|"
    r"does not|forgot|forgetting|ignored|ignoring|left|leaving|lied|lying|cheated|cheating|chose|choosing|"
    r"called|calling|what|his words|her words|their words|those words))"
)
_ABUSE_ADVERBS = (
    r"(?:(?:is|was|has|had|keeps|kept|always|still|just|sometimes|again|even|also|often|literally) )*"
)

ABUSE_RULES: tuple[Rule, ...] = (
    rule("abuser_hurts_me", _A,
         rf"\b{ABUSER} {_ABUSE_ADVERBS}{ABUSE_VERB} me\b{_NOT_VIOLENCE}|"
         rf"\b{ABUSER}(?: [a-z]+){{1,6}}? (?:and|then) (?:he |she |they )?{ABUSE_VERB} me\b"
         rf"{_NOT_VIOLENCE}"),
    rule("threatened", _A,
         r"\bthreat(?:s|ened|ening|ens)? to (?:kill|hurt|harm|beat|take the kids)\b|"
         r"\b(?:says|said|told me|tells me|swore|swears) (?:that )?(?:he|she|they) (?:will|would|is "
         r"going to|"
         r"was going to) (?:kill|hurt|harm|beat) (?:me|us|the kids|my)\b"),
    rule("sexual_violence", _A,
         r"\bforc(?:es|ed|ing) me to (?:have sex|do (?:things|stuff|sexual))|\bforced (?:himself|herself) "
         r"on me\b|\bsexually assaulted\b"),
    rule("touch_after_no", _A,
         r"\b(?:touches|touched|touch) me (?:when|after|even though|even when) i (?:say|said) no\b",
         negatable=False),
    rule("abused_as_child", _A,
         r"\b(?:touched|molested|abused|raped|hurt|beat) me when i was (?:a kid|a child|little|young|small|"
         r"a teenager|[0-9]+)\b"),
    rule("was_abused", _A, r"\b(?:was|been|being|am|get|got) (?:raped|abused|assaulted|molested|beaten)\b"),
    rule("abusive_person", _A,
         rf"\b{ABUSER} (?:is|are|was|has been|can be|gets) (?:so |really |very )?(?:abusive|violent)\b"),
    rule("afraid_of_partner", _A,
         rf"\b(?:afraid|scared|terrified|frightened) (?:of|to go home because of) (?:him|her|them|my "
         rf"{CLOSE})\b(?! (?!hitting|hurting|beating|killing|attacking|choking)[a-z]+ing\b)"
         r"|\b(?:afraid|scared|terrified) to go home\b"),
    rule("controlled", _A,
         r"\b(?:will not|would not|does not|never) let me (?:leave|go out|see my|call|talk to|have my|"
         r"out)\b|"
         r"\block(?:s|ed)? me (?:in|up)\b|\btakes? my phone\b", negatable=False),
    rule("weapon_at_me", _A, r"\b(?:knife|gun|blade) to my (?:throat|neck|head)\b|\bby the (?:throat|"
         r"neck)\b"),
    rule("laid_hands", _A, r"\b(?:laid|lays|put|puts) (?:a|his|her) hands? on me\b"),

)
