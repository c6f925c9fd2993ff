"""Suicide: wishes, intentions, plans and preparations."""

from __future__ import annotations

from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import PILLS, Rule, rule

_S = Category.SUICIDE

SUICIDE_RULES: tuple[Rule, ...] = (
    rule("kill_myself", _S,
         r"\b(?:kill|killing|killed|kills|murder|murdering) myself\b"
         r"(?! (?:trying|working|to get|to finish|to make|over (?:this|that|work)|for (?:this|that|work|"
         r"the|a)))"),
    rule("suicide_word", _S, r"\bsuicid(?:e|al|ally)\b(?! (?:prevention|awareness|squad|mission|doors?))"),
    rule("want_to_die", _S,
         r"\b(?:want to|wanted to|wants to|wanting to|going to|ready to|should|deserve to|wish i could|"
         r"wish i would|need to|i am about to|like to|i just|i could just|might as well|decided to|"
         r"plan to|planning to)(?: just)? (?:die(?! (?:for|of|laughing|from|inside|a little|my|your|her|his|"
         r"it|the|them|than)\b)|dye(?=$| (?:so|now|tonight|today|and|i)))\b"),
    rule("rather_die", _S,
         r"\brather (?:die|be dead)\b(?=$| (?:than (?:keep|keeping|go on|going on|live|living|feel|feeling|"
         r"be like|go through|going through|face|facing|spend|wake|stay|carry on|continue|deal)|and|i|now|"
         r"tonight|right now|honestly))"),
    rule("gone_forever", _S,
         r"\b(?:disappear|be gone|vanish)(?: forever| for good| for ever)\b"
         r"(?! from (?:this|the|my) (?:group|chat|app|job|place|team|town))"),
    rule("nothing_to_live_for", _S,
         r"\bnothing (?:left )?to live for\b|\b(?:care|cares|matter|matters) (?:if|whether) i live or die\b|"
         r"\b(?:except|but|other than|apart from) (?:dying|death|suicide|ending it|killing myself)\b",
         negatable=False),
    rule("suicide_method_on_self", _S,
         r"\b(?:shoot|shooting|shot|drown|drowning|poison|poisoning|suffocate|suffocating|gas|gassing|"
         r"electrocute|electrocuting) myself\b(?! (?:in the foot|with (?:bad|some|the) (?:food|takeaway)))|"
         r"\bthrow(?:ing)? myself (?:off|under|from|out of)\b|"
         r"\bbullet (?:in|through) my (?:head|brain|mouth)\b"),
    rule("feel_like_dying", _S, r"\bfeel like dying\b|\b(?:go to sleep|sleep) forever\b"),
    rule("wish_not_alive", _S,
         r"\bwish i (?:was|were|did) not (?:alive|here|around|exist|born)\b|\bwish i did not exist\b",
         negatable=False),
    rule("be_dead", _S,
         r"\b(?:wish i (?:was|were)|want to be|better off|easier if i (?:was|were)|"
         r"if i (?:was|were)|should be|just be|might as well be|may as well be) dead\b"),
    rule("better_without_me", _S,
         r"\b(?:better|happier|easier|fine|okay|ok) (?:off )?(?:without me|if i (?:just )?(?:"
         r"(?:was|were|am) (?:gone|dead|not here|not around|never born)|(?:was|were|am) not (?:here|around|"
         r"alive|born)|did not exist|never existed|disappeared))\b", negatable=False),
    rule("not_missed", _S,
         r"\b(?:notice|care|miss me|matter) if i (?:was |were |am )?(?:gone|dead|died|disappeared|"
         r"not here|killed myself)\b", negatable=False),
    rule("not_want_to_live", _S,
         r"\b(?:do not|does not|no longer|never)(?: really| even| just)? want to (?:live|be alive|exist|"
         r"be here|go on|wake up|be around|keep living|keep going)"
         r"(?: (?:anymore|any more|now|today|tomorrow|again|like this|at all|in the morning))*+"
         r"(?! (?:with|in|at|near|on|for|around|early|here|there|this|that|to|by|if)\b)",
         negatable=False),
    rule("not_wake_up", _S,
         r"\b(?:and|to|hope i|hope i do|just) (?:never|not|do not) (?:wake|waking) up\b", negatable=False),
    rule("not_worth_living", _S, r"\bnot worth living\b", negatable=False),
    rule("no_reason_to_live", _S,
         r"\b(?:no|not (?:see|have|find) (?:a|any)|see no|lost (?:my|the|any)) (?:reason|point) "
         r"(?:(?:to|in|of) )?"
         r"(?:live|living|keep living|go on|going on|be alive|"
         r"being alive|stay alive)\b|\b(?:point|reason) (?:in|of) (?:living|being alive|going on)\b",
         negatable=False),
    rule("cannot_go_on_living", _S,
         r"\b(?:can not|could not) (?:go on|keep|carry on) (?:living|being alive)\b|"
         r"\b(?:can not|could not) (?:live|keep living) like this\b", negatable=False),
    rule("tired_of_life", _S,
         r"\b(?:tired of|done with|sick of|done) (?:living|being alive|life|existing)"
         r"(?=$| (?:and|but|i|so|now|already|anymore|any more|completely|honestly|right now|tonight|"
         r"like this|itself))"),
    rule("end_my_life", _S, r"\b(?:end|ending|take|taking|to and) my (?:own )?life\b"),
    rule("end_it", _S,
         r"\b(?:want to|going to|should|might|ready to|plan to|planning to|thinking about|thinking of|"
         r"thoughts about|thoughts of|feel like|about to|will)(?: just)? (?:end|ending) "
         r"(?:it all|it|everything|things|all of it)\b(?! (?:with|between|for|here|there|off))"),
    rule("all_to_end", _S,
         r"\b(?:want|need|wish) (?:it all|everything|all of it) to (?:end|stop|be over)\b"),
    rule("life_to_be_over", _S, r"\bmy life to (?:be over|end)\b"),
    rule("never_born", _S, r"\bwish i (?:had|was|were) never (?:been )?born\b", negatable=False),
    rule("not_deserve_life", _S,
         r"\b(?:do not|does not) deserve to (?:live|be alive|exist)\b|\bshould not (?:be alive|exist)\b",
         negatable=False),
    rule("stop_existing", _S, r"\bstop(?:ped)? existing\b"),
    rule("thoughts_of_death", _S,
         r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:dying|death|killing myself|ending it|"
         r"ending my life|ending everything)\b"),
    rule("jump_from_height", _S,
         r"\bjump(?:ing)? (?:off|from) (?:the|a|my) (?:bridge|building|roof|cliff|balcony|ledge|tower)\b|"
         r"\b(?:jump|jumping|step|stepping|walk|walking|lie down|lying down|throw myself) in front of "
         r"(?:a|the) (?:train|bus|car|truck|lorry)\b"),
    rule("hang_myself", _S, r"\b(?:hang|hanging|hanged) myself\b"),
    rule("overdose", _S, r"\b(?:overdose|overdosing|overdosed)\b"),
    rule("crash_on_purpose", _S,
         r"\bdriv(?:e|ing) (?:my|the) car (?:into (?:a|the) (?:tree|wall|river|lake|truck|traffic)|"
         r"off (?:a|the) (?:bridge|cliff|road))\b"),
    rule("walk_into_water", _S, r"\bwalk(?:ing)? into the (?:sea|ocean|river|lake)\b"),
    rule("stockpiling", _S,
         rf"\b(?:saving|saved|stockpiling|hoarding|collecting) (?:up )?(?:my )?{PILLS}\b|"
         rf"\b{PILLS} (?:saved up|stashed|hidden away|stockpiled)\b|"
         rf"\b(?:take|taking|swallow|swallowing) all (?:of )?(?:my|the) {PILLS}\b"),
    rule("ways_to_die", _S, r"\b(?:ways|way|how) to (?:die|kill myself|end my life|hang myself|overdose)\b"),
    rule("goodbyes", _S,
         r"\bgoodbye (?:letters?|notes?|messages?)\b|\blast (?:night|day) on earth\b|"
         r"\b(?:letters?|notes?|messages?) to say goodbye\b"
         r"(?! to (?:the|my) (?:job|house|flat|team|school))|"
         r"\bgiv(?:e|ing) away my (?:things|stuff|belongings|possessions)\b|\bmy own funeral\b"),
    rule("not_around_long", _S, r"\bnot be (?:around|here) (?:much|for much) longer\b", negatable=False),

)
