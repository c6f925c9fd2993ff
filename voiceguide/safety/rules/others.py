"""Harm to others: intent, urges and plans to hurt someone."""

from __future__ import annotations

from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import ARMED_WEAPON, GAP, HARM_VERB, INTENT, OTHER, Rule, near, rule

_O = Category.HARM_TO_OTHERS

# "kill him with kindness", "hit her up", "i will kill him if he eats my chips": anger said in jest.
_NOT_IDIOM = (
    r"(?! (?:a text|a message|a look|a glance|an email|out\b|feelings|with (?:kindness|love)|"
    r"at (?:chess|cards|tennis|golf)))"
    r"(?! up\b(?:(?<=hit him up)|(?<=hit her up)|(?<=hit them up)))"
    r"(?!(?: [a-z]+){0,3} if (?:he|she|they) (?:eats|eat|ate|takes|took|touches|borrows|forgets|forgot|"
    r"spoils|is late|are late|uses|breaks|leaves the|does that again|says that again|finishes))"
    r"(?! for (?:[a-z]+ing|that|this|it)\b)"
)
_ARMED = (
    r"(?:got|have|bringing|brought|taking|took|grabbed|packed|with|carrying) (?:a|the|my) (?:[a-z]+ )?"
    rf"{ARMED_WEAPON}"
)
_ON_THE_WAY = (
    r"(?:(?:driving|going|heading|walking|on my way|off|coming) (?:over |round |straight |back )?(?:to|for) "
    r"(?:his|her|their|the) (?:place|house|flat|work|office|door|school)|"
    r"(?:going|off|on my way) to (?:find|get|sort out|deal with|confront|see) (?:him|her|them))"
)
_BREAK = (
    r"(?:break|breaking|smash|smashing|snap|snapping|bash|bashing|cave|caving|kick|kicking|punch|punching|"
    r"stab|stabbing|slit|slitting|cut|cutting|bust|busting)"
)
_BONES = (
    r"(?:legs?|arms?|neck|jaw|nose|face|head|skull|teeth|kneecaps?|knees?|ribs|throat|fingers|back|hands?)"
)

HARM_TO_OTHERS_RULES: tuple[Rule, ...] = (
    rule("intent_to_harm", _O,
         rf"\b{INTENT}{GAP} {HARM_VERB} {OTHER}\b{_NOT_IDIOM}"),
    rule("might_really_do_it", _O,
         rf"\bcould {HARM_VERB} {OTHER} and i (?:think i |really )?(?:might|will|mean it|am going to)\b|"
         rf"\b(?:think|afraid|scared|worried|know|swear|feel like) (?:that )?i (?:could|might|would|will)"
         rf"(?: actually| really| seriously| honestly| genuinely| easily)? {HARM_VERB} {OTHER}\b{_NOT_IDIOM}|"
         rf"\bcould {HARM_VERB} {OTHER}(?: [a-z]+){{0,4}}? "
         r"(?:tonight|right now|and not (?:even )?(?:feel|care|regret|think twice)|"
         r"without (?:feeling|a second thought|blinking|regret|thinking twice)|and get away with it|"
         r"with my bare hands|and mean it)\b"),
    rule("run_over", _O, r"\brun (?:him|her|them) over\b"),
    rule("smash_face", _O, r"\bsmash (?:his|her|their) (?:face|head|skull)\b"),
    rule("make_bleed", _O, rf"\bmake {OTHER} bleed\b"),
    rule("want_them_dead", _O, rf"\bwant {OTHER} dead\b"),
    rule("arson", _O, r"\bburn (?:his|her|their) (?:house|flat|apartment|car|place)\b"),
    rule("weapon_on_them", _O, r"\buse (?:it|the knife|the gun|this) on (?:him|her|them)\b"),
    rule("hurt_my_child", _O,
         r"\bi (?:hit|hurt|slapped|beat|shook|punched|kicked|choked) (?:my (?:son|daughter|kids?|child|"
         r"children|baby|partner|wife|husband|girlfriend|boyfriend)|the (?:baby|kids|children))\b"),

    # --- by concept: smothering, broken bones, a weapon taken to someone's place ---------------------
    rule("smother_them", _O,
         r"\b(?:pillow|cushion|plastic bag|bag|my hands?|hand) "
         r"(?:over (?:his|her|their|the babys|my [a-z]+s) (?:face|mouth|nose|head)|"
         r"(?:around|round|on) (?:his|her|their|the babys|my [a-z]+s) (?:neck|throat))\b"),
    rule("break_their_bones", _O,
         rf"\bi (?:[a-z]+ ){{0,2}}?{INTENT}(?: [a-z0-9]+){{0,10}}? {_BREAK} (?:in )?(?:his|her|their) "
         rf"{_BONES}\b"),
    rule("armed_on_the_way", _O, near(_ARMED, _ON_THE_WAY, 12)),
    rule("through_the_wall", _O,
         r"\bi (?:[a-z]+ ){0,3}?(?:put|throw|knock|smash|push|shove|slam) (?:him|her|them|my [a-z]+) "
         r"(?:through|into|against|down) (?:the|a|that) (?:wall|window|door|floor|ground|stairs|table)\b"),

    # --- batch 8's misses, by class (fixed once blind batch 9 replaced it) ---------------------------
    rule("end_them", _O,
         r"\bi (?:am )?(?:going to|gonna|will|about to) end (?:him|her|them)\b"
         r"(?! (?:a (?:text|message|letter)|an? (?:email|invite))| (?:at|in) (?:the )?(?:match|game|final|"
         r"tournament|quiz|round))"),
    rule("nearly_hurt_my_child", _O,
         r"\b(?:nearly|almost|very nearly|came close to|so close to) (?:throttled|throttling|strangled|"
         r"strangling|choked|choking|smothered|smothering|shook|shaking|hit|hitting|killed|killing|drowned|"
         r"threw|throwing|hurt|hurting) (?:my (?:son|daughter|kids?|child|children|baby|partner|wife|husband|"
         r"girlfriend|boyfriend|mum|mother|dad|father)|the (?:baby|kids|children|child))\b"),
    rule("untraceable_poison", _O,
         r"\b(?:poisons?|something|a drug|drugs|stuff)(?: [a-z]+){0,2}? (?:that|which) (?:do not|does not|"
         r"can not|will not|would not|would never|never) (?:show up|be detected|be traced|"
         r"get picked up|be found)"
         r"(?: [a-z]+){0,4}? (?:blood tests?|tests?|post mortem|autopsy|tox screen|toxicology)\b|"
         r"\buntraceable poisons?\b", negatable=False),
    rule("harm_the_baby", _O,
         r"\b(?:going to|gonna|might|could|will|about to|want to|scared i will|afraid i will) "
         r"(?:throw|shake|drop|smother|hurt|hit|suffocate|drown) (?:the|my|our) (?:baby|newborn|infant|"
         r"toddler)\b"),
    rule("until_they_stop_breathing", _O,
         r"\b(?:until|till) (?:he|she|they|it) (?:stops|stop|stopped) (?:breathing|moving)\b"),
)
