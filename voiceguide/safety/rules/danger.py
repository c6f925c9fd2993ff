"""Immediate danger: the means are at hand, it has happened, or someone is coming."""

from __future__ import annotations

from voiceguide.safety import vocabulary as words
from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import (
    ABUSER,
    ADULT,
    AMOUNT,
    ARMED_WEAPON,
    NOT_AS_PRESCRIBED,
    PILLS,
    WEAPON,
    Rule,
    either,
    gap,
    near,
    rule,
)

_D = Category.IMMEDIATE_DANGER

_SOMEONE = rf"(?:someone|somebody|{ABUSER})"
_STRANGER = r"(?:a man|a guy|a woman|someone|somebody|a stranger|people|men)"
_ARMED = (
    r"(?:with|has|has got|got|holding|carrying|waving|brought) (?:a|an|the|his|her|their|my) (?:[a-z]+ )?"
    rf"{ARMED_WEAPON}"
)

# Up high: how they are there, where, and what says it is a danger and not a view.
_POSTURE = (
    r"(?:now|still|just|currently|right now|literally|standing|sitting|sat|stood|perched|crouched|leaning|"
    r"climbing|up|out|outside)"
)
# "the ", "my " and perhaps one word more ("the window ledge").
_THE_PLACE = r"(?:the |a |my |this |our )?(?:[a-z]+ )?"
_LOOKING_DOWN = (
    r"(?:looking down|look down|staring down|stare down|jump|jumping|the edge|the drop|how high|how far down|"
    r"over the (?:side|edge|railing|railings)|let go|lean over|leaning over|climb over|climbing over|fall|"
    r"falling|the cars|the water|the traffic below|the road below)"
)
_NOW = r"(?:right now|now|tonight|at the moment)"
_BUSY = (
    r"(?:fixing|repairing|cleaning|clearing|painting|working|sunbathing|tiling|having|drinking|eating|"
    r"reading|watching|waiting|stuck|driving|traffic|queue|view|views|sunset|sunrise|photos|pictures|selfies|"
    r"tour|sightseeing|pool|bath|fireplace|hot tub|swimming)"
)
# On a ledge or a roof, "now" is enough; at the top of a tower it takes looking down or the drop.
_THERE_NOW = (
    rf"(?=(?: (?!{_BUSY}\b)[a-z]+){{0,10}}? (?:{_LOOKING_DOWN}|{_NOW})\b(?!(?: [a-z]+){{0,6}} {_BUSY}\b))"
)
_LOOKING_DOWN_SOON = rf"(?=(?: (?!{_BUSY}\b)[a-z]+){{0,10}}? {_LOOKING_DOWN}\b)"

# A rope tied for a swing, a hammock or the washing.
_NOT_A_SWING = (
    r"(?!(?: [a-z]+){0,6} (?:swing|hammock|washing|boat|tent|tyre|dog|climbing|trailer|roof rack)\b)"
)

_BLOOD = (
    r"(?<!give )(?<!gave )(?<!giving )(?<!sight of )(?<!see )(?<!seeing )"
    r"blood(?! (?:test|tests|pressure|sugar|donation|type|work|results|bank|orange)\b)"
)
# Blood in a film, or from a cut finger or a nosebleed, is no emergency.
_NOT_FILM_OR_SMALL_CUT = (
    r"(?!(?: [a-z]+){0,8} (?:film|movie|show|game|episode|series|scene|book|documentary|finger|toe|nose|"
    r"nosebleed|knee|shaving|period|by accident|accidentally)\b)"
)

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
         rf"(?:[a-z]+ )?{PILLS}\b|"
         rf"\b(?:drank|drunk|drinking)\b(?: [a-z]+){{0,12}}? (?:got|have|counted|lined up|poured) "
         rf"(?:all )?(?:my |the |some )?(?:[a-z]+ )?{PILLS} (?:out|ready|lined up|in front of me)\b"),
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
         rf"\b(?:took|taken|swallowed|downed|necked|popped) {AMOUNT}(?: of)?(?: [a-z]+){{0,3}}? "
         rf"(?:{PILLS}|dose|doses|prescription)\b{NOT_AS_PRESCRIBED}|"
         rf"\b(?:already|just) (?:taken|took|swallowed) the {PILLS}\b"),
    rule("overdosed", _D,
         r"\b(?:took|taken|had) an overdose\b(?! (?:storyline|plot|subplot|episode|scene|story)\b)|"
         r"\bi (?:have |just )?overdosed\b"),
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
    rule("noose", _D,
         rf"\btied (?:the|a) (?:rope|noose)\b{_NOT_A_SWING}|\b(?:the|a) noose\b"),
    rule("intruder_armed", _D,
         rf"\b(?:outside|at) (?:my|the) (?:door|window|house) with a {WEAPON}\b|"
         rf"\b(?:{_SOMEONE} (?:is|are|was)|there (?:is|are) {_STRANGER})(?: [a-z]+){{0,2}}? "
         rf"{either(words.HERE_OR_COMING)}\b{gap(8)} {_ARMED}"),
    rule("door_broken", _D,
         r"\b(?:breaking|kicking|smashing|bashing) (?:down )?(?:the|my) (?:door|window)\b|"
         r"\b(?:kick|kicks|kicked|break|breaks|broke|smash|smashes|smashed|bash|bashes|bashed) (?:the|my) "
         r"(?:door|window) (?:down|in)\b"),
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
    rule("car_in_garage", _D,
         r"\b(?:engine|car) running in the garage\b|\bin the garage with the (?:engine|car) running\b|"
         r"\b(?:hose|hosepipe|tube|tubing|pipe) (?:on|to|onto|into|from|in) the exhaust\b|"
         r"\bexhaust (?:fumes )?into the car\b|\b(?:taped|sealed) up the car\b|"
         r"\b(?:lit|lighting|light) (?:a |the )?(?:charcoal|disposable barbecue|disposable bbq|barbecue|bbq) "
         r"(?:in|inside) (?:the|my) (?:car|tent|bedroom|bathroom|room)\b"),
    rule("on_the_edge", _D,
         r"\b(?:standing|sitting) on (?:the|a) (?:bridge|ledge|roof|railing|cliff|(?:edge|ledge) of "
         r"(?:the|a) (?:roof|bridge|building|cliff|balcony|tower|platform))\b"
         r"(?! of the (?:pool|bath|fireplace|hot tub|shower)\b)|"
         r"\bi am (?:up )?on (?:the|a) (?:bridge|ledge|roof|cliff)(?=$| right now| now| and)"
         rf"(?!(?: [a-z]+){{0,6}} {_BUSY}\b)|"
         r"\bon (?:the|a) (?:roof|bridge|ledge|cliff)(?: [a-z]+){0,10}? jump\b"),
    rule("up_high_now", _D,
         rf"\bi am (?:{_POSTURE} )*(?:(?:up |out )?on|over|(?:at|on) the edge of) {_THE_PLACE}"
         rf"(?:{either(words.LEDGES)}\b(?!(?: [a-z]+){{0,6}} {_BUSY}\b)|"
         rf"{either(words.HIGH_PLACES)}\b{_THERE_NOW})|"
         rf"\bi am (?:{_POSTURE} )*(?:up )?(?:on|at) (?:the )?(?:top|roof) of {_THE_PLACE}"
         rf"{either(words.TALL_PLACES)}\b{_LOOKING_DOWN_SOON}"),

    # --- the means are taken: poison, something swallowed to end it; blood lost; hiding --------------
    rule("drank_poison", _D,
         r"\b(?:drank|drunk|swallowed|downed|ate|eaten|took|taken|injected|am drinking) "
         r"(?:(?:some|a bottle of|a cup of|a glass of|a mouthful of|a lot of|the|half a bottle of|"
         rf"a capful of) )?{either(words.POISONS)}\b"),
    rule("took_it_to_end_it", _D,
         r"\b(?:took|taken|swallowed|drank|drunk|downed|injected|ate)\b"
         r"(?! (?:a|some|my|the) (?:walk|nap|break|bath|shower|breath|deep breath|minute|moment|day|drive|"
         r"second|step back|while|look)\b)(?: [a-z]+){0,8}? "
         r"(?:to|so (?:that )?i (?:would|could|will|can|might)) (?:make (?:it|everything|this|the pain|"
         r"the thoughts) (?:all )?stop|die|end (?:it|everything|things|my life|it all)|not wake up|"
         r"never wake up|sleep forever|go to sleep forever|be done|not be here|not feel anything)\b"),
    rule("losing_blood", _D,
         rf"\b{_BLOOD} (?:is |was |has |keeps )?(?:all over|everywhere|pouring|gushing|spurting|pooling|"
         r"soaking|dripping everywhere|will not stop|would not stop|running down)\b"
         rf"{_NOT_FILM_OR_SMALL_CUT}|"
         rf"\b(?:so much|a lot of|lots of|loads of|too much|a pool of|pools of) {_BLOOD}\b"
         rf"{_NOT_FILM_OR_SMALL_CUT}|"
         r"\blost (?:so much|a lot of|too much|loads of|lots of) blood\b|"
         + near(r"(?:feel|feeling|going|getting|am|gone) (?:really |very |so |a bit |a little )?"
                r"(?:faint|dizzy|light headed|lightheaded|woozy)", rf"(?:{_BLOOD}|bleeding|bled)", 10)),
    rule("weapon_out", _D,
         rf"\b{_SOMEONE}(?: [a-z]+){{0,4}}? (?:bring|bringing|brought|get|getting|got|grab|grabbed|grabbing|"
         r"fetch|fetched|pulled|pulls|took|takes) (?:out )?(?:a|the|his|her|their) (?:[a-z]+ )?"
         rf"{ARMED_WEAPON}(?! (?:out of the (?:dishwasher|drawer|sink)|back)\b)|"
         r"\b(?:pulled|pulls|pulling) (?:a|the|his|her) (?:knife|gun|blade|weapon) on (?:me|us|my)\b"),
    rule("hanging_point", _D,
         r"\btied (?:a|the|my) (?:rope|belt|cord|scarf|tie|cable|sheet|dressing gown cord|noose) "
         r"(?:to|around|round|on|onto) (?:the|a|my) (?:banister|bannister|beam|door|doorframe|door frame|"
         r"rail|hook|tree|loft hatch|ceiling|light fitting|wardrobe|pipe|stair rail|railing)\b"
         rf"{_NOT_A_SWING}"),
    rule("in_the_road", _D,
         r"\bi am (?:[a-z]+ ){0,2}?(?:(?:standing |lying |sitting |sat )?in the middle of|lying on|lying in|"
         r"standing on|standing in|sat on|sitting on|sitting in|lying across) (?:the|a) (?:road|motorway|"
         r"railway|railway line|tracks|train tracks|dual carriageway|level crossing)\b"
         r"(?=(?: [a-z]+){0,8}? (?:waiting|until|for (?:a|the) (?:lorry|truck|car|bus|train)|right now|now|"
         r"tonight|to get hit)\b)"),
    rule("hiding_from_them", _D,
         rf"\b(?:hiding|hid|locked myself|barricaded myself|shut myself)\b(?: [a-z]+){{0,6}}? "
         rf"(?:from (?:him|her|them|my {ADULT})\b|(?:because|so|while|until|in case|before) (?:he|she|they) "
         r"(?:is|are|was|will|can|does|do|finds|gets|comes|calms|leaves|goes|stops|might|could)\b)"),

    # --- batch 8's misses, by class (fixed once blind batch 9 replaced it) ---------------------------
    rule("just_had_pills", _D,
         rf"\b(?:just|already) (?:had|have had|necked|downed|done|eaten) (?:a whole|the whole|all of|all the|"
         rf"all my|{AMOUNT})(?: [a-z]+){{0,3}}? {PILLS}\b{NOT_AS_PRESCRIBED}"),
    rule("heavy_bleeding", _D,
         rf"\b(?:cut|wound|gash|{_BLOOD})\b(?: [a-z]+){{0,6}}? (?:is |are |keeps |keep )?(?:gushing|"
         r"pouring|spurting|pumping|pulsing)\b(?!(?: [a-z]+){0,6} (?:stopped|plaster|for a (?:minute|second|"
         r"moment|bit)|for a few (?:minutes|seconds)))|"
         r"\b(?:soaked|soaking|soaks) (?:right |all the way )?through\b(?: [a-z]+){0,6}? "
         r"(?:blood|bleeding)\b|"
         r"\b(?:cut|wound|gash|bleeding)\b(?: [a-z]+){0,8}? (?:towels?|bandages?|tea towels?) (?:is |are )?"
         r"(?:soaked|soaking|drenched|full)\b"),
    rule("gun_being_loaded", _D,
         r"\b(?:just |is |has |is just )?(?:loaded|loading|cocked|cocking) (?:his|her|their|the|a|my) "
         r"(?:gun|rifle|shotgun|pistol|revolver)\b(?!(?: [a-z]+){0,6} (?:clay|clays|range|shoot|shooting|"
         r"hunt|hunting|season|deer|rabbits|pigeons|competition|practice|cleaning|club)\b)"),
    rule("about_to_attack_me", _D,
         rf"\b(?:he|she|they|someone|somebody|{ABUSER}) (?:is|are|was) (?:going to|gonna|about to|trying to) "
         r"(?:stab|shoot|strangle|choke|kill|murder|smother|drown) me\b"
         r"(?! (?:when|if|for|because|after|once|about|(?:a|an) (?:text|message|email|look|glance|line|dm|"
         r"quick))\b)"),
    rule("over_the_railing", _D,
         r"\b(?:climbed|climbing|stepped|stepping|got|getting) (?:over|onto|on to|up on) (?:the|a) "
         r"(?:balcony |bridge |roof )?(?:rail|railing|railings|barrier|parapet|ledge)\b"
         r"(?=(?: [a-z]+){0,8}? (?:floor|storey|storeys|stories|holding on|hanging on|edge|drop|jump|let go|"
         r"below|metres|meters|feet|high|right now)\b)"),
    rule("breaking_in_now", _D,
         rf"\b(?:{ABUSER}|someone|somebody|a man|a woman|he|she|they) (?:is|are) "
         r"(?:climbing|getting|breaking|coming|trying to get) (?:in )?(?:through|in through) (?:the|my) "
         r"(?:[a-z]+ )?(?:window|door|back door|patio door)\b"),
)
