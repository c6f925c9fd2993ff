"""Self-harm: hurting one's own body, the urge to, and doing it again."""

from __future__ import annotations

from voiceguide.safety import vocabulary as words
from voiceguide.safety.categories import Category
from voiceguide.safety.rules.blocks import BODY, SELF_VERB, Rule, either, near, rule

_H = Category.SELF_HARM

_TOOL = either(words.SELF_HARM_TOOLS)
_HEAT = either(words.HEAT_SOURCES)
_STRIKE = either(words.STRIKES)
# What says the harm was meant: on purpose, to feel something, as punishment, until it marked.
_MEANT = (
    r"(?:on purpose|deliberately|intentionally|to feel (?:something|anything|pain|the pain|real|alive|"
    r"in control)|so i (?:would|could|can|will) feel|so i would not (?:feel|think)|to punish myself|"
    r"because i deserve|until (?:it|i|they|my skin) (?:blistered|blisters|burned|burnt|hurt|hurts|bled|"
    r"bleed|bleeds|went numb|was raw|broke))"
)
_UNTIL_MARKED = (
    r"(?:until|till) (?:they|it|i|there|my [a-z]+) (?:bruise|bruised|bruises|bleed|bled|bleeds|swell|swelled|"
    r"swells|went numb|go numb|goes numb|were black and blue|was black and blue|were raw|was raw)"
)
# The habit named, "cutting", but not "cutting board" or "cutting back".
_CUTTING = (
    r"(?:cutting(?! (?:board|edge|it|back|down|corners|costs|ties|out|in line|up|the|my|his|her)\b)|"
    r"self harm(?:ing)?|harming myself|hurting myself|burning myself|used to (?:cut|burn)|"
    r"cut (?:deeper|deep|myself|my (?:arms?|wrists?|legs?|thighs?|skin)))"
)
_RELAPSE = (
    r"(?:relapse|relapsed|relapsing|slip|slipped|slipping|slip up|give in|gave in|giving in|broke my streak|"
    r"break my streak|lost my streak|started again|start again|starting again|tempted|craving|cravings|"
    r"urges? (?:is|are) (?:back|coming back|getting stronger)|urges? came back|did it again|done it again)"
)
# Shaving, cooking and accidents are not self-harm.
_NOT_SHAVING_OR_ACCIDENT = (
    r"(?<!razor on my legs)(?<!razor on my face)(?<!razor on my chest)"
    r"(?!(?: [a-z]+){0,6} (?:shave|shaving|shaved|wax|waxing|hair|by accident|accidentally|while|cooking|"
    r"chopping|making)\b)"
)

SELF_HARM_RULES: tuple[Rule, ...] = (
    rule("hurt_myself", _H,
         rf"\b{SELF_VERB} myself\b(?! (?:by accident|accidentally|shaving|cooking|at the gym|playing|"
         r"off|out|short|"
         r"running|lifting|on the stairs|skiing|at work|when i fell|falling|while|baking|ironing|making|"
         r"on (?:the|a) (?:oven|stove|iron|pan|kettle|hob|grill|toaster|radiator)))"),
    rule("self_harm_word", _H, r"\bself (?:harm|harming|harmed|injury|injuring|injure|mutilation)\b"),
    rule("cutting_again", _H,
         r"\bi (?:have |had )?(?:started |been |was )?cut(?:ting)? again\b|"
         r"\b(?:and|then|so|just|nearly|almost|finally|ended up|went and|started|to) "
         r"cut(?:ting)?(?: myself)? again\b"),
    rule("urge_to_cut", _H,
         r"\b(?:urge to|want to|wanting to|like|going to|need to) (?:cut|cutting)"
         r"(?=$| (?:tonight|again|now|so|really|badly|deep|deeper|and|until|right now|to feel|just to|myself|"
         r"my (?:arms?|wrists?|legs?|thighs?|skin|stomach)))"),
    rule("wound_body", _H,
         r"\b(?:cut|cutting|cuts|slit|slitting|slashed|slash|slashing|carved|carving|carve|burned|burning|"
         r"burn) (?:into )?my (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b|"
         r"\b(?:carv(?:e|ed|ing)|etch(?:ed|ing)?|scratch(?:ed|ing)?|cut(?:ting)?|goug(?:e|ed|ing)) "
         rf"(?:[a-z]+ ){{0,3}}?into my (?:own )?{BODY}\b|"
         r"\b(?:cut|cutting|scratch|scratched|scratching|stab|stabbing|stabbed|burn|burned|burnt|burning|carve|"
         rf"carving|jab|jabbing|scrape|scraping|scraped) (?:at )?my (?:own )?{BODY} (?:with|using) "
         rf"(?:a|the|my|some) (?:[a-z]+ )?{_TOOL}\b{_NOT_SHAVING_OR_ACCIDENT}"),
    rule("made_myself_bleed", _H,
         r"\bmade myself bleed\b|\b(?:until|till) (?:i|it|they|my [a-z]+) (?:bled|bleed|bleeds|"
         r"was bleeding)\b"),
    rule("on_purpose", _H,
         r"\b(?:hit|hitting|punched|punching|banged|banging|burned|burnt|burning|burn|cut|cutting|"
         r"scratched|scratching|bit|biting|hurt|hurting)\b(?: [a-z]+){0,8}? on purpose\b"),
    rule("blade_on_myself", _H, r"\buse (?:it|them|the (?:blade|razor|knife)) on myself\b"),

    # --- by concept: tools and heat on one's own body, blows that mark it, wounds kept open, relapse -----
    rule("tool_to_body", _H,
         r"\b(?:take|taking|took|put|putting|hold|holding|held|press|pressing|pressed|drag|dragging|dragged|"
         r"use|using|used|stub|stubbed|stubbing|run|ran|running|dig|dug|digging|jab|jabbed|jabbing|stick|"
         rf"stuck|sticking) (?:a|the|my|this|that) (?:[a-z]+ )?{_TOOL}(?: [a-z]+){{0,2}}? "
         rf"(?:to|on|against|across|into) my (?:own )?{BODY}\b{_NOT_SHAVING_OR_ACCIDENT}"),
    rule("hurt_on_purpose", _H,
         rf"\bmy (?:own )?{BODY} (?:over|on|in|into|under|against|onto) (?:the|a|my) (?:[a-z]+ )?"
         rf"(?:{_HEAT}|{_TOOL})\b(?: [a-z]+){{0,10}}? {_MEANT}\b|"
         rf"\b{_STRIKE} (?:[a-z]+ ){{0,2}}?my (?:own )?{BODY}\b(?: [a-z]+){{0,10}}? {_MEANT}\b"),
    rule("strike_own_body", _H,
         rf"\b{_STRIKE} my own (?:{BODY}|head|skull)\b|"
         rf"\b{_STRIKE} (?:myself|my (?:{BODY}|head))(?: [a-z]+){{0,6}}? {_UNTIL_MARKED}\b"),
    rule("wounds_kept_open", _H,
         r"\b(?:reopen|reopening|reopened|re open|re opening|re opened|opening up|opened up|open up|pick|"
         r"picking|picked|scratching open|tearing open|tore open|ripping open|ripped open|digging into)"
         r"(?: at)? (?:the |my |all the |my own )?(?:new |fresh )?(?:cuts|cut|wounds|wound|scabs|stitches|"
         r"burns)\b(?!(?: [a-z]+){0,5} (?:by accident|accidentally)\b)"),
    rule("hidden_marks", _H,
         r"\bwhat i (?:did|have done|had done|do|have been doing|keep doing|been doing) to "
         rf"(?:my (?:own )?{BODY}|myself)\b|"
         r"\b(?:hide|hiding|hid|cover|covering|covered|conceal|concealing)(?: up)? "
         r"(?:the |my |all the |these |those )?(?:new |fresh )?"
         rf"(?:cuts|burns|wounds|scratches|self harm|(?:scars|marks) on my {BODY}|arms|wrists|thighs)\b"
         r"(?! with (?:sun ?screen|sun ?cream|cream|lotion|a blanket|a towel)\b)|"
         r"\b(?:long sleeves|long sleeved|hoodies?|jumpers?|bracelets|wristbands)\b(?: [a-z]+){0,10}? "
         r"(?:so|to|because)(?: [a-z]+){0,3}? (?:see|sees|notice|notices|ask|asks|hide|cover)"
         r"(?: [a-z]+){0,2}? (?:my )?(?:arms|wrists|thighs|cuts|scars|marks|burns)\b"),
    rule("doing_it_to_myself", _H,
         r"\b(?:doing|did|do|done) (?:it|this|that) to myself again\b|"
         r"\bi deserve (?:the pain|to (?:hurt|bleed|feel pain|be in pain)|pain)\b(?! (?:relief|killers?)\b)"),
    rule("relapse", _H, near(_CUTTING, _RELAPSE, 12)),

    # --- batch 8's misses, by class (fixed once blind batch 9 replaced it) ---------------------------
    rule("injured_own_body_on_purpose", _H,
         rf"\b(?:slammed|slamming|slam|trapped|trapping|crushed|crushing|pressed|pressing|held|holding|"
         rf"shut|shutting|twisted|twisting|bent|bending|stabbed|jabbed|scalded|scalding) my (?:own )?"
         rf"(?:{BODY}|head)\b(?: [a-z]+){{0,8}}? on purpose\b"),
    rule("urge_to_slice", _H,
         rf"\b(?:urge|urges|need|want|wanting|itch|itching) to (?:slice|slicing|slash|carve|gouge|open up|"
         rf"burn|scratch|tear) (?:open |into )?my (?:own )?{BODY}\b"),
    rule("heat_pressed_on_body", _H,
         rf"\b(?:press|pressed|pressing|held|hold|holding|put|putting) (?:a|the|my) (?:[a-z]+ )?"
         rf"(?:{_HEAT}|{_TOOL}|spoon|coin|lighter) (?:against|on|onto|to|into) my (?:own )?{BODY}\b"
         rf"(?: [a-z]+){{0,8}}? (?:{_MEANT}|where (?:nobody|no one|no body) (?:can|could|will|would) see)\b"),
    rule("nails_till_it_bled", _H,
         rf"\b(?:dug|dig|digging|digs|dragged|drag|dragging) my (?:finger ?)?nails (?:into|across|down) my "
         rf"(?:own )?{BODY}\b(?: [a-z]+){{0,4}}? (?:until|till) (?:it|they|i) (?:bled|bleed|broke the skin|"
         r"drew blood|was bleeding|were bleeding)\b"),
)
