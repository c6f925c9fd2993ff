"""Immediate danger: the means are at hand, it has happened, or someone is coming."""

from __future__ import annotations

from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import ABUSER, PILLS, Rule, rule

_D = Category.IMMEDIATE_DANGER

DANGER_RULES: tuple[Rule, ...] = (
    rule("means_at_hand", _D,
         rf"\b(?:have|got|holding|hold|counted out|lined up|poured out) (?:all )?(?:of )?(?:the|my|these|"
         rf"those|a bottle of|a handful of|some|all) (?:[a-z]+ )?{PILLS}(?: [a-z]+){{0,2}}? "
         rf"(?:in front of me|in my hands?|right here|here|ready|lined up|on the table|next to me)\b"
         r"(?! for\b)"),
    rule("pills_ready", _D, rf"\b{PILLS} (?:are|is) (?:in front of me|right here|here|ready|in my "
         rf"hands?)\b"),
    rule("took_pills", _D,
         rf"\b(?:took|taken|swallowed|downed|take) (?:all|a whole bottle of|a bottle of|the whole bottle of|"
         rf"too many|a bunch of|a handful of|all of my|all of the|all my|all the|loads of|lots of|a lot of|"
         rf"an overdose of)(?: my)?(?: [a-z]+)? {PILLS}\b|"
         r"\bswallowed (?:all of them|them all|the lot|the whole lot|everything)\b|"
         r"\b(?:took|taken|swallowed|downed) (?:the|a) whole (?:bottle|packet|box|pack|strip)\b"),
    rule("took_the_pills", _D,
         rf"\b(?:took|taken|swallowed) the {PILLS} (?:an hour|a while|minutes|already|just now|ago)"),
    rule("drink_and_pills", _D,
         rf"\b(?:drank|drunk|drinking)\b(?: [a-z]+){{0,12}}? (?:took|taken|swallowed) "
         rf"(?:[a-z]+ )?{PILLS}\b"),
    rule("means_against_body", _D,
         r"\b(?:holding|hold|have|got|pressing|press|put|putting) (?:a|the|my) (?:knife|gun|blade|razor|"
         r"pistol) (?:to|against) my (?:throat|neck|head|wrists?|arms?|chest|skin|temple|mouth)\b|"
         r"\b(?:gun|knife|blade|razor|pistol|pills) in my hands?\b"
         r"(?!(?: [a-z]+){0,12}? (?:game|video|movie|film|dream)\b)|"
         r"\b(?:rope|noose|belt|cord) (?:is )?(?:around|round) my neck\b|"
         r"\bon the (?:train |railway |rail )?tracks\b"),
    rule("afraid_they_will_kill", _D,
         rf"\b(?:scared|afraid|terrified|worried|frightened) (?:that )?(?:he|she|they|someone|{ABUSER}) "
         r"(?:will|might|is going to|would|is gonna) (?:kill|hurt|hit|beat|attack|stab|shoot) me\b"),
    rule("took_many_pills", _D,
         rf"\b(?:took|taken|swallowed) (?:about |like |maybe |over )?(?:[5-9]|\d{{2,}}|five|six|seven|"
         rf"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
         rf"twenty|thirty|forty|fifty|a hundred)(?: [a-z]+)? {PILLS}\b|"
         rf"\b(?:already|just) (?:taken|took|swallowed) the {PILLS}\b"),
    rule("overdosed", _D, r"\b(?:took|taken|had) an overdose\b|\bi (?:have |just )?overdosed\b"),
    rule("weapon_in_hand", _D,
         r"\b(?:have|got|holding|hold|has|with) (?:a|the|my|his|her) (?:loaded )?(?:gun|knife|blade|razor|"
         r"razor blade|rope|noose|pistol|rifle)(?: [a-z]+)?? (?:in my hands?|right now|ready|loaded|"
         r"to my head|with me)\b"),
    rule("means_in_hand", _D,
         rf"\b(?:gun|knife|blade|razor|rope|noose|pistol|rifle|{PILLS}) (?:is|are) (?:in my hands?|"
         r"right here|ready|loaded)\b"),
    rule("means_and_intent", _D,
         r"\b(?:have|got|holding|with) (?:a|the|my) (?:knife|gun|blade|razor|rope|pills)(?: [a-z]+){0,3}? "
         r"(?:going to|will|want to|about to|ready to) use (?:it|them)\b|"
         r"\bin the (?:bath|bathtub|tub|bathroom) with (?:a|the|my) (?:razor|knife|blade|pills)\b"),
    rule("gun_loaded", _D, r"\b(?:gun|rifle|pistol) is loaded\b|\bloaded (?:gun|pistol|rifle)\b"),
    rule("noose", _D, r"\btied (?:the|a) (?:rope|noose)\b|\b(?:the|a) noose\b"),
    rule("intruder_armed", _D,
         r"\b(?:outside|at) (?:my|the) (?:door|window|house) with a (?:knife|gun|weapon|bat|axe)\b|"
         r"\b(?:he|she|they|someone|somebody) (?:is|are) (?:outside|here|downstairs|upstairs|in the house|"
         r"at the door|coming)(?: [a-z]+){0,2}? with a (?:gun|knife|weapon|bat|axe)\b"),
    rule("door_broken", _D, r"\b(?:breaking|kicking|smashing|bashing) (?:down )?(?:the|my) (?:door|"
         r"window)\b"),
    rule("trying_to_get_in", _D,
         r"\btrying to (?:break in|hurt me|kill me|get in(?=$| and| i| he| she| the house| my))"),
    rule("armed_person", _D,
         r"\b(?:he|she|they|someone|somebody) (?:is got|has got|has|have|is holding|has a) (?:a )?"
         r"(?:gun|knife|weapon)\b(?! (?:set|block|sharpener|collection|licen[cs]e|drawer|holder))"),
    rule("coming_to_kill_me", _D,
         rf"\b(?:he|she|they|someone|somebody|{ABUSER}) (?:is|are) (?:going|coming) to kill me\b"
         r"(?! (?:when|if|for|because|after|once|about))"),
    rule("fear_for_life", _D, r"\b(?:scared|afraid|fear|fearing|terrified) for my life\b"),
    rule("in_danger", _D, r"\bi am in (?:immediate |real )?danger\b"),
    rule("not_safe", _D,
         r"\b(?:not|do not feel|does not feel|never) safe (?:right now|at home|here|tonight|now|"
         r"in my (?:home|house))\b|\bi (?:am not|do not feel|am not feeling) safe$", negatable=False),
    rule("bleeding", _D,
         r"\bbleeding (?:really |very |so )?(?:a lot|badly|heavily|so much|everywhere)\b|"
         r"\b(?:will not|can not) stop (?:the )?bleeding\b|\bcut too deep\b"),
    rule("car_in_garage", _D, r"\b(?:engine|car) running in the garage\b|\bin the garage with the "
         r"(?:engine|car) running\b"),
    rule("on_the_edge", _D,
         r"\b(?:standing|sitting) on (?:the|a) (?:bridge|ledge|roof|railing|cliff|(?:edge|ledge) of "
         r"(?:the|a) (?:roof|bridge|building|cliff|balcony|tower|platform))\b|"
         r"\bi am (?:up )?on (?:the|a) (?:bridge|ledge|roof|cliff)(?=$| right now| now| and)|"
         r"\bon (?:the|a) (?:roof|bridge|ledge|cliff)(?: [a-z]+){0,10}? jump\b"),

)
