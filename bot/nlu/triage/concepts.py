"""The words of triage: each concept and the phrases that say it, as visitors write them.

A phrase is matched on normalised words (lower-case lemmas, after spelling correction), so
"legs gave way" also matches "my leg gives way" and "numbnes" matches "numbness". In a
phrase:
- `a|b` is either word, `{a b|c}` either phrase;
- `...` is a gap of up to three words ("can't feel ... wipe" matches "can't feel anything
  when I wipe");
- `=word` must be written exactly so (lower-case), not just share its lemma: "=legs" is
  two legs, where "leg" is one or both.

A concept's kind says which contexts can cancel a mention of it (bot/nlu/triage/context.py):
a symptom is cancelled by "no", by "gone now", by "years ago", by being a question or
someone else's; a history ("I had cancer") only by "no", a question or someone else.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Dict, Tuple


class Kind(Enum):
    SYMPTOM = "symptom"  # how the person is now: negation, resolution, time, person, question, checked
    EVENT = "event"      # something that happened (a fall): the same as a symptom
    HISTORY = "history"  # a past illness that stays a risk: negation, person, question
    RISK = "risk"        # a risk factor (steroids, injecting drugs): negation, remote time, person, question
    ANCHOR = "anchor"    # what a symptom is about (pain, the groin, pregnancy): negation, person, question
    MODIFIER = "modifier"  # how it is (sudden, both legs, getting worse): negation only


@dataclass(frozen=True)
class Concept:
    kind: Kind
    phrases: Tuple[str, ...]


def concept(kind: Kind, *phrases: str) -> Concept:
    return Concept(kind, phrases)


S, E, H, R, A, M = Kind.SYMPTOM, Kind.EVENT, Kind.HISTORY, Kind.RISK, Kind.ANCHOR, Kind.MODIFIER
PEE = "pee|wee|urinate|piss|urine|wees|pees"
TOILET_WORDS = "pee|wee|urinate|piss|urine|poo|poop|stool|bowel|bowels|bladder|toilet|loo"
FEELING = "numb|numbness|tingle|tingling|tingly|dead|deadness"

CONCEPTS: Dict[str, Concept] = {
    # --- anchors: what a red flag is about --------------------------------------------
    "pain": concept(
        A, "pain", "painful", "hurt", "ache", "aching", "achy", "sore", "soreness", "agony",
        "agonising", "agonizing", "kill me", "throb", "stab", "stabbing", "spasm", "twinge",
        "backache", "backpain", "lumbago", "sciatica", "sciatic", "spine",
        "my|his|her|their|the|lower|low|upper|mid back", "my|his|her|their ... back",
        "bad|sore|stiff|dodgy|niggly|achy|painful|grumbly|crook|locked back",
        "back ... sore|stiff|bad|niggly|niggle|grumble|grumbling|aching|hurting|painful|killing|agony|tender|playing",
        "disc", "disk", "discs", "slipped disc", "herniated", "prolapse", "prolapsed", "twinge", "niggle",
        "back pain|ache|hurt|hurts|sore|spasm|problem|problems|issue|issues|trouble|injury|strain|go|went",
        "can not straighten", "can not stand up straight", "{can not|will not} bend|twist|straighten",
        "=mine be"),  # "my aunt had a heart attack, but mine is from digging": the writer's own
    "pregnancy": concept(
        A, "pregnant", "pregnancy", "preggers", "preggo", "preggy", "expecting a baby",
        "week|weeks along", "week|weeks gestation", "my bump", "trimester", "expectant", "midwife",
        "antenatal", "due date", "i|she|we be expect"),
    "saddle_area": concept(
        A, "groin", "genital", "genitals", "private part", "privates", "down below",
        "down there", "saddle", "inner thigh", "inner thighs", "between my legs", "buttock",
        "buttocks", "bum", "butt", "bottom", "backside", "anus", "back passage", "perineum",
        "crotch", "vagina", "vaginal", "vulva", "labia", "clitoris", "clit", "penis", "scrotum",
        "willy", "perianal", "perineal", "todger", "fanny", "vag", "arse", "taint", "gooch",
        "testicle", "testicles", "nether region", "nether regions", "undercarriage", "cheeks", "bits",
        "where you|i sit", "sit bone", "sit bones", "sitting area", "man part|parts", "lady parts"),
    "leg": concept(A, "leg", "legs", "foot", "feet", "ankle", "knee", "thigh", "calf", "toe", "toes"),
    # --- emergency ----------------------------------------------------------------------
    "chest_pain": concept(
        S, "chest pain", "chest pains", "tight chest", "crushing pain", "crush pain", "crushing pressure",
        "crushing feeling", "heart attack", "middle|centre|center of my|the chest",
        "sit|sat|sitting|press|pressing|weight|elephant|band ... chest",
        "chest ... press|pressing|pressed|squeeze|squeezed|weight|band",
        "chest ... hurt|hurts|ache|aches|sore|tight|tightness|heavy|heaviness|pressure|crush|crushed|squeeze|squeezing|burn|burning",
        "pain|pressure|tight|tightness|ache|heaviness|heavy|squeeze|squeezing|crush|crushing|burning|discomfort ... chest|breastbone|sternum",
        "pain ... down my left arm", "pain ... into my jaw"),
    "tearing": concept(
        S, "=tearing", "=ripping", "tear|rip me in half|two", "feel|felt something tear|rip|ripped|tore|torn",
        "something tear|tore|rip|ripped ... back|belly|chest", "rip|ripped|tear|tore|torn open|apart", "zip ... rip|ripped|open", "tear|rip pain|sensation|feeling",
        "like something tore|ripped|tear|rip", "like something be tear|rip",
        "like a rip|tear", "rip|tear|ripping|tearing ... down|through|across|along ... back|chest|belly|spine"),
    "pulsating_lump": concept(
        S, "pulsate|pulsating|pulse|pulsing|throb|throbbing|beating|beat lump|mass|swelling|bulge",
        "lump|mass|swelling|bulge ... pulsate|pulsating|pulse|pulsing|throb|throbbing|beat",
        "heartbeat|pulse ... belly|tummy|stomach|abdomen",
        "belly|tummy|stomach|abdomen ... pulsate|pulsating|pulse|pulsing|throb|throbbing|beat|beating",
        "throbbing|pulsing|pulsating in my belly|tummy|stomach|abdomen", "belly button ... pulse|pulsing|throb|beat",
        "pulse|pulsing|throb|throbbing|beat|beating ... belly button"),
    "aneurysm": concept(H, "aneurysm", "aneurism", "aortic", "aorta", "triple a", "widen|widened artery|aorta"),
    "collapse": concept(
        E, "collapse", "faint", "fainting", "pass out", "black out", "blackout", "blacked out",
        "lose consciousness", "knock out", "keel over", "come|came to|round on the floor|ground",
        "end|ended up on the floor|ground", "next thing i be|was|know|knew", "find myself on the floor|ground",
        "wake|woke up on the floor|ground", "nearly faint|pass|black", "almost faint|pass|black",
        "go|went limp", "not respond|responding", "unresponsive", "stop|stopped responding",
        "go|went all dizzy", "go|went grey", "go|went black", "everything go|went black|dark|grey",
        "out cold", "be out for", "find|found me on the floor|ground", "do not remember ... fall|fell|happen|happened",
        "come|came round", "come|came to with",
        "hit the deck|floor", "drop|dropped to the floor|ground", "pass|passed clean out"),
    "breathing": concept(
        S, "can not breathe", "can not breath", "can not catch my breath", "short of breath", "shortness of breath",
        "breathless", "out of breath", "struggle|struggling|fight|fighting|gasp|gasping for breath|air",
        "gasping", "puffing", "panting", "out of puff", "difficulty|trouble|hard|hardly breathe|breathing",
        "breathing be hard|difficult|laboured|labored", "hurt|hurts|painful to breathe",
        "breath|breathing ... hurt|hurts|painful|pain|agony", "can barely breathe",
        "can not get my breath", "can not get enough air", "can not take the air|breath",
        "breath|breathing ... short|shallow|hard|difficult|fast",
        "struggle|struggling|fight|fighting|hard|difficult|trying to breathe|breath",
        "barely|hardly ... get|catch ... breath|air", "can not ... get|catch ... {my breath|enough air|any air}",
        "not ... enough air|breath", "can not seem to breathe",
        "can not take|get a deep|full breath", "suffocate|suffocating|choke|choking", "feel like i be suffocate|drown|drowning",
        "lip|lips ... blue", "go|gone|going|turn|turning blue"),
    "bleeding": concept(
        S, "bleed", "bleeding", "blood", "spotting", "haemorrhage", "hemorrhage", "clot", "clots", "bled"),
    "light_bleeding": concept(
        M, "spotting", "light bleeding", "light bleed", "small bleed", "slight bleeding",
        "{a little|little bit of|bit of|tiny bit of|few drops of|streak of|streaks of} blood",
        "a little|bit of bleeding", "pink|brown discharge"),
    "contractions": concept(
        S, "contraction", "contractions", "tightening", "tightenings", "labour pain", "labor pain",
        "pelvic pressure", "pressure ... pelvis|down below|down there|low down", "push|pushing down", "discharge",
        "baby|babies ... push|pushing", "mucus plug", "in ... waves", "waves of ... pain|tightening", "regular ... pain|tightening|tightenings",
        "labour", "labor", "=waters ... break|broke|broken|gone|go|leak|leaking", "=water broke",
        "period ... pain|cramp|cramps|cramping", "cramp", "cramps", "cramping", "come|coming in waves",
        "every ... minute|minutes|min|mins", "tummy|belly|bump ... hard|tight|tighten|tightens",
        "trickle|leak|leaking|gush of fluid|water", "baby move less", "baby ... not move|moving", "baby ... move less|much less",
        "baby have not move|moved", "not feel the baby move"),
    # --- urgent -------------------------------------------------------------------------
    "numbness": concept(
        S, "numb", "numbness", "numbed", "no feeling", "lose|lost|loss of feeling|sensation",
        "lose|lost|losing ... feeling|sensation", "can not feel", "can not really feel",
        "can not feel anything", "not ... any feeling|sensation", "pins and needles", "tingle",
        "tingling", "tingly", "pins n needles", "pins & needles", "dead", "deadness", "feel different", "feel weird|strange|funny|odd",
        "altered sensation", "reduced feeling|sensation", "less feeling", "not much feeling",
        "go to sleep", "go asleep", "paraesthesia", "paresthesia", "parasthesia"),
    "saddle_direct": concept(
        S, "saddle anaesthesia|anesthesia|numbness|sensation", "cauda equina",
        "can not feel ... {wipe|wiping|toilet paper|loo roll}",
        "wipe|wiping ... {can not feel|numb|no feeling|feel nothing|feel different}",
        "feel nothing when i wipe", "wipe|wiping someone else", "{numb|numbness} ... wipe|wiping",
        "paper ... someone else", "touch|touching someone else", "can not feel ... flannel|cloth|sponge",
        "can not feel ... toilet seat", "toilet seat ... {numb|feel different|feel weird|feel odd}"),
    "incontinence": concept(
        S, "incontinent", "incontinence", "wet myself", "wet the bed", "wet my pants|trousers",
        "pee|wee|piss|poo|poop|soil|mess|wet|wetting|soiling|pooed|pooped|peed|pissed|soiled|messed|wetted myself|himself|herself|themselves",
        "pee|wee|piss|poo|poop my|his|her pants|trousers|knickers", "bed|pad|pads|pants ... wet",
        "leak ... without warning", "need|needing pads", "stop ... mid - flow|midflow", "mid - flow ... can not",
        "do not notice ... happen|happening|go|going",
        "leak|leaking urine|wee|pee", "{lose|lost|losing|loss of} control ... " + TOILET_WORDS,
        "can not control ... " + TOILET_WORDS, "no control ... " + TOILET_WORDS,
        "can not hold ... {" + PEE + "|bladder|bowel|bowels|it in|wind|poo|poop|stool}",
        "can not stop ... " + PEE + "|wet|wetting|leak|leaking",
        "accident ... " + TOILET_WORDS, "bowel|bladder incontinence", "faecal|fecal incontinence",
        "keep leaking", "buy|wear|wearing pads", "not realise ... come|coming out", "already come|coming out",
        "find i have gone", "find i be go", "change my sheets"),
    "retention": concept(
        S, "can not " + PEE, "not able to " + PEE, "unable to " + PEE, "not be able to " + PEE,
        "trouble|difficulty|struggle|struggling|hard|problem|problems " + PEE + "|peeing|weeing|urinating",
        "trouble|difficulty|struggle|struggling|hard|problem|problems passing urine|water",
        "can not empty my bladder", "not empty my bladder", "bladder ... not empty",
        "urinary retention", "weak stream", "dribble", "dribbling", "strain|straining to " + PEE + "|pass",
        "nothing come out", "can not go to the toilet|loo", "physically can not go",
        "can not do|make ... number one|two|pee|wee|poo", "can not make pee|wee|water", "can not get a|the " + PEE + " going|started",
        "can not start ... " + PEE + "|stream|flow", "need to go but nothing", "can not go even though",
        "can not empty properly|fully|completely", "not empty properly|fully", "not emptying",
        "trouble|difficulty|struggle|struggling|problem|problems start|starting|get|getting ... " + PEE + "|stream|flow",
        "not have|had a|any " + PEE + " ... hour|hours|day|since",
        "not " + PEE + "|peed|weed|urinated ... since|hour|hours|day|today|yesterday|morning", "bladder ... full ... nothing",
        "nothing come|comes|coming out"),
    "toilet_sensation": concept(
        S, "can not feel ... {" + TOILET_WORDS + "|full|need to go}", "not feel ... {" + TOILET_WORDS + "|full}",
        "do not know when ... {" + TOILET_WORDS + "|full|need to go}", "can not tell when ... {full|need to go}",
        "can not tell when i be|am going", "miss|missing the toilet|bowl", "do not realise|realize ... {" + TOILET_WORDS + "|wet}",
        "no urge to " + PEE + "|go", "do not feel the urge", "feel nothing when i " + PEE,
        TOILET_WORDS + " ... {numb|no feeling|feel different}",
        "not ... able to feel ... {" + TOILET_WORDS + "|pass|passing|full}",
        "feel myself|yourself pass|passing|pee|wee",
        "can not tell if|whether ... {" + TOILET_WORDS + "|full|empty|need to go}"),
    "sexual_dysfunction": concept(
        S, "erection", "erections", "erectile", "impotent", "impotence", "can not get hard",
        "can not get it up", "ejaculate", "ejaculation", "orgasm", "climax",
        "can not get|keep|maintain|achieve|have ... erection|orgasm|climax|hard",
        "can not ejaculate|orgasm|climax|come|finish", "bedroom department", "in the bedroom",
        "not ... get|getting hard", "man part|parts not work|working", "nothing work ... down there",
        "everything go dead",
        "no feeling during sex", "numb during sex", "can not feel ... during sex|intercourse",
        "sex feel different|numb", "lose|lost sensation ... sex|intercourse", "sexual function",
        "vaginal sensation"),
    "both_legs": concept(
        M, "both legs", "both my legs", "both feet", "both my feet", "both side", "both sides",
        "each leg", "two legs", "left and right", "right and left", "bilateral", "both thighs",
        "both calves", "both buttocks", "down both"),
    "legs_plural": concept(M, "=legs", "=feet"),
    "weakness": concept(
        S, "weak", "weakness", "weaken", "weakening", "heavy", "heaviness", "jelly", "spaghetti",
        "noodle", "noodles", "rubber", "rubbery", "give way",
        "gave way", "give out", "buckle", "buckling", "no strength", "no power", "wobbly",
        "will not hold me", "can not hold my weight", "lose|lost strength|power", "collapse under",
        "go|gave|went from under me"),
    "leg_gives_way": concept(
        S, "give|gave|giving way", "give|gave|giving out", "buckle", "buckling", "collapse under",
        "go|gave|went from under me", "will not hold me", "can not hold my weight",
        "leg|legs ... {not work|not working|stop working|stopped working}"),
    "progressive": concept(
        M, "get wrong|worse", "getting wrong|worse", "wrong and wrong", "weaker and weaker",
        "more and more", "spread", "spreading", "progressive", "progress", "progressing",
        "by the day", "by the hour", "each day", "every day", "worsen", "worsening", "keep getting"),
    "foot_drop": concept(
        S, "foot drop", "drop foot", "floppy foot", "drag|dragging my foot|leg|toe", "can not lift ... foot|toes",
        "toe|toes ... drag|drags|dragging",
        "foot ... drag|drags|dragging|slap|slaps|slapping|floppy|flop|catch|catches|catching",
        "can not lift my foot|toes", "trip over my foot|toes", "toe|toes catch|catching"),
    "walking": concept(
        S, "can not walk", "can not walk properly|straight", "trouble|difficulty|struggle|struggling walk|walking",
        "unsteady", "walk like i be drunk", "stagger", "staggering", "can not stand",
        "leg|legs will not hold me", "lose|losing my balance", "off balance", "barely walk",
        "hard to walk", "can hardly walk", "grab|grabbing|hold|holding the wall|furniture",
        "hold onto the wall|furniture", "walk|walking funny|strange|oddly|weird",
        "can not walk|stand on my heel|heels|toe|toes|tiptoe|tiptoes", "trip|tripping over nothing"),
    "fever": concept(
        S, "fever", "fevers", "feverish", "fevery", "a temperature", "high temperature",
        "temperature of", "running a temperature", "got a temperature", "have a temperature",
        "high temp", "temp of", "burning up", "chill", "chills", "shiver", "shivering", "shivers",
        "rigor", "rigors", "shivery", "shivvery", "hot and cold", "shaking and sweating", "sweats and chills", "the shakes",
        "temperature ... spike|spiking|high|raised", "like i have|got flu|the flu", "flu - like", "flu like",
        "shakes and|& sweats", "thermometer", "have|had|got|run|running|with a temp", "temps"),
    "night_sweats": concept(
        S, "night sweats", "sweat at night", "sweating at night", "drenching sweats",
        "soak|soaked|drench|drenched ... sheet|sheets|bed", "wake up soaked|drenched|sweating"),
    "trauma_major": concept(
        E, "car crash|accident|collision", "crash", "crashed", "rta", "road accident",
        "hit by a car|bus|van|truck|lorry|bike", "hit by", "knock off my bike", "knocked off",
        "knock down", "be|was|got|get run|ran over", "run|ran over by", "motorbike|motorcycle|bike accident",
        "fall off|from ... ladder|roof|horse|wall|scaffold|bike|tree|height|balcony|trampoline|stage",
        "fall down ... stairs|steps", "fell down the stairs", "thrown from|off", "tackle", "tackled",
        "jump|jumped|leap|leapt off|from ... roof|wall|ladder|balcony|height|window|shed|garage|tree",
        "slid|slide|slipped down ... stairs|steps",
        "land|landed on my back|tailbone|coccyx", "rear end", "rear ended", "rear - end|ended",
        "head on", "pile up", "pile - up",
        "blow to my back", "kick|kicked in the back", "tumble off|from|down",
        "bash|bashed|smack|smacked|whack|whacked|bang|banged|hit my back|spine|tailbone|coccyx", "knock|knocked over by"),
    "trauma_fall": concept(
        E, "fall", "fell", "slip", "slipped", "slid", "trip", "tripped", "go flying", "went flying", "tumble",
        "go|went over on", "come|came off",
        "land on my back|bum|bottom"),
    "trauma_minor": concept(
        E, "lift", "lifting", "sneeze", "sneezing", "cough", "coughing", "bend", "bending", "bent",
        "twist", "twisted", "reach", "reaching", "pick up", "picking up", "carry", "carrying",
        "sit|sat down hard", "land|landed hard", "jolt", "jolted", "bump", "bumped", "stumble", "stumbled",
        "crack", "cracked", "felt something go|snap|pop|crack", "snap", "pop"),
    "osteoporosis": concept(
        R, "osteoporosis", "osteopenia", "brittle bones", "thin bones", "weak bones",
        "low bone density", "bone density", "fragile bones"),
    "steroids": concept(
        R, "steroid", "steroids", "prednisone", "prednisolone", "cortisone", "dexamethasone",
        "hydrocortisone", "corticosteroid", "corticosteroids"),
    "injecting_drugs": concept(
        R, "inject ... drug|drugs|heroin|speed|meth|crack", "injecting", "iv drug|drugs",
        "intravenous drug|drugs", "heroin", "shoot up", "shooting up", "needle drug|drugs",
        "use needles", "on the gear", "crack cocaine"),
    "immunosuppressed": concept(
        R, "immunosuppressant", "immunosuppressants", "immunosuppressed", "immunosuppression",
        "immune suppressant|suppressants", "weak|weakened|low|poor|compromised immune system",
        "immunocompromised", "chemo", "chemotherapy", "biologic", "biologics", "methotrexate",
        "humira", "adalimumab", "infliximab", "low white cell|cells|count|counts",
        "my count|counts be low", "neutropenic", "dialysis", "anti - rejection", "antirejection",
        "rejection meds|drugs|medication|medicine|tablets", "tacrolimus", "ciclosporin",
        "cyclosporine", "mycophenolate", "azathioprine"),
    "immune_condition": concept(H, "transplant", "hiv", "hiv+", "hiv positive", "aids", "no spleen", "spleen remove|removed"),
    "chest_word": concept(A, "chest", "breastbone", "sternum"),
    "cardiac_sign": concept(
        S, "clammy", "go|went grey", "grey and", "cold sweat", "sweaty", "sweating", "jaw", "left arm",
        "heavy", "heaviness", "press", "pressing", "pressure", "squeeze", "squeezing", "tight", "tightness",
        "crush", "crushing", "racing heart", "heart race|racing|pounding", "palpitations"),
    "exertion": concept(
        M, "leg day", "after ... gym|run|running|workout|training|football|match|hike|squats|marathon|race|festival",
        "doms", "muscle soreness", "work out|workout", "squats", "marathon", "half marathon", "pb", "hike", "hiking",
        "in a good way", "stand|standing|stood ... all day|hours|days", "tired legs|leg"),
    "spinal_procedure": concept(
        E, "spinal surgery|operation|injection", "back surgery|operation", "surgery on my back|spine",
        "epidural", "lumbar puncture", "spinal tap", "disc surgery", "discectomy", "spinal fusion"),
    "severe": concept(
        M, "severe", "excruciating", "unbearable", "agonising", "agonizing", "agony", "10/10",
        "10 out of 10", "ten out of ten", "can not bear", "screaming", "scream", "intense", "crippling"),
    "worst_ever": concept(
        S, "=worst ... ever", "=worst ... of my life", "=worst pain", "=worst back pain",
        "never felt pain like", "never had pain like", "bad pain of my life", "like nothing i have ever",
        "wrong than childbirth|labour|labor", "=worse ... ever had|felt", "pain i have ever had|felt",
        "never felt anything like", "never had anything like", "wrong than anything before|ever",
        "completely|totally different ... sudden"),
    "immobile": concept(
        S, "can not move at all", "can not move a muscle", "can not get out of bed",
        "can not roll over", "roll|rolling over be impossible", "can not move without screaming",
        "stuck in bed", "can not get off the floor", "literally can not move", "can not even roll over",
        "stuck on the ... floor", "can not get off ... toilet|floor|bed",
        "can not get up from ... toilet|floor|bed"),
    "sudden": concept(
        M, "sudden", "suddenly", "all of a sudden", "out of nowhere", "out of the blue",
        "come on fast|quickly", "in seconds", "in an instant", "without warning", "instantly",
        "from nowhere"),
    "vomiting": concept(
        S, "vomit", "vomiting", "throw up", "throwing up", "threw up", "be sick", "being sick",
        "puke", "puking", "keep being sick", "been|bin sick", "sick ... time|times", "retch", "retching"),
    # --- prompt ------------------------------------------------------------------------------
    "cancer": concept(
        H, "cancer", "cancr", "tumour", "tumor", "tumours", "tumors", "malignant", "malignancy",
        "metastasis", "metastases", "metastatic", "secondaries", "lymphoma", "leukaemia",
        "leukemia", "myeloma", "melanoma", "sarcoma", "radiotherapy", "radiation therapy",
        "oncologist", "oncology", "mastectomy", "in remission", "chemo", "chemotherapy", "tamoxifen",
        "shadow on my lung|liver|bone|bones|scan", "hormone jabs|injections|therapy",
        "letrozole", "anastrozole", "the big c"),
    "weight_loss": concept(
        S, "lose|lost weight", "lose|lost a lot of weight", "lose|lost so much weight", "lose|lost ... of weight",
        "weight loss", "lose|lost ... kg|kgs|kilo|kilos|pound|pounds|lb|lbs|stone|stones",
        "drop|dropped ... {weight|kg|kgs|kilo|kilos|pound|pounds|lb|lbs|stone|stones|dress size|size}",
        "get|getting thin|thinner", "clothes ... loose|baggy|hang|hanging", "clothes ... {falling off|fall off}",
        "weight ... {drop|dropping|fall off|falling off}", "waste|wasting away", "skin and bone",
        "appetite ... gone|go|lose|lost|disappear", "look|looking thin|thinner|skinny|gaunt",
        "belt|trousers|jeans ... notch|loose|falling", "weight ... go|goes|went|gone|going down",
        "weight ... drop|dropped|dropping", "scales ... down|less|lighter",
        "loose|loosing weight", "go|gone|went|drop|dropped down ... {dress size|size|sizes|clothes size|dress sizes}"),
    "night_pain": concept(
        S, "wrong|worse|bad at night", "wrong|worse|bad in the night",
        "at night ... {so bad|wrong|worse|bad}", "wake|wakes me up", "wake me", "keep waking up",
        "woken by|with ... pain|agony|it", "wake up ... pain|agony|hurt|hurting", "wake up in pain|agony",
        "nothing ease ... even ... lie|rest|still|bed",
        "not ease|improve|better|help|relieve ... rest|resting|lie|lying",
        "rest|resting|lie|lying ... not ease|help|improve|relieve", "rest do not help",
        "no position help|helps|comfortable|ease|eases", "can not get comfortable", "whatever position",
        "even when i rest|lie|sit", "all the time ... even", "wrong|worse ... lie|lying down|flat",
        "lie|lying down|flat ... wrong|worse",
        "constant ... whatever i do", "same whether i move", "not change ... move|moving|position",
        "not matter ... sit|stand|lie|move|position", "even when i lie still", "even lie|lying still",
        "night pain", "unrelenting", "never ease|eases", "never let|lets up", "sleep|sleeping|slept in a|the chair",
        "can not lie down|flat", "lie|lying down|flat ... agony|unbearable|impossible",
        "lie|lying down|flat ... pain start|starts", "same whether", "never change|changes",
        "pain|ache|aching|hurt|hurts|agony ... 24/7|all night", "24/7 ... pain|ache|aching", "{day and night} ... pain|ache",
        "pain|ache|aching|hurt|hurts ... {day and night}", "pace|pacing the house|floor|room", "up ... pacing",
        "there all the time ... even at night"),
    "new_onset": concept(
        M, "first time", "never have ... before", "never had back pain",
        "never have ... back|problem|problems|pain|trouble|twinge|niggle|issue", "until this year",
        "this year", "for ... week|weeks|day|days",
        "past ... week|weeks", "new", "start", "started", "begin", "began", "come on", "came on",
        "recently", "recent", "out of nowhere", "last few week|weeks|day|days|month|months",
        "past few week|weeks|day|days", "for a few week|weeks", "for about a month", "fortnight"),
    "long_standing": concept(
        M, "for year|years", "for many year|years", "always have", "always had", "for age|ages",
        "on and off", "on - and - off", "nothing have change|changed", "same as always", "since i be a", "since i was", "chronic", "for a long time", "year of",
        "years of", "all my life", "for decades", "since my twenties|teens|30s|20s",
        "as long as i can remember"),
    "thoracic": concept(
        A, "upper back", "mid back", "middle back", "middle of my back", "mid section of my back",
        "between my|the shoulder blade|blades", "shoulder blade", "shoulder blades", "thoracic",
        "around my rib|ribs", "rib cage", "under my shoulder blade", "shoulder bone|bones"),
    # --- what explains a look-alike -------------------------------------------------------
    "explained_weight_loss": concept(
        M, "diet", "dieting", "on purpose", "try|trying|want|wanted|need|hope|hoping|help|helps to lose",
        "help me lose", "for weight loss", "to lose weight", "slimming", "calorie", "calories", "gym",
        "exercise", "exercising", "running", "ozempic", "wegovy", "mounjaro", "intentionally",
        "intentional", "fasting", "keto", "weight watchers", "healthy eating", "eat better|healthier",
        "cut out", "weight loss programme|program|surgery", "gastric", "gain|gained it back",
        "put it back on", "when i have|had|be|was ... norovirus|flu|covid|bug|ill|sick|poorly|d&v|vomiting",
        "after ... norovirus|flu|covid|bug|illness|operation|surgery|baby"),
    "stress_leak": concept(
        M, "when i sneeze|cough|laugh|jump|run|exercise", "sneeze|sneezing|cough|coughing|laugh|laughing|jumping",
        "since childbirth|birth|pregnancy", "since have|having kids|children", "since {the baby|my baby}",
        "stress incontinence", "pelvic floor"),
    "strain_cause": concept(
        M, "from|after|since|by ... lift|lifting|carry|carrying|bag|bags|gardening|moving|sport|sports|gym|football|rugby|gymnastics|dance|dancing|run|running|sit|sitting|desk|laptop|hunch|hunching|twist|twisting|bend|bending|digging|painting|training|shift|shifts",
        "overdo|overdid|overdone it", "pull|pulled a muscle", "strain", "strained", "sprain", "sprained", "tweak|tweaked"),
    "mechanical_cause": concept(
        M, "hunch", "hunched", "hunching", "laptop", "desk", "computer", "posture", "carry",
        "carrying", "lift", "lifting", "gym", "workout", "sleep funny|awkward|awkwardly|wrong",
        "slept funny|awkward|awkwardly|wrong", "pull", "pulled", "strain", "strained",
        "twist", "twisted", "golf", "tennis", "rowing", "painting", "toddler", "baby",
        "gardening", "move|moving house|furniture", "stiff", "knot", "knots",
        "ease|eases|eased|better|go|goes|went off ... stretch|stretching|massage|move|moving|shower|heat",
        "tight muscle|muscles"),
}

# Phrases in which a concept's words mean something else: a mention inside one of these is
# not a mention ("fell asleep", "hay fever", "faint at the sight of needles").
IDIOMS: Tuple[str, ...] = (
    "fall asleep", "fell asleep", "fall|fell in love", "fall|fell pregnant", "fall|fell behind",
    "fall|fell apart", "fall|fell through", "slip|slipped|slipping disc|disk|discs|disks", "fall|fell out with", "fall for", "in the fall",
    "last fall", "this fall", "fall season", "crash diet", "crash out", "crashed out",
    "crash on the sofa|couch", "crash course", "hay fever", "hayfever", "cabin fever",
    "fever pitch", "glandular fever", "collapse|collapsed on|onto the sofa|couch|bed",
    "pass out on the sofa|couch", "faint at the sight",
    "faint|pass|black ... {needle|needles|blood test|blood tests|injection|injections|jab|jabs|sight of blood|giving blood|give blood}",
    "cold feet", "feet up", "on my feet all day", "back on my feet", "two left feet",
    "off my chest", "chest of drawers", "breathtaking", "breath taking", "take my breath away",
    "out of breath after|from|when ... run|running|stairs|gym|workout|exercise|climb|climbing|hill|walk",
    "sick of", "sick and tired", "off sick", "sick note", "sick day", "call in sick", "morning sickness",
    "car sick", "travel sick", "sea sick", "seasick", "wet myself laughing", "pee|wee myself laughing",
    "nearly wet myself", "kill for", "dying to", "die for",
    "blood test", "blood tests", "blood pressure", "blood sugar", "blood thinner", "blood thinners",
    "blood flow", "blood work", "blood donation", "give blood", "bad blood", "blood type",
    "where the|a needle", "needle|needles went in",
    "tearing up", "tear up", "wear and tear", "tear my hair", "rip off", "ripped off",
    "heavy heart", "heavy lifting", "heavy bag", "heavy bags", "heavy shopping",
    "heavy pack|rucksack|backpack|box|boxes|load|loads|furniture",
    "dead tired", "dead on my feet", "deadline", "dead end", "dead set", "dead easy", "dead good",
    "weight off my mind|shoulders", "numb from the dentist", "dentist",
    "drop in", "drop by", "temperature check", "room temperature", "temperature in the room",
    "the temperature outside", "leak in", "leaky roof",
    "new patient", "new patients", "new to acupuncture", "start|started|begin|began acupuncture|treatment",
    "first time having|trying|getting acupuncture", "first time acupuncture", "fell off the wagon",
    "sick to death", "fall|fell head over heels", "rip|ripped|tear|tore my jeans|trousers|clothes|shirt|top",
    "chest infection", "chest cold", "chest x - ray", "chest xray",
    "without dieting|trying|exercise|exercising", "without meaning to", "not dieting",
    "laptop|computer|phone|website|site|app|page|system|browser|screen crash|crashed|crashing|froze",
    "crash|crashed|crashing while|when ... book|booking|pay|paying|load|loading",
    "jelly ... {think|thinking|thought|at the thought|needle|needles|nervous|scared}",
    "nearly|almost faint|pass|die ... ... quote|bill|price|cost|invoice|receipt", "night shift|shifts", "hurt|strain|tweak|do|pull ... back ... sleep|sleeping|slept in|on", "stand|standing|stood|work|working|dance|dancing|party|partying|drive|driving|up ... all night",
)
