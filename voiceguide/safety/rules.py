"""The detector's rules: regular expressions over normalized text (see normalize.py), one category each.

Each rule names a phrase that, said about oneself, means danger. Idioms ("this traffic is killing me")
do not match because the rules need the reflexive or personal object, an intent, or a method; where an
idiom shares the words, a lookahead after the phrase rules it out. Rules marked negatable are dropped
when a negation ("not", "never", "no") comes shortly before them in the same clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from voiceguide.safety.categories import Category


@dataclass(frozen=True)
class Rule:
    """One pattern, the category it signals, and whether a preceding negation cancels it."""

    name: str
    category: Category
    pattern: re.Pattern[str]
    negatable: bool = True


_S = Category.SUICIDE
_H = Category.SELF_HARM
_O = Category.HARM_TO_OTHERS
_A = Category.ABUSE
_D = Category.IMMEDIATE_DANGER

# Building blocks, as regular-expression text.
_GAP = r"(?: [a-z0-9]+){0,4}?"  # up to four words in between
_CLOSE = (
    r"(?:husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|ex|kids?|son|daughter|baby|child|"
    r"children|mom|mum|mother|dad|father|brother|sister|neighbou?r|boss|roommate|flatmate|family|"
    r"stepfather|stepdad|stepmother|stepmom|stepmum|uncle|aunt|grandfather|grandpa|parents)"
)
_OTHER = (
    rf"(?:him|her|them|hem|someone|somebody|people|everyone|everybody|the baby|the kids|the children|"
    rf"my {_CLOSE}|(?:that|this) (?:man|woman|guy|girl|boy|person|kid|bitch|bastard))"
)
_ADULT = (
    r"(?:husband|wife|partner|boyfriend|girlfriend|fiance|fiancee|ex|son|daughter|mom|mum|mother|dad|"
    r"father|brother|sister|boss|roommate|flatmate|stepfather|stepdad|stepmother|stepmom|stepmum|uncle|"
    r"aunt|grandfather|grandpa|parents)"
)
_ABUSER = rf"(?:he|she|they|my {_ADULT}|her {_ADULT}|his {_ADULT})"
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
_PILLS = r"(?:pills?|peels|tablets|meds|medication|medicine|painkillers|sleeping pills|sleeping tablets)"
_HARM_VERB = (
    r"(?:kill|killing|murder|murdering|hurt|hurting|harm|harming|stab|stabbing|shoot|shooting|strangle|"
    r"strangling|choke|choking|beat|beating|smother|smothering|shake|shaking|poison|poisoning|attack|"
    r"attacking|punch|punching|drown|drowning|hit|hitting|slap|slapping|kick|kicking)"
)
_INTENT = (
    r"(?:want to|wanted to|going to|will|about to|feel like|like|plan to|planning to|thinking about|"
    r"thinking of|thoughts of|thoughts about|afraid i will|afraid i might|scared i will|scared i might|"
    r"might|could really|urge to|need to|ready to|gonna)"
)
_SELF_VERB = (
    r"(?:hurt|hurts|hurting|harm|harms|harming|harmed|cut|cuts|cutting|burn|burns|burned|burnt|burning|"
    r"hit|hits|hitting|scratch|scratched|scratches|scratching|bit|bite|bites|biting|stab|stabbed|"
    r"stabbing|punch|punched|punching|starve|starving|starved|injure|injured|injuring|mutilate|"
    r"mutilating|mutilated)"
)
_ABUSE_VERB = (
    r"(?:hits|hit|hitting|beats|beat|beating|punched|punches|punching|kicks|kicked|kicking|slapped|slaps|"
    r"slapping|choked|chokes|choking|strangled|strangles|strangling|shoved|shoves|pushed|pushes|threw|"
    r"throws|raped|rapes|abuses|abused|abusing|hurts|hurt|hurting|burned|burns|grabbed|grabs|bit|bites|"
    r"attacked|attacks|assaulted|assaults|molested|molests|threatens|threatened|threatening|stalking|"
    r"stalks|stalked)"
)
_ABUSE_ADVERBS = (
    r"(?:(?:is|was|has|had|keeps|kept|always|still|just|sometimes|again|even|also|often|literally) )*"
)


def _rule(name: str, category: Category, pattern: str, *, negatable: bool = True) -> Rule:
    return Rule(name, category, re.compile(pattern), negatable)


RULES: tuple[Rule, ...] = (
    # --- immediate danger: the means are at hand, it has happened, or someone is coming ---------------
    _rule("means_at_hand", _D,
          rf"\b(?:have|got|holding|hold|counted out|lined up|poured out) (?:all )?(?:of )?(?:the|my|these|"
          rf"those|a bottle of|a handful of|some|all) (?:[a-z]+ )?{_PILLS}(?: [a-z]+){{0,2}}? "
          rf"(?:in front of me|in my hands?|right here|here|ready|lined up|on the table|next to me)\b"
          r"(?! for\b)"),
    _rule("pills_ready", _D, rf"\b{_PILLS} (?:are|is) (?:in front of me|right here|here|ready|in my "
          rf"hands?)\b"),
    _rule("took_pills", _D,
          rf"\b(?:took|taken|swallowed|downed|take) (?:all|a whole bottle of|a bottle of|the whole bottle of|"
          rf"too many|a bunch of|a handful of|all of my|all of the|all my|all the|loads of|lots of|a lot of|"
          rf"an overdose of)(?: my)?(?: [a-z]+)? {_PILLS}\b|"
          r"\bswallowed (?:all of them|them all|the lot|the whole lot|everything)\b|"
          r"\b(?:took|taken|swallowed|downed) (?:the|a) whole (?:bottle|packet|box|pack|strip)\b"),
    _rule("took_the_pills", _D,
          rf"\b(?:took|taken|swallowed) the {_PILLS} (?:an hour|a while|minutes|already|just now|ago)"),
    _rule("drink_and_pills", _D,
          rf"\b(?:drank|drunk|drinking)\b(?: [a-z]+){{0,12}}? (?:took|taken|swallowed) "
          rf"(?:[a-z]+ )?{_PILLS}\b"),
    _rule("means_against_body", _D,
          r"\b(?:holding|hold|have|got|pressing|press|put|putting) (?:a|the|my) (?:knife|gun|blade|razor|"
          r"pistol) (?:to|against) my (?:throat|neck|head|wrists?|arms?|chest|skin|temple|mouth)\b|"
          r"\b(?:gun|knife|blade|razor|pistol|pills) in my hands?\b"
          r"(?!(?: [a-z]+){0,12}? (?:game|video|movie|film|dream)\b)|"
          r"\b(?:rope|noose|belt|cord) (?:is )?(?:around|round) my neck\b|"
          r"\bon the (?:train |railway |rail )?tracks\b"),
    _rule("afraid_they_will_kill", _D,
          rf"\b(?:scared|afraid|terrified|worried|frightened) (?:that )?(?:he|she|they|someone|{_ABUSER}) "
          r"(?:will|might|is going to|would|is gonna) (?:kill|hurt|hit|beat|attack|stab|shoot) me\b"),
    _rule("took_many_pills", _D,
          rf"\b(?:took|taken|swallowed) (?:about |like |maybe |over )?(?:[5-9]|\d{{2,}}|five|six|seven|"
          rf"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
          rf"twenty|thirty|forty|fifty|a hundred)(?: [a-z]+)? {_PILLS}\b|"
          rf"\b(?:already|just) (?:taken|took|swallowed) the {_PILLS}\b"),
    _rule("overdosed", _D, r"\b(?:took|taken|had) an overdose\b|\bi (?:have |just )?overdosed\b"),
    _rule("weapon_in_hand", _D,
          r"\b(?:have|got|holding|hold|has|with) (?:a|the|my|his|her) (?:loaded )?(?:gun|knife|blade|razor|"
          r"razor blade|rope|noose|pistol|rifle)(?: [a-z]+)?? (?:in my hands?|right now|ready|loaded|"
          r"to my head|with me)\b"),
    _rule("means_in_hand", _D,
          rf"\b(?:gun|knife|blade|razor|rope|noose|pistol|rifle|{_PILLS}) (?:is|are) (?:in my hands?|"
          r"right here|ready|loaded)\b"),
    _rule("means_and_intent", _D,
          r"\b(?:have|got|holding|with) (?:a|the|my) (?:knife|gun|blade|razor|rope|pills)(?: [a-z]+){0,3}? "
          r"(?:going to|will|want to|about to|ready to) use (?:it|them)\b|"
          r"\bin the (?:bath|bathtub|tub|bathroom) with (?:a|the|my) (?:razor|knife|blade|pills)\b"),
    _rule("gun_loaded", _D, r"\b(?:gun|rifle|pistol) is loaded\b|\bloaded (?:gun|pistol|rifle)\b"),
    _rule("noose", _D, r"\btied (?:the|a) (?:rope|noose)\b|\b(?:the|a) noose\b"),
    _rule("intruder_armed", _D,
          r"\b(?:outside|at) (?:my|the) (?:door|window|house) with a (?:knife|gun|weapon|bat|axe)\b|"
          r"\b(?:he|she|they|someone|somebody) (?:is|are) (?:outside|here|downstairs|upstairs|in the house|"
          r"at the door|coming)(?: [a-z]+){0,2}? with a (?:gun|knife|weapon|bat|axe)\b"),
    _rule("door_broken", _D, r"\b(?:breaking|kicking|smashing|bashing) (?:down )?(?:the|my) (?:door|"
          r"window)\b"),
    _rule("trying_to_get_in", _D,
          r"\btrying to (?:break in|hurt me|kill me|get in(?=$| and| i| he| she| the house| my))"),
    _rule("armed_person", _D,
          r"\b(?:he|she|they|someone|somebody) (?:is got|has got|has|have|is holding|has a) (?:a )?"
          r"(?:gun|knife|weapon)\b(?! (?:set|block|sharpener|collection|licen[cs]e|drawer|holder))"),
    _rule("coming_to_kill_me", _D,
          rf"\b(?:he|she|they|someone|somebody|{_ABUSER}) (?:is|are) (?:going|coming) to kill me\b"
          r"(?! (?:when|if|for|because|after|once|about))"),
    _rule("fear_for_life", _D, r"\b(?:scared|afraid|fear|fearing|terrified) for my life\b"),
    _rule("in_danger", _D, r"\bi am in (?:immediate |real )?danger\b"),
    _rule("not_safe", _D,
          r"\b(?:not|do not feel|does not feel|never) safe (?:right now|at home|here|tonight|now|"
          r"in my (?:home|house))\b|\bi (?:am not|do not feel|am not feeling) safe$", negatable=False),
    _rule("bleeding", _D,
          r"\bbleeding (?:really |very |so )?(?:a lot|badly|heavily|so much|everywhere)\b|"
          r"\b(?:will not|can not) stop (?:the )?bleeding\b|\bcut too deep\b"),
    _rule("car_in_garage", _D, r"\b(?:engine|car) running in the garage\b|\bin the garage with the "
          r"(?:engine|car) running\b"),
    _rule("on_the_edge", _D,
          r"\b(?:standing|sitting) on (?:the|a) (?:bridge|ledge|roof|railing|cliff|(?:edge|ledge) of "
          r"(?:the|a) (?:roof|bridge|building|cliff|balcony|tower|platform))\b|"
          r"\bi am (?:up )?on (?:the|a) (?:bridge|ledge|roof|cliff)(?=$| right now| now| and)|"
          r"\bon (?:the|a) (?:roof|bridge|ledge|cliff)(?: [a-z]+){0,10}? jump\b"),

    # --- suicide: wishes, intentions, plans and preparations -----------------------------------------
    _rule("kill_myself", _S,
          r"\b(?:kill|killing|killed|kills|murder|murdering) myself\b"
          r"(?! (?:trying|working|to get|to finish|to make|over (?:this|that|work)|for (?:this|that|work|"
          r"the|a)))"),
    _rule("suicide_word", _S, r"\bsuicid(?:e|al|ally)\b(?! (?:prevention|awareness|squad|mission|doors?))"),
    _rule("want_to_die", _S,
          r"\b(?:want to|wanted to|wants to|wanting to|going to|ready to|should|deserve to|wish i could|"
          r"wish i would|need to|i am about to|like to|i just|i could just|might as well|decided to|"
          r"plan to|planning to)(?: just)? (?:die(?! (?:for|of|laughing|from|inside|a little|my|your|her|his|"
          r"it|the|them|than)\b)|dye(?=$| (?:so|now|tonight|today|and|i)))\b"),
    _rule("rather_die", _S,
          r"\brather (?:die|be dead)\b(?=$| (?:than (?:keep|keeping|go on|going on|live|living|feel|feeling|"
          r"be like|go through|going through|face|facing|spend|wake|stay|carry on|continue|deal)|and|i|now|"
          r"tonight|right now|honestly))"),
    _rule("gone_forever", _S,
          r"\b(?:disappear|be gone|vanish)(?: forever| for good| for ever)\b"
          r"(?! from (?:this|the|my) (?:group|chat|app|job|place|team|town))"),
    _rule("nothing_to_live_for", _S,
          r"\bnothing (?:left )?to live for\b|\b(?:care|cares|matter|matters) (?:if|whether) i live or die\b|"
          r"\b(?:except|but|other than|apart from) (?:dying|death|suicide|ending it|killing myself)\b",
          negatable=False),
    _rule("suicide_method_on_self", _S,
          r"\b(?:shoot|shooting|shot|drown|drowning|poison|poisoning|suffocate|suffocating|gas|gassing|"
          r"electrocute|electrocuting) myself\b(?! (?:in the foot|with (?:bad|some|the) (?:food|takeaway)))|"
          r"\bthrow(?:ing)? myself (?:off|under|from|out of)\b|"
          r"\bbullet (?:in|through) my (?:head|brain|mouth)\b"),
    _rule("feel_like_dying", _S, r"\bfeel like dying\b|\b(?:go to sleep|sleep) forever\b"),
    _rule("wish_not_alive", _S,
          r"\bwish i (?:was|were|did) not (?:alive|here|around|exist|born)\b|\bwish i did not exist\b",
          negatable=False),
    _rule("be_dead", _S,
          r"\b(?:wish i (?:was|were)|want to be|better off|easier if i (?:was|were)|"
          r"if i (?:was|were)|should be|just be|might as well be|may as well be) dead\b"),
    _rule("better_without_me", _S,
          r"\b(?:better|happier|easier|fine|okay|ok) (?:off )?(?:without me|if i (?:just )?(?:"
          r"(?:was|were|am) (?:gone|dead|not here|not around|never born)|(?:was|were|am) not (?:here|around|"
          r"alive|born)|did not exist|never existed|disappeared))\b", negatable=False),
    _rule("not_missed", _S,
          r"\b(?:notice|care|miss me|matter) if i (?:was |were |am )?(?:gone|dead|died|disappeared|"
          r"not here|killed myself)\b", negatable=False),
    _rule("not_want_to_live", _S,
          r"\b(?:do not|does not|no longer|never)(?: really| even| just)? want to (?:live|be alive|exist|"
          r"be here|go on|wake up|be around|keep living|keep going)"
          r"(?: (?:anymore|any more|now|today|tomorrow|again|like this|at all|in the morning))*+"
          r"(?! (?:with|in|at|near|on|for|around|early|here|there|this|that|to|by|if)\b)",
          negatable=False),
    _rule("not_wake_up", _S,
          r"\b(?:and|to|hope i|hope i do|just) (?:never|not|do not) (?:wake|waking) up\b", negatable=False),
    _rule("not_worth_living", _S, r"\bnot worth living\b", negatable=False),
    _rule("no_reason_to_live", _S,
          r"\b(?:no|not (?:see|have|find) (?:a|any)|see no|lost (?:my|the|any)) (?:reason|point) "
          r"(?:(?:to|in|of) )?"
          r"(?:live|living|keep living|go on|going on|be alive|"
          r"being alive|stay alive)\b|\b(?:point|reason) (?:in|of) (?:living|being alive|going on)\b",
          negatable=False),
    _rule("cannot_go_on_living", _S,
          r"\b(?:can not|could not) (?:go on|keep|carry on) (?:living|being alive)\b|"
          r"\b(?:can not|could not) (?:live|keep living) like this\b", negatable=False),
    _rule("tired_of_life", _S,
          r"\b(?:tired of|done with|sick of|done) (?:living|being alive|life|existing)"
          r"(?=$| (?:and|but|i|so|now|already|anymore|any more|completely|honestly|right now|tonight|"
          r"like this|itself))"),
    _rule("end_my_life", _S, r"\b(?:end|ending|take|taking|to and) my (?:own )?life\b"),
    _rule("end_it", _S,
          r"\b(?:want to|going to|should|might|ready to|plan to|planning to|thinking about|thinking of|"
          r"thoughts about|thoughts of|feel like|about to|will)(?: just)? (?:end|ending) "
          r"(?:it all|it|everything|things|all of it)\b(?! (?:with|between|for|here|there|off))"),
    _rule("all_to_end", _S,
          r"\b(?:want|need|wish) (?:it all|everything|all of it) to (?:end|stop|be over)\b"),
    _rule("life_to_be_over", _S, r"\bmy life to (?:be over|end)\b"),
    _rule("never_born", _S, r"\bwish i (?:had|was|were) never (?:been )?born\b", negatable=False),
    _rule("not_deserve_life", _S,
          r"\b(?:do not|does not) deserve to (?:live|be alive|exist)\b|\bshould not (?:be alive|exist)\b",
          negatable=False),
    _rule("stop_existing", _S, r"\bstop(?:ped)? existing\b"),
    _rule("thoughts_of_death", _S,
          r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:dying|death|killing myself|ending it|"
          r"ending my life|ending everything)\b"),
    _rule("jump_from_height", _S,
          r"\bjump(?:ing)? (?:off|from) (?:the|a|my) (?:bridge|building|roof|cliff|balcony|ledge|tower)\b|"
          r"\b(?:jump|jumping|step|stepping|walk|walking|lie down|lying down|throw myself) in front of "
          r"(?:a|the) (?:train|bus|car|truck|lorry)\b"),
    _rule("hang_myself", _S, r"\b(?:hang|hanging|hanged) myself\b"),
    _rule("overdose", _S, r"\b(?:overdose|overdosing|overdosed)\b"),
    _rule("crash_on_purpose", _S,
          r"\bdriv(?:e|ing) (?:my|the) car (?:into (?:a|the) (?:tree|wall|river|lake|truck|traffic)|"
          r"off (?:a|the) (?:bridge|cliff|road))\b"),
    _rule("walk_into_water", _S, r"\bwalk(?:ing)? into the (?:sea|ocean|river|lake)\b"),
    _rule("stockpiling", _S,
          rf"\b(?:saving|saved|stockpiling|hoarding|collecting) (?:up )?(?:my )?{_PILLS}\b|"
          rf"\b{_PILLS} (?:saved up|stashed|hidden away|stockpiled)\b|"
          rf"\b(?:take|taking|swallow|swallowing) all (?:of )?(?:my|the) {_PILLS}\b"),
    _rule("ways_to_die", _S, r"\b(?:ways|way|how) to (?:die|kill myself|end my life|hang myself|overdose)\b"),
    _rule("goodbyes", _S,
          r"\bgoodbye (?:letters?|notes?|messages?)\b|\blast (?:night|day) on earth\b|"
          r"\b(?:letters?|notes?|messages?) to say goodbye\b"
          r"(?! to (?:the|my) (?:job|house|flat|team|school))|"
          r"\bgiv(?:e|ing) away my (?:things|stuff|belongings|possessions)\b|\bmy own funeral\b"),
    _rule("not_around_long", _S, r"\bnot be (?:around|here) (?:much|for much) longer\b", negatable=False),

    # --- self-harm -------------------------------------------------------------------------------------
    _rule("hurt_myself", _H,
          rf"\b{_SELF_VERB} myself\b(?! (?:by accident|accidentally|shaving|cooking|at the gym|playing|"
          r"off|out|short|"
          r"running|lifting|on the stairs|skiing|at work|when i fell|falling|while|baking|ironing|making|"
          r"on (?:the|a) (?:oven|stove|iron|pan|kettle|hob|grill|toaster|radiator)))"),
    _rule("self_harm_word", _H, r"\bself (?:harm|harming|harmed|injury|injuring|injure|mutilation)\b"),
    _rule("cutting_again", _H, r"\bi (?:have |had )?(?:started |been |was )?cut(?:ting)? again\b"),
    _rule("urge_to_cut", _H,
          r"\b(?:urge to|want to|wanting to|like|going to|need to) (?:cut|cutting)"
          r"(?=$| (?:tonight|again|now|so|really|badly|deep|deeper|and|until|right now|"
          r"my (?:arms?|wrists?|legs?|"
          r"thighs?|skin|stomach)))"),
    _rule("wound_body", _H,
          r"\b(?:cut|cutting|cuts|slit|slitting|slashed|slash|slashing|carved|carving|carve|burned|burning|"
          r"burn) (?:into )?my (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b"),
    _rule("made_myself_bleed", _H,
          r"\bmade myself bleed\b|\b(?:until|till) (?:i|it|they|my [a-z]+) (?:bled|bleed|bleeds|"
          r"was bleeding)\b"),
    _rule("on_purpose", _H,
          r"\b(?:hit|hitting|punched|punching|banged|banging|burned|burnt|burning|burn|cut|cutting|"
          r"scratched|scratching|bit|biting|hurt|hurting)\b(?: [a-z]+){0,8}? on purpose\b"),
    _rule("blade_on_myself", _H, r"\buse (?:it|them|the (?:blade|razor|knife)) on myself\b"),

    # --- harm to others --------------------------------------------------------------------------------
    _rule("intent_to_harm", _O,
          rf"\b{_INTENT}{_GAP} {_HARM_VERB} {_OTHER}\b(?! (?:a text|a message|a look|a glance|an email|out\b|"
          r"feelings|with (?:kindness|love)|at (?:chess|cards|tennis|golf)))"
          r"(?! up\b(?:(?<=hit him up)|(?<=hit her up)|(?<=hit them up)))"
          r"(?!(?: [a-z]+){0,3} if (?:he|she|they) (?:eats|eat|ate|takes|took|touches|borrows|forgets|forgot|"
          r"spoils|is late|are late|uses|breaks|leaves the|does that again|says that again|finishes))"),
    _rule("might_really_do_it", _O,
          rf"\bcould {_HARM_VERB} {_OTHER} and i (?:think i |really )?(?:might|will|mean it|am going to)\b"),
    _rule("run_over", _O, r"\brun (?:him|her|them) over\b"),
    _rule("smash_face", _O, r"\bsmash (?:his|her|their) (?:face|head|skull)\b"),
    _rule("make_bleed", _O, rf"\bmake {_OTHER} bleed\b"),
    _rule("want_them_dead", _O, rf"\bwant {_OTHER} dead\b"),
    _rule("arson", _O, r"\bburn (?:his|her|their) (?:house|flat|apartment|car|place)\b"),
    _rule("weapon_on_them", _O, r"\buse (?:it|the knife|the gun|this) on (?:him|her|them)\b"),
    _rule("hurt_my_child", _O,
          r"\bi (?:hit|hurt|slapped|beat|shook|punched|kicked|choked) my (?:son|daughter|kids?|child|"
          r"children|baby|partner|wife|husband|girlfriend|boyfriend)\b"),

    # --- abuse -------------------------------------------------------------------------------------------
    _rule("abuser_hurts_me", _A,
          rf"\b{_ABUSER} {_ABUSE_ADVERBS}{_ABUSE_VERB} me\b{_NOT_VIOLENCE}|"
          rf"\b{_ABUSER}(?: [a-z]+){{1,6}}? (?:and|then) (?:he |she |they )?{_ABUSE_VERB} me\b"
          rf"{_NOT_VIOLENCE}"),
    _rule("threatened", _A,
          r"\bthreat(?:s|ened|ening|ens)? to (?:kill|hurt|harm|beat|take the kids)\b|"
          r"\b(?:says|said|told me|tells me|swore|swears) (?:that )?(?:he|she|they) (?:will|would|is "
          r"going to|"
          r"was going to) (?:kill|hurt|harm|beat) (?:me|us|the kids|my)\b"),
    _rule("sexual_violence", _A,
          r"\bforc(?:es|ed|ing) me to (?:have sex|do (?:things|stuff|sexual))|\bforced (?:himself|herself) "
          r"on me\b|\bsexually assaulted\b"),
    _rule("touch_after_no", _A,
          r"\b(?:touches|touched|touch) me (?:when|after|even though|even when) i (?:say|said) no\b",
          negatable=False),
    _rule("abused_as_child", _A,
          r"\b(?:touched|molested|abused|raped|hurt|beat) me when i was (?:a kid|a child|little|young|small|"
          r"a teenager|[0-9]+)\b"),
    _rule("was_abused", _A, r"\b(?:was|been|being|am|get|got) (?:raped|abused|assaulted|molested|beaten)\b"),
    _rule("abusive_person", _A,
          rf"\b{_ABUSER} (?:is|are|was|has been|can be|gets) (?:so |really |very )?(?:abusive|violent)\b"),
    _rule("afraid_of_partner", _A,
          rf"\b(?:afraid|scared|terrified|frightened) (?:of|to go home because of) (?:him|her|them|my "
          rf"{_CLOSE})\b(?! (?!hitting|hurting|beating|killing|attacking|choking)[a-z]+ing\b)"
          r"|\b(?:afraid|scared|terrified) to go home\b"),
    _rule("controlled", _A,
          r"\b(?:will not|would not|does not|never) let me (?:leave|go out|see my|call|talk to|have my|"
          r"out)\b|"
          r"\block(?:s|ed)? me (?:in|up)\b|\btakes? my phone\b", negatable=False),
    _rule("weapon_at_me", _A, r"\b(?:knife|gun|blade) to my (?:throat|neck|head)\b|\bby the (?:throat|"
          r"neck)\b"),
    _rule("laid_hands", _A, r"\b(?:laid|lays|put|puts) (?:a|his|her) hands? on me\b"),
)
