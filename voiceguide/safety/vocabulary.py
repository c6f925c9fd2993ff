"""Word lists the detector's rules are built from: people, means, places, body parts and verbs.

Every entry is a lower-case word or phrase in the canonical form normalize.py produces ("i am", "do not").
The rules join them into regular expressions (rules/blocks.py), so a new word here widens every rule
that uses the list.
"""

from __future__ import annotations

# People close to the speaker, after "my".
CLOSE_PEOPLE: tuple[str, ...] = (
    "husband", "wife", "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "ex", "kids", "kid", "son",
    "daughter", "baby", "child", "children", "mom", "mum", "mother", "dad", "father", "brother", "sister",
    "neighbour", "neighbor", "boss", "roommate", "flatmate", "family", "stepfather", "stepdad", "stepmother",
    "stepmom", "stepmum", "uncle", "aunt", "grandfather", "grandpa", "parents",
)

# Grown-ups who can be the one hurting the speaker, after "my", "her" or "his".
ADULTS: tuple[str, ...] = (
    "husband", "wife", "partner", "boyfriend", "girlfriend", "fiance", "fiancee", "ex", "son", "daughter",
    "mom", "mum", "mother", "dad", "father", "brother", "sister", "boss", "roommate", "flatmate",
    "stepfather", "stepdad", "stepmother", "stepmom", "stepmum", "uncle", "aunt", "grandfather", "grandpa",
    "parents",
)

# Someone else the speaker could hurt, besides "my <close person>".
OTHERS: tuple[str, ...] = (
    "him", "her", "them", "hem", "someone", "somebody", "people", "everyone", "everybody", "the baby",
    "the kids", "the children", "that man", "that woman", "that guy", "that girl", "that boy", "that person",
    "that kid", "that bitch", "that bastard", "this man", "this woman", "this guy", "this girl", "this boy",
    "this person", "this kid", "this bitch", "this bastard",
)

# Pills and the medicines people overdose on, by kind and by name.
MEDICINES: tuple[str, ...] = (
    "pills", "pill", "peels", "tablets", "meds", "medication", "medicine", "painkillers", "sleeping pills",
    "sleeping tablets", "antidepressants", "anti depressants", "paracetamol", "paracetamols", "ibuprofen",
    "aspirin", "aspirins", "codeine", "co codamol", "cocodamol", "tramadol", "insulin", "lithium",
    "diazepam", "valium", "xanax", "sertraline", "citalopram", "fluoxetine", "prozac", "amitriptyline",
    "quetiapine", "opioids", "oxycodone", "morphine", "benzos", "capsules", "tylenol", "nurofen", "panadol",
)

# How many pills is too many: numbers from five up, as a recognizer prints them, and vaguer amounts.
MANY: tuple[str, ...] = (
    "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
    "seventy", "eighty", "ninety", "a hundred", "hundreds", "a dozen", "dozens", "two dozen",
    "a whole packet", "a whole box", "a whole bottle", "a whole strip", "a whole pack", "a whole load",
    "the whole packet", "the whole box", "the whole bottle", "the whole strip", "the whole pack",
    "two packets", "two boxes", "three packets", "three boxes", "all", "all of", "all the", "all my",
    "too many", "way too many", "loads", "loads of", "lots of", "a lot of", "a load of", "a handful of",
    "handfuls of", "a bunch of", "double", "triple", "every one of", "everything in", "my whole",
    "my entire", "the entire", "the rest of my", "all the rest of",
)

# Words hedging an amount ("like thirty", "about twenty").
HEDGES: tuple[str, ...] = (
    "like", "about", "maybe", "over", "around", "nearly", "almost", "at least", "more than", "probably",
    "roughly", "easily", "literally", "just", "something like",
)

# What people drink or swallow to poison themselves.
POISONS: tuple[str, ...] = (
    "bleach", "poison", "rat poison", "weed killer", "weedkiller", "antifreeze", "anti freeze",
    "drain cleaner", "oven cleaner", "toilet cleaner", "cleaning products", "cleaning product",
    "cleaning stuff", "cleaning fluid", "pesticide", "paint thinner", "white spirit", "lighter fluid",
    "petrol", "something from under the sink", "stuff from under the sink", "something poisonous",
    "something toxic", "chemicals",
)

# Weapons someone can carry.
WEAPONS: tuple[str, ...] = (
    "knife", "knives", "gun", "guns", "pistol", "rifle", "shotgun", "bat", "baseball bat", "axe",
    "machete", "hammer", "crowbar", "weapon", "blade", "cleaver", "sword", "taser", "broken bottle",
)

# Sharp things and heat a person uses on their own body.
SELF_HARM_TOOLS: tuple[str, ...] = (
    "blade", "blades", "razor", "razor blade", "knife", "lighter", "scissors", "glass", "compass", "pin",
    "needle", "sharpener", "box cutter", "stanley knife", "cigarette", "lit cigarette", "lighter flame",
)

HEAT_SOURCES: tuple[str, ...] = (
    "hob", "stove", "flame", "fire", "lighter", "candle", "iron", "oven", "kettle", "cigarette", "grill",
    "boiling water", "hot water", "hot pan", "radiator", "heater",
)

# Body parts a person hurts on themselves ("my arms", "my own legs").
BODY: tuple[str, ...] = (
    "arm", "arms", "wrist", "wrists", "leg", "legs", "thigh", "thighs", "skin", "stomach", "belly", "hip",
    "hips", "chest", "face", "hand", "hands", "fingers", "ankles", "body", "forearm", "forearms",
    "shoulders", "upper arm", "upper arms", "inner arm", "inner arms", "inner thigh", "inner thighs", "ribs",
)

# Body parts someone else grabs, holds or marks.
GRABBED: tuple[str, ...] = (
    "arm", "arms", "wrist", "wrists", "neck", "throat", "hair", "face", "jaw", "shoulder", "shoulders",
    "hand", "hands",
)

# Where sitting or standing is itself a danger ("on the window ledge"), and high places where it takes
# more to say so ("on the bridge ... looking down"); tall places are ones a person goes to the top of.
LEDGES: tuple[str, ...] = (
    "ledge", "window ledge", "railing", "railings", "parapet", "cliff edge", "balcony railing",
    "balcony ledge", "edge of the roof", "edge of the cliff", "edge of the bridge",
)
HIGH_PLACES: tuple[str, ...] = (
    *LEDGES, "bridge", "windowsill", "window sill", "roof", "rooftop", "cliff", "cliffs", "overpass",
    "flyover", "edge",
)
TALL_PLACES: tuple[str, ...] = (
    "car park", "multi storey", "building", "tower", "tower block", "block of flats", "stairwell", "cliff",
    "cliffs", "bridge", "hospital", "shopping centre", "flats",
)
# Anywhere a fall can kill ("jump ... from the car park", "the cliffs ... go over the edge").
FALL_PLACES: tuple[str, ...] = (*HIGH_PLACES, *TALL_PLACES, "balcony", "window", "top floor")

# Surfaces someone is slammed, shoved or thrown against.
SURFACES: tuple[str, ...] = (
    "wall", "door", "door frame", "doorframe", "floor", "ground", "table", "fridge", "counter", "worktop",
    "bed", "cupboard", "stairs", "radiator", "mirror", "window", "sink", "bath", "car", "sofa", "couch",
    "bannister", "banister", "wardrobe", "kitchen counter",
)

# Verbs for hurting someone else.
HARM_VERBS: tuple[str, ...] = (
    "kill", "killing", "murder", "murdering", "hurt", "hurting", "harm", "harming", "stab", "stabbing",
    "shoot", "shooting", "strangle", "strangling", "choke", "choking", "beat", "beating", "smother",
    "smothering", "shake", "shaking", "poison", "poisoning", "attack", "attacking", "punch", "punching",
    "drown", "drowning", "hit", "hitting", "slap", "slapping", "kick", "kicking", "smack", "smacking",
    "whack", "whacking", "thump", "thumping", "throttle", "throttling", "batter", "battering",
)

# Words before a harm verb that make it an intent, an urge or an intrusive picture.
INTENTS: tuple[str, ...] = (
    "want to", "wanted to", "going to", "will", "about to", "feel like", "like", "plan to", "planning to",
    "thinking about", "thinking of", "thoughts of", "thoughts about", "afraid i will", "afraid i might",
    "scared i will", "scared i might", "might", "could really", "urge to", "need to", "ready to", "gonna",
    "picturing", "imagining", "fantasising about", "fantasizing about", "daydreaming about",
    "dreaming about", "images of", "close to", "tempted to", "itching to", "love to",
)

# Verbs for hurting oneself, in "<verb> myself".
SELF_VERBS: tuple[str, ...] = (
    "hurt", "hurts", "hurting", "harm", "harms", "harming", "harmed", "cut", "cuts", "cutting", "burn",
    "burns", "burned", "burnt", "burning", "hit", "hits", "hitting", "scratch", "scratched", "scratches",
    "scratching", "bit", "bite", "bites", "biting", "stab", "stabbed", "stabbing", "punch", "punched",
    "punching", "starve", "starving", "starved", "injure", "injured", "injuring", "mutilate", "mutilating",
    "mutilated",
)

# Blows and strikes on one's own body ("punch my own legs").
STRIKES: tuple[str, ...] = (
    "punch", "punched", "punching", "hit", "hitting", "hits", "bang", "banged", "banging", "slap",
    "slapped", "slapping", "scratch", "scratched", "scratching", "claw", "clawed", "clawing", "bite", "bit",
    "biting", "pinch", "pinched", "pinching", "burn", "burned", "burnt", "burning", "cut", "cutting",
    "smash", "smashed", "smashing", "stab", "stabbed", "stabbing", "scald", "scalded", "scalding",
)

# Verbs for what an abuser does to the speaker, in "<abuser> <verb> me".
ABUSE_VERBS: tuple[str, ...] = (
    "hits", "hit", "hitting", "beats", "beat", "beating", "punched", "punches", "punching", "kicks", "kicked",
    "kicking", "slapped", "slaps", "slapping", "choked", "chokes", "choking", "strangled", "strangles",
    "strangling", "shoved", "shoves", "pushed", "pushes", "threw", "throws", "raped", "rapes", "abuses",
    "abused", "abusing", "hurts", "hurt", "hurting", "burned", "burns", "grabbed", "grabs", "bit", "bites",
    "attacked", "attacks", "assaulted", "assaults", "molested", "molests", "threatens", "threatened",
    "threatening", "stalking", "stalks", "stalked",
)

# Verbs of saying, before a reported threat ("texted that he will ...").
SAYING: tuple[str, ...] = (
    "says", "said", "saying", "told me", "tells me", "telling me", "swore", "swears", "texted", "texts",
    "texting", "messaged", "messages", "warned", "warns", "warning", "screamed", "screams", "shouted",
    "shouts", "threatened", "threatens", "keeps saying", "kept saying", "wrote", "promised",
)

# Where a dangerous person is, or that they are on the way ("is outside", "is on his way over").
HERE_OR_COMING: tuple[str, ...] = (
    "outside", "here", "downstairs", "upstairs", "in the house", "in the driveway", "in the garden",
    "in the hall", "in the hallway", "in the kitchen", "in the street", "in the car park", "in the flat",
    "in the building", "at the door", "at the front door", "at the back door", "at the window",
    "at the gate", "on his way", "on her way", "on their way", "on his way over", "on her way over",
    "on their way over", "on his way here", "on her way here", "coming", "coming over", "coming here",
    "coming round", "coming back", "coming for me", "coming after me", "parked outside",
    "waiting outside", "waiting for me", "in my house", "in my flat", "in my room", "in my garden",
    "in my driveway", "banging on the door", "trying to get in",
)

# Signs a clause tells of distant, finished past ("years ago", "as a teenager").
DISTANT_PAST: tuple[str, ...] = (
    "used to", "years ago", "years back", "a long time ago", "ages ago", "last year", "months ago",
    "in the past", "as a teenager", "as a teen", "as a kid", "as a child", "in my teens", "in my twenties",
    "back then", "back when", "back in", "when i was younger", "when i was a teenager", "when i was a teen",
    "when i was a kid", "when i was a child", "when i was little", "when i was at school",
    "when i was at uni", "when i was in my",
)

# Signs that what is told is over and the person is well now.
RECOVERED: tuple[str, ...] = (
    "behind me", "behind her", "behind him", "behind them", "behind us", "in the past", "a good place",
    "a really good place", "a much better place", "ok now", "okay now", "fine now", "better now",
    "well now", "good now", "great now", "stable now", "safe now", "happy now", "doing well",
    "doing really well", "doing so well", "doing much better", "doing better", "doing fine", "doing great",
    "doing okay", "doing ok", "recovered", "in recovery", "got help", "got better", "got through it",
    "got treatment", "got support", "proud of", "over it", "healed", "clean for", "survived it",
    "much better", "loads of support", "lots of support", "a lot of support", "support since",
    "steady these days", "pretty steady", "steady now", "stable these days", "well these days",
)

# Signs it is not over: it came back, or still happens.
COME_BACK: tuple[str, ...] = (
    "again", "still", "relapse", "relapsed", "relapsing", "started", "starting", "came back",
    "coming back", "come back", "returned", "returning", "back to", "the urge", "the urges",
)
