"""Which mentions of a symptom count: negation, time, person and questions, scoped.

The approach is NegEx's and ConText's (Chapman et al. 2001; Harkema et al. 2009): a
trigger word modifies the concept mentions within its scope, in one direction, and a
terminating word ends the scope; pseudo-triggers look like triggers but are not ("I
can't shake this fever" is not a negation). The trigger lists here are written for
patients' own words, not for clinical notes: negspacy (NegEx for spaCy) installs here,
but its clinical termset negates "I can't shake this fever" and "I can't stop wetting
myself", and medspaCy (which has ConText's other contexts) needs QuickUMLS and a newer
pytest than Rasa allows. A dependency parse would scope better, but needs a pretrained
spaCy pipeline, which cannot be installed here; so scopes are clauses and sentences.

Contexts, and what they cancel:
- negated: "no fever", "never lost control of my bladder", "bladder and bowels are fine";
- resolved: "had a fever last week, all gone now" (symptoms and events only);
- remote: "a car crash 10 years ago", "in 2015" (not a history: "had cancer in 2015" counts);
- question: "what does saddle numbness mean?" (a sentence without "I" or "my" in it),
  "what if I ever lose bladder control";
- checked: "went to A&E, the x-ray was clear" (a symptom or event before it);
- someone else's: "my mum has cancer" cancels nothing by itself, but a red flag needs all
  its parts to be one person's: "my mum had cancer and my back hurts" is no red flag,
  "my nan is 84 and hurt her back lifting" is.
"""
from __future__ import annotations

from typing import Dict, Tuple

Phrases = Tuple[str, ...]

# Forward: what follows in the clause is negated. A comma ends the scope: "no fever,
# chills" is taken as chills, which may be a false alarm but never a missed one.
NEGATION_BEFORE: Phrases = (
    "no", "not", "never", "without", "deny", "denies", "nor", "neither", "none", "zero",
    "free of", "absence of", "nothing like", "no sign of", "no signs of", "no sign", "=nope",
)
# Answers to a health questionnaire: "HIV - no", "fever: no".
ANSWERED_NO: Phrases = ("- no", ": no", "- none", ": none", "- nope", "= no", "no x", "- n", ": n")
# Backward: what came before in the clause is negated ("bladder and bowels are fine").
NEGATION_AFTER: Phrases = (
    "be fine", "be normal", "be ok", "be okay", "be good", "be all good", "be unaffected",
    "not affected", "no problem", "no problems", "not a problem", "none", "=nope", "be stable",
    "work fine", "work normally", "as normal", "no change", "no changes", "be absent",
    "no issue", "no issues",
)
# Words that look like triggers and are not.
PSEUDO: Phrases = (
    "no idea", "no reason", "not sure", "no clue", "not certain", "can not shake",
    "can not get rid", "can not seem", "no good", "no better", "not better", "not get better",
    "not getting better", "not improve", "not improving", "no relief", "nothing help",
    "nothing helps", "not go away", "not going away", "will not go away", "do not go away",
    "not ease", "not easing", "no matter", "without warning", "without trying",
    "without reason", "without any reason", "not only", "not just",
    "never have ... before", "never feel ... before", "never like this", "not normal",
    "not right", "not myself", "do not know why", "not know why", "no explanation",
    "not a clue", "not stop", "will not stop", "can not tell if|whether", "not sure if|whether",
    "=gone numb|dead|weak|floppy|funny|strange|tingly|wobbly|jelly|worse|heavy",
    "no longer able", "no way", "not long ago", "not that long ago", "no end",
    "nothing else", "nothing seems", "not settle|settled", "not clear|cleared up", "not really sure", "cannot remember", "can not remember",
    "not due", "no wonder", "no joke", "not a fan",
)
# Ends a clause. Tokens inside a concept ("pins and needles") never do.
CLAUSE_BREAKS: Phrases = (
    ",", ";", ":", "-", "–", "—", "(", ")", "/", "and", "but", "or", "however", "although",
    "though", "because", "cos", "since", "so", "then", "now", "while", "whereas", "except",
    "apart from", "plus", "also", "yet", "still", "just", "only",
)
SENTENCE_BREAKS = frozenset({".", "!", "?", "…", "\n", "...", "!!", "??", "?!"})
# The symptom is over, or long past; backward through the sentence, up to a word that
# brings it back ("now", "again").
RESOLVED: Phrases = (
    "=gone now", "=all gone", "=gone away", "go away", "went away", "=gone completely",
    "clear up", "cleared up", "clear|cleared it|that", "antibiotics ... clear|cleared|sort|sorted", "all better", "better now", "fine now", "ok now", "okay now",
    "no longer", "used to", "recover", "recovered", "fully recovered", "heal", "healed",
    "resolve", "resolved", "back to normal", "disappear", "disappeared", "=settled",
    "=settled down", "=passed now", "got over", "it be =gone", "that be =gone", "=gone away",
    "come|came back as soon as", "feeling come|came back", "as soon as i stand|stood|get|got up|off",
    "go|went away when|as soon as", "clean for|since", "fine as soon as", "as soon as i walk|move",
    "walk|walking about|around ... fine|better|go|goes|gone", "gain|gained it back", "put it back on",
    "be over now", "sorted now", "stopped now", "=stopped", "=stopped since",
)
REMOTE: Phrases = (
    "year ago", "years ago", "yrs ago", "last year", "=months ago", "decade", "decades", "decades ago",
    "as a child", "as a kid", "as a teenager", "when i be|was {young|younger|little|a kid|a child|a teenager|at school}",
    "long time ago", "long ago", "ages ago", "back in", "in my twenties|teens|20s|youth", "years back",
    "year back", "few years ago", "long since", "since my thirties|forties|twenties|teens", "when i be|was pregnant|expecting", "last pregnancy",
    "previous pregnancy", "before 5|five|10|ten|2|two|3|three years",
)
REACTIVATE: Phrases = (
    "now", "again", "new", "this time", "today", "started", "start", "last few", "this month", "lately",
    "these days", "past few", "past week", "return", "returned", "recently", "this week", "yesterday",
)
# A general question or a hypothetical, not a symptom: in a sentence with no "I"/"my".
QUESTION_GENERAL: Phrases = (
    "what be", "what is", "what are", "what do ... mean", "what does", "what's", "whats",
    "sign of", "signs of", "symptom of", "symptoms of", "red flag", "red flags",
    "warning sign", "warning signs", "mean", "meaning", "how common", "how do you know",
    "is it possible", "can you get", "can people", "can someone", "do people",
    "give you", "myth", "why do|does|is", "how do you tell",
    "difference between", "linked to", "link between", "link with", "associated with",
    "connected to|with", "connection between", "related to", "what actually|exactly be|is", "look|watch out for", "something to look",
)
# A hypothetical or something read, even with "I" in the sentence.
HYPOTHETICAL: Phrases = (
    "if i ever", "if ever", "what if", "in case", "what happen if", "what happens if",
    "should i worry if", "how do i know if", "how would i know", "can acupuncture cause",
    "could acupuncture cause", "does acupuncture cause", "side effect", "side effects",
    "i read", "i saw", "i heard", "read about", "saw on", "heard about", "my friend said",
    "can|could|does|will acupuncture give|cause|make|bring|induce|start|trigger",
    "what be|is|are ... {cauda equina|red flag|red flags}", "if someone|somebody|anyone|a person",
    "be that a bad sign", "a bad sign", "ask|asks|asked about", "someone said|says",
    "could it be", "could this be", "might it be", "is it|this|that a sign",
    "rule out", "what would happen", "supposed to", "leaflet", "article", "google", "googled",
    "tv", "documentary", "just curious", "out of curiosity", "for a friend", "just asking",
    "for future reference", "if you|u have|get", "the nhs say|says", "nhs say|says",
)
# Asking about treatment, not reporting: cancels only flags of the "prompt" level.
TREATMENT_QUESTION: Phrases = (
    "do you treat", "can you treat", "can you help", "could you help", "can acupuncture help",
    "could acupuncture help", "will acupuncture help", "would acupuncture help",
    "does acupuncture help|work", "is acupuncture good|ok|okay|safe|suitable|effective",
    "what about", "can acupuncture treat", "do you see", "do you work with", "do you accept|take|cover",
    "do you deal with",
)
CHECKED: Phrases = (
    # "=got": as a lemma it would be "get", and "should get it checked" is not checked
    "check|checked by|out", "been checked", "=got|had it checked",
    "doctor|gp|a&e|hospital|er|physio|consultant|nurse|they ... say|said|says|told ... fine|ok|okay|nothing|clear|normal|strain|muscular|sprain|pulled|bruise|bruised",
    "ray|rays|xray|scan|mri|ct|scans|bloods|test|tests|results ... clear|fine|normal|nothing|ok|okay",
    "all clear", "been seen", "=been to {a&e|hospital|the doctor|my gp|the gp|urgent care|the er}",
    "=went to {a&e|hospital|the doctor|my gp|the gp|urgent care|the er|the emergency}",
    "rush|rushed to hospital", "seen by", "doctor|gp|physio|a&e ... lodged|examined|assessed", "end|ended up in {hospital|surgery|theatre}", "have|had surgery",
    "operate|operated on", "turn|turned out to be", "keep|kept me|her|him in", "in good hands", "hospice",
    "under the care|team|clinic|hospital|consultant", "under a consultant", "in an ambulance", "went off in an ambulance",
    "ruled out", "nothing broken", "no fracture", "in hospital", "at the hospital",
    "be admitted", "was admitted", "sent me home", "under the care", "being looked after",
    "midwife ... say|said|says ... fine|ok|okay|normal",
)
FIRST_PERSON: Phrases = ("i", "me", "my", "mine", "myself", "im", "ive", "id", "we", "our", "us")
OTHER_PERSON: Phrases = (
    "he", "she", "his", "her", "him", "hers", "himself", "herself", "mum", "mom", "mother",
    "mam", "mummy", "dad", "father", "daddy", "wife", "husband", "partner", "son", "daughter",
    "kid", "kids", "child", "children", "friend", "brother", "sister", "nan",
    "nana", "nanna", "gran", "granny", "grandma", "grandmother", "grandad", "granddad",
    "grandpa", "grandfather", "aunt", "auntie", "uncle", "cousin", "colleague", "boss",
    "neighbour", "neighbor", "boyfriend", "girlfriend", "fiance", "fiancee", "flatmate",
    "roommate", "patient", "client", "family history", "run in the family", "runs in the family",
    "in my family", "relative", "relatives", "missus", "hubby", "wifey", "lads", "lady", "gentleman",
    "resident", "residents", "service user", "gent", "elderly lady|man|gentleman|woman", "old lady|man|woman",
    "in - law", "stepdad", "stepmum", "stepmom", "teenager", "toddler", "pet", "dog", "cat",
)

CONTEXT_TRIGGERS: Dict[str, Phrases] = {
    "negation_before": NEGATION_BEFORE,
    "negation_after": NEGATION_AFTER,
    "answered_no": ANSWERED_NO,
    "pseudo": PSEUDO,
    "clause_break": CLAUSE_BREAKS,
    "resolved": RESOLVED,
    "remote": REMOTE,
    "reactivate": REACTIVATE,
    "question_general": QUESTION_GENERAL,
    "hypothetical": HYPOTHETICAL,
    "treatment_question": TREATMENT_QUESTION,
    "checked": CHECKED,
    "first_person": FIRST_PERSON,
    "other_person": OTHER_PERSON,
}
