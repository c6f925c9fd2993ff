"""Suicide: wishes, intentions, plans and preparations."""

from __future__ import annotations

from voiceguide.safety import vocabulary as words
from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import AMOUNT, NOT_AS_PRESCRIBED, PILLS, Rule, either, near, rule

_S = Category.SUICIDE

# A fall on purpose; "made me jump", "jump in the shower" and "jumping ship" are not.
_FALL = (
    r"(?:(?<!made me )(?<!make me )(?<!makes me )(?<!bungee )jump(?:ing)?(?! (?:out of my skin|at|for joy|"
    r"up and down|in|into|on|ship|start|through|to|the queue|back)\b)|leap(?:ing)?|"
    r"go(?:ing)? over the (?:edge|side|railings?)|step(?:ping)? off|throw(?:ing)? myself|"
    r"fling(?:ing)? myself|let(?:ting)? myself fall|drop(?:ping)? myself)"
)

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
         r"(?! from (?:this|the|my) (?:group|chat|app|job|place|team|town))|"
         r"\b(?:disappear|vanish)(?= and (?:never|not) (?:come|coming) back\b)|"
         r"\b(?:this time tomorrow|this time next week) i will "
         r"(?:be gone|not be here|not be around|be at peace)(?=$| and\b| so\b)|"
         r"\bi will be gone by (?:tomorrow|morning|the morning|the weekend|then|tonight)$"),
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
         r"being alive|stay alive)\b|\b(?:point|reason) (?:in|of) (?:living|being alive|going on)\b|"
         r"\b(?:point|reason) (?:in|of|to) (?:sticking around|stick around|being here|being around|"
         r"staying alive|staying around|existing|carrying on|waking up|hanging on|keeping going|keep going)\b"
         r"(?! (?:with|at|in|for|to)\b)",
         negatable=False),
    rule("cannot_go_on_living", _S,
         r"\b(?:can not|could not) (?:go on|keep|carry on) (?:living|being alive)\b|"
         r"\b(?:can not|could not) (?:live|keep living) like this\b", negatable=False),
    rule("tired_of_life", _S,
         r"\b(?:tired of|done with|sick of|done) (?:living|being alive|life|existing|fighting to stay alive|"
         r"trying to stay alive)"
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
    rule("stop_existing", _S,
         r"\bstop(?:ped)? (?:existing|being alive|waking up|living)\b"
         r"(?! (?:in|with|at|like|here|there|for|on)\b)"),
    rule("thoughts_of_death", _S,
         r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:dying|death|killing myself|ending it|"
         r"ending my life|ending everything)\b"),
    rule("jump_from_height", _S,
         r"\b(?<!bungee )jump(?:ing)? (?:off|from) (?:the|a|my) (?:bridge|building|roof|cliff|balcony|ledge|"
         r"tower)\b|"
         r"\b(?:jump|jumping|step|stepping|walk|walking|lie down|lying down|throw myself) in front of "
         r"(?:a|the) (?:train|bus|car|truck|lorry)\b"),
    rule("hang_myself", _S, r"\b(?:hang|hanging|hanged) myself\b"),
    rule("overdose", _S,
         r"\b(?:overdose|overdosing|overdosed)\b(?! (?:storyline|plot|subplot|episode|scene|story\b|"
         r"on (?:coffee|caffeine|chocolate|sugar|sweets|easter eggs|cake|carbs|sun|telly|tv|netflix)))"),
    rule("crash_on_purpose", _S,
         r"\b(?:drive|driving|drove|steer|steering|swerve|swerving|crash|crashing|veer|veering)"
         r"(?: (?:my|the) (?:car|truck|van|bike|motorbike))?(?: straight| head first| head on)? "
         r"(?:into (?:a |the |an )?(?:tree|wall|river|lake|sea|canal|lorry|truck|oncoming traffic|traffic|"
         r"barrier|pillar)(?! (?:jam|lights|queue)\b)|"
         r"off (?:a|the) (?:bridge|cliff|pier|quarry|road|edge))\b|"
         r"\bcrash(?:ing)? (?:my|the) car (?:on purpose|deliberately)\b|"
         r"\b(?:thinking about|thinking of|want to|going to|tempted to|urge to|keep picturing|imagining) "
         r"(?:just )?(?:crash|crashing|wrap|wrapping) (?:my|the) car\b"),
    rule("walk_into_water", _S, r"\bwalk(?:ing)? into the (?:sea|ocean|river|lake)\b"),
    rule("stockpiling", _S,
         rf"\b(?:saving|saved|stockpiling|hoarding|collecting) (?:up )?(?:my )?{PILLS}\b|"
         rf"\b{PILLS} (?:saved up|stashed|hidden away|stockpiled)\b|"
         rf"\b(?:take|taking|swallow|swallowing) all (?:of )?(?:my|the) {PILLS}\b|"
         + near(PILLS, r"(?:saving|saved|stashing|stashed|hoarding|hoarded|hiding|hid|keeping|kept) "
                r"(?:them|it|all of them|each one)(?: up| away| back)?", 10) + "|"
         rf"\benough {PILLS}(?: [a-z]+){{0,3}}? (?:to (?:do it|end it|die|kill me|kill myself|not wake up|"
         r"never wake up|make sure|go through with it|finish it)|saved|stored|stashed|hidden)\b"),
    rule("ways_to_die", _S,
         r"\b(?:ways|way|how) to (?:die|kill myself|end my life|hang myself|overdose)\b|"
         r"\b(?:painless|quick|quickest|easy|easiest|peaceful|least painful|surest|best) (?:ways?|methods?) "
         r"(?:to|of) (?:go|die|dying|do it|end it|going|kill myself|end things)\b"),
    rule("goodbyes", _S,
         r"\bgoodbye (?:letters?|notes?|messages?)\b(?! to (?:the|my|our|this|that) (?:relationship|marriage|"
         r"job|house|flat|home|city|town|team|school|year|past|old|younger|former|habit|addiction|career|"
         r"drinking|twenties)\b)|\blast (?:night|day) on earth\b|"
         r"\b(?:letters?|notes?|messages?) to say goodbye\b"
         r"(?! to (?:the|my) (?:job|house|flat|team|school))|"
         r"\bgiv(?:e|ing) away my (?:things|stuff|belongings|possessions)\b|\bmy own funeral\b"),
    rule("not_around_long", _S,
         r"\bnot be (?:around|here) (?:much|for much) longer\b|"
         r"\b(?:will not|would not|am not going to|not going to|may not|might not|do not think i will|"
         r"do not expect to|will no longer|(?:am )?not planning (?:on|to)|do not plan (?:on|to)|"
         r"have no plans to) (?:be|being) (?:here|around|alive|living|breathing)\b"
         r"(?= (?:to see|by|much longer|for much longer|any longer|anymore|any more|after|"
         r"when (?:you|they|he|she) wakes? up|at christmas|for christmas|"
         r"on (?:my|her|his|your|their) birthday|this time next)\b|$)|"
         r"\b(?:will not|am not going to|not going to|do not think i will) be alive\b", negatable=False),

    # --- finality: a time chosen, at peace with dying, affairs in order, goodbyes --------------------
    rule("set_a_date", _S,
         r"\b(?:picked|chosen|chose|set|decided on|planned|fixed) (?:a|the|my) (?:date|day|time|night|method|"
         r"way|spot|place)\b(?= (?:to|for) (?:die|do it|end it|end things|it|my death|go)\b|"
         r"(?: [a-z]+){0,6}? (?:dying|die|death|end it|do it|kill myself|go through with it)\b)|"
         r"\b(?:decided|know|made up my mind|sure|certain|ready)(?: that)? (?:tonight|today|tomorrow|"
         r"this weekend) is (?:the night|the day|it)\b|\b(?:tonight|today) is the (?:night|day)$"),
    rule("at_peace_with_dying", _S,
         r"\b(?:calm|peaceful|at peace|relieved|ready|okay|ok|fine|excited|content|comfortable) "
         r"(?:about|with|at the thought of|with the idea of|thinking about) (?:dying|death|my death|"
         r"being dead|not being here|not waking up|ending it|ending things|ending my life)\b"),
    rule("cannot_face_another_day", _S,
         r"\b(?:can not|could not) (?:face|do|take|bear|stand|handle|survive|get through|cope with) "
         r"(?:another|one more) (?:day|night|morning)\b(?! (?:at|in|of) (?:work|school|the office|meetings|"
         r"(?:that|this) (?:job|place|office|rain|heat|traffic))\b)", negatable=False),
    rule("last_time", _S,
         r"\b(?:this is|it is|today is|tonight is|will be) my last (?:night|day|week|message|goodbye)\b"
         r"(?= (?:alive|on earth|ever|here|in this world)\b|$)|"
         r"\b(?:will not|do not|nobody will|no one will|will never) have to (?:deal with|worry about|"
         r"put up with|look after) me (?:much longer|anymore|any more|for much longer|ever again|"
         r"after (?:tonight|today|this|tomorrow|this weekend|next week))\b|"
         r"\bwill not (?:need|be needing) (?:it|them|any of it|any of this|anything|my [a-z]+) (?:anymore|"
         r"any more|where i am going|after (?:tonight|this weekend|today))\b|"
         r"\b(?:it|it all|everything|all of this) (?:ends|will end) "
         r"(?:tonight|today|soon|this weekend|tomorrow)\b(?!(?: [a-z]+){0,5} (?:finale|season|episode|show|"
         r"series|match|game|sale|offer|party|film|movie)\b)|"
         r"\b(?:tonight|today) (?:it|it all|everything) ends\b",
         negatable=False),
    rule("affairs_in_order", _S,
         r"\bgiv(?:e|ing|en) (?:away )?(?:all (?:of )?)?my (?:things|stuff|belongings|possessions)"
         r"(?: [a-z]+){0,2}? away\b|\bgiv(?:e|ing|en) everything away\b|"
         r"\bwho (?:gets|will get|should get|can have|will have|inherits|is having) my (?:things|stuff|"
         r"belongings|possessions|money|savings|cat|dog|pets|room|clothes|everything)\b"
         r"(?! (?:in|after|when|if) (?:the|we|our) (?:divorce|split|separation|break up|breakup)\b)|"
         r"\b(?:when|after|once) i am (?:gone|dead|no longer here|not here anymore|not around anymore)\b"
         r"(?! (?:for|on|to|away|out|shopping|home)\b)|"
         r"\b(?:put|putting|getting|got|sorting|sorted) my affairs in order\b|"
         r"\b(?:wrote|writing|written|left|leaving) (?:a |my )?(?:letters?|notes?) (?:for|to) (?:everyone|"
         r"everybody|each of them|all of them|the people i love|my loved ones)\b|"
         r"\b(?:letters?|notes?) (?:to|for) (?:[a-z]+ ){0,2}?(?:for after|for when i am gone|to read after|"
         r"to open after|(?:explaining|to explain|about) why i "
         r"(?:had to|did it|could not|am doing this|chose))\b|"
         r"\b(?:can|could|should|will) (?:have|keep|take) (?:all )?my(?: [a-z]+){1,3}? "
         r"(?:after|afterwards)(?:$| i am gone| i die| i have gone)"),
    rule("saying_goodbye", _S,
         r"\b(?:saying|said|say) (?:my )?goodbyes?"
         r"(?= (?:to (?:everyone|everybody|people|all of them|the world|this world|my loved ones|my family|"
         r"my friends)|in my head|one last time|for (?:the )?(?:last time|good|ever)|quietly|"
         r"without (?:them|anyone) knowing)\b)"
         r"(?!(?: [a-z]+){0,6} (?:at|before) (?:the|my) (?:airport|station|party|leaving do|door|gate)\b)"),
    rule("planning_my_death", _S,
         r"\b(?:plan|planning|planned|plans for|researching|researched|imagining|picturing|"
         r"fantasi[sz]ing about|daydreaming about|dreaming about|rehearsing|rehearsed) "
         r"(?:out )?my (?:own )?(?:death|suicide|funeral)\b|"
         r"\b(?:lethal|fatal) (?:dose|amount|overdose)\b|"
         r"\b(?:looked|looking|look|googled|googling|searched|searching|checking|checked) (?:up )?"
         r"how (?:high|far down|far the drop) (?:the |that |a |my )?(?:[a-z]+ )?"
         rf"{either(words.FALL_PLACES)}\b"
         r"(?!(?: [a-z]+){0,3} for (?:the kids|school|homework|a|my|work)\b)|"
         r"\b(?:beam|banister|bannister|hook|door|rail|branch|tree|rope|belt|cord) (?:will|would|can|could|"
         r"is strong enough to) (?:take|hold|support|bear) my weight\b|"
         r"\bhow (?:many|much)\b(?: [a-z]+){0,6}? (?:would it take|does it take|it would take|it takes|"
         r"to take|would kill|to kill)(?: [a-z]+){0,3}? (?:to )?(?:die|kill (?:me|myself|a person|someone)|"
         r"not wake up|never wake up|be fatal|be lethal|overdose|end it)\b"),

    # --- ways out: of the picture, in the ground, taken in my sleep, a fall, poison, a handful -------
    rule("out_of_the_picture", _S,
         r"\b(?:take|taking|took|remove|removing|get|getting) myself (?:out of (?:the|this) (?:picture|"
         r"equation|world)|off (?:this|the) (?:planet|earth|world)|out of (?:everyone|everybody)s? (?:life|"
         r"lives|way) for good|out permanently)\b"),
    rule("in_the_ground", _S,
         r"\b(?:rather|better off|better|want to|wish i (?:was|were)|should|belong|ready to|might as well|"
         r"may as well|deserve to) (?:just )?(?:be )?(?:in the ground|six feet under|in (?:my|a) "
         r"(?:grave|coffin)|pushing up daisies|under the ground)\b"),
    rule("end_mine", _S, r"\b(?:to|will|should|could|might|gonna|going to) (?:just )?end mine\b"),
    rule("wish_to_be_taken", _S,
         r"\b(?:ask|asking|asked|pray|praying|prayed|beg|begging|begged|hope|hoping|wish|wishing|want|"
         r"wanting) (?:that )?(?:god|the universe|jesus|the lord|someone|somebody|death)"
         r"(?: would| will| to| could)?(?: just)? (?:takes? me|lets? me die|ends? (?:it|me|my life))\b"
         r"(?! (?:to|home|back|out|with|seriously|there|for|on|shopping|somewhere)\b)|"
         r"\b(?:wish|wishing|hope|hoping|pray|praying)(?: that)? (?:(?:a|the|some) (?:car|bus|truck|lorry|"
         r"train|van|plane|meteor|asteroid|tree)|something|someone|somebody|lightning|cancer|a heart attack)"
         r"(?:(?: would| will| could)(?: just)? (?:hit|kill|run over|crush|fall on)|(?: just)? (?:hits|kills|"
         r"runs over|crushes|falls on)) me\b(?! up\b)|"
         r"\b(?:wish|wishing|hope|hoping|pray|praying|want)\b(?: [a-z]+){0,4}? (?:get|got|be|was|were) "
         r"(?:hit|run over|killed) by (?:a|the)\b|"
         r"\bwould not mind if i (?:died|did not wake up|never woke up|got hit|was gone|were gone|was dead|"
         r"just died|stopped existing|did not make it)\b", negatable=False),
    rule("fall_from_height", _S, near(_FALL, either(words.FALL_PLACES), 10)),
    rule("poison_myself", _S,
         rf"\b(?<!is like )(?<!was like )(?:drink|drinking|swallow|swallowing|take|taking|eat|eating|inject|"
         rf"injecting) (?:(?:some|a bottle of|a cup of|a glass of|the) )?{either(words.POISONS)}\b"),
    rule("take_an_amount", _S,
         rf"\b(?:going to|want to|gonna|will|about to|could|should|thinking about|thinking of|plan to|"
         rf"planning to|ready to|just) (?:take|taking|swallow|swallowing|down|neck) {AMOUNT}(?: of)?"
         rf"(?: [a-z]+){{0,2}}? {PILLS}\b{NOT_AS_PRESCRIBED}"),

    # --- batch 8's misses, by class (fixed once blind batch 9 replaced it) ---------------------------
    rule("dead_by_then", _S,
         r"\bi (?:am going to|am gonna|will|will probably|will definitely) be dead (?:soon|tonight|tomorrow|"
         r"this time tomorrow|(?:before|by) (?:tonight|tomorrow|morning|the morning|the weekend|next week|"
         r"christmas|then|monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:he|she|they) (?:is|are|"
         r"gets?|comes?|finish(?:es)?|wakes?)|the time (?:he|she|they|you) (?:is|are|gets?|comes?|"
         r"finish(?:es)?|wakes?))|within (?:the|an|a) (?:hour|day|week))\b"),
    rule("do_myself_in", _S,
         r"\bfinish(?:ing|ed)? myself off\b|\b(?:top|topping|off|offing|unalive|unaliving) myself\b"
         r"(?! (?:up|off)\b)|\bdo myself in\b|\bend(?:ing)? myself\b"),
    rule("checking_out_of_life", _S,
         r"\bcheck(?:ing)? out (?:of (?:life|this life|this world|the world)|for good|permanently)\b"),
    rule("enough_to_kill_me", _S,
         r"\benough(?: [a-z]+){0,3}? to (?:stop my (?:heart|breathing)(?! (?:racing|pounding|going so fast))|"
         r"kill me|finish me off|make sure i do not wake up|not wake up|put me to sleep for good|end it|"
         r"end me)\b"),
    rule("not_making_it_to", _S,
         r"\b(?:do not|not) (?:plan|planning|expect|expecting|intend|intending) (?:on |to )?"
         r"(?:make|making|be|being|live|living) (?:it |here |around |alive )?(?:to|for|past|until|till|"
         r"through|by) (?:next (?:week|month|year)|the (?:end of|weekend)|christmas|new year|"
         r"(?:my|his|her|their|[a-z]+s) (?:[a-z]+ )?birthday(?! party| do| drinks| meal)|"
         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)\b", negatable=False),
    rule("note_for_whoever_finds_me", _S,
         r"\b(?:whoever|the (?:person|one) who|whoever it is that) (?:finds|will find|is going to find) "
         r"me\b"),
    rule("will_not_need_after", _S,
         r"\bafter (?:tonight|today|tomorrow|this weekend|this week|friday|saturday|sunday|monday|tuesday|"
         r"wednesday|thursday) i (?:will not|am not going to) (?:need|be needing|want) (?:it|them|either|"
         r"any of (?:it|them|this)|anything|any more|my [a-z]+)\b", negatable=False),
    rule("means_would_be_quick", _S,
         r"\b(?:gun|shotgun|rifle|pistol|rope|noose|pills|tablets|bridge|train|motorway|cliff)\b"
         r"(?: [a-z]+){0,10}? (?:thinking|think|thought|know|reckon|bet|wonder|wondering)(?: that)? "
         r"(?:it|that) (?:would|will|could|might) be (?:quick|quicker|painless|over quickly|easy|"
         r"the easiest)\b"),
    rule("cannot_picture_myself_alive", _S,
         r"\b(?:can not|cannot|do not|never) (?:picture|imagine|see) myself (?:alive|being alive|still alive|"
         r"still here|still around|around) (?:next|by|in|at|for|this time)\b", negatable=False),
    rule("drive_off_the_edge", _S,
         r"\b(?:drive|driving|drove|steer|steering|swerve|swerving) (?:the car |my car )?"
         r"(?:off (?:the end of )?(?:the|a) (?:pier|cliff|cliffs|bridge|quay|quayside|dock|edge|harbour wall|"
         r"embankment)|over (?:the|a) (?:cliff|cliffs|edge|harbour wall|quayside))\b"),
    rule("stopped_vital_medicine", _S,
         r"\b(?:stopped|stopping|quit|not) taking my (?:[a-z]+ )?(?:medication|medicine|insulin|tablets|"
         r"pills|meds)\b(?: [a-z]+){0,3}? so (?:it|i|that)(?: [a-z]+){0,3}? "
         r"(?:gets? me|kills? me|die|sooner|will not wake|go quicker)\b", negatable=False),
)
