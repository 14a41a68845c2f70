"""Rule-based detection of back-pain red flags, independent of any classifier.

A red flag is a combination of concepts found anywhere in one message (for example
"numbness" + "saddle area"). Phrases are matched on spaCy's NORM attribute, so
"can't", "can’t", "cannot" and "can not" are one pattern. A concept mention preceded
by a negation in its own clause ("no fever", "I don't have numbness") does not count.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable, List, Set, Tuple

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

# Words and phrases for each concept. Keep them lower-case; contractions and curly
# apostrophes are normalised by spaCy, so "can't feel" also covers "cannot feel".
CONCEPTS: Dict[str, List[str]] = {
    "numbness": [
        "numb", "numbness", "numbess", "tingling", "pins and needles", "no feeling",
        "lost feeling", "loss of feeling", "loss of sensation", "lost sensation",
        "can't feel", "dead feeling", "feels dead",
    ],
    "saddle_area": [
        "groin", "genitals", "genital area", "private parts", "privates", "saddle area",
        "inner thigh", "inner thighs", "between my legs", "buttocks", "bottom", "bum",
        "butt", "anus", "perineum", "crotch", "vagina", "penis",
    ],
    "saddle_anaesthesia": [
        "saddle anaesthesia", "saddle anesthesia", "saddle numbness", "cauda equina",
    ],
    "lost_control": [
        "lost control", "lose control", "losing control", "loss of control",
        "no control", "can't control", "can't hold", "unable to hold", "leaking",
    ],
    "bladder_or_bowel": [
        "bladder", "bowel", "bowels", "urine", "pee", "wee", "poo", "poop", "stool",
        "stools", "toilet",
    ],
    "incontinence": [
        "incontinence", "incontinent", "can't pee", "can't urinate", "unable to urinate",
        "can't wee", "peed myself", "pooped myself", "pissed myself", "urinary retention",
        "can't empty my bladder", "wet myself", "wetting myself", "soiled myself",
        "messed myself", "peeing myself", "pooping myself", "pissing myself", "wetting the bed",
    ],
    "leg": ["leg", "legs", "foot", "feet", "ankle", "ankles", "knee", "knees"],
    "progressive_weakness": [
        "getting weaker", "weaker", "weaker and weaker", "giving way", "gives way",
        "gave way", "keeps giving out", "giving out", "buckling", "buckle", "buckles",
        "foot drop", "dragging", "drags", "can't lift", "collapsing", "collapsed",
        "paralysed", "paralyzed", "paralysis", "losing strength", "lost strength",
        "losing power", "lost power",
    ],
    "weakness": ["weak", "weakness", "weakening", "no strength", "no power"],
    "worsening_or_sudden": [
        "getting worse", "worse and worse", "worsening", "progressing", "sudden", "suddenly",
        "all of a sudden",
    ],
    "fever": [
        "fever", "feverish", "high temperature", "running a temperature", "a temperature",
        "chills", "shivering", "shivers",
    ],
    "trauma": [
        "fell", "fallen", "a fall", "bad fall", "car crash", "crashed", "crash",
        "car accident", "accident", "hit by a car", "was hit", "collision",
        "knocked down", "run over",
    ],
    # Injuries whose wording already says they just happened.
    "trauma_just_now": [
        "just fell", "just had a fall", "just crashed", "just been in a car accident",
        "just been in an accident", "just been hit", "just got hit",
    ],
    "recent": [
        "today", "yesterday", "this morning", "this afternoon", "this evening",
        "tonight", "last night", "an hour ago", "hours ago", "minutes ago", "just now",
        "right now", "just happened", "earlier today",
    ],
    "cancer": [
        "cancer", "tumour", "tumor", "tumours", "tumors", "chemo", "chemotherapy",
        "radiotherapy", "oncologist", "metastatic", "metastases", "malignant",
        "leukaemia", "leukemia", "lymphoma", "myeloma",
    ],
    "history": [
        "history of", "treated for", "diagnosed with", "survivor", "in remission", "had chemo",
    ],
    "first_person": ["i", "me", "my", "myself", "mine"],
    "weight_loss": [
        "lost weight", "losing weight", "weight loss", "dropped weight", "dropping weight",
        "lost a lot of weight", "lost so much weight", "lost kilos", "lost pounds",
        "weight is dropping", "getting thinner",
    ],
    "unexplained": [
        "unexplained", "without trying", "for no reason", "no reason", "not trying",
        "without dieting", "not dieting", "do not know why", "unintentional",
        "unintentionally", "without meaning to",
    ],
    "vomiting": [
        "vomiting", "vomit", "vomited", "vomits", "throwing up", "threw up", "throw up",
        "being sick", "puking", "puke", "puked",
    ],
    "severe_pain": [
        "worst pain", "worst back pain", "worst pain of my life", "unbearable", "excruciating",
        "agonising", "agonizing", "can't bear",
    ],
    "pain": ["pain", "painful", "hurts", "hurt", "hurting", "ache", "aching", "agony", "sore"],
    "chest_pain": [
        "chest pain", "chest pains", "pain in my chest", "pain in the chest", "chest hurts",
        "chest is tight", "tight chest", "chest tightness", "pressure in my chest",
        "crushing pain",
    ],
    "breathing": [
        "can't breathe", "short of breath", "shortness of breath", "struggling to breathe",
        "difficulty breathing", "trouble breathing", "hard to breathe", "out of breath",
    ],
}

# Each red flag fires when every concept of one of its alternatives is present.
RED_FLAGS: Dict[str, List[Tuple[str, ...]]] = {
    "saddle_numbness": [("numbness", "saddle_area"), ("saddle_anaesthesia",)],
    "bladder_or_bowel_control": [("lost_control", "bladder_or_bowel"), ("incontinence",)],
    "progressive_leg_weakness": [
        ("leg", "progressive_weakness"),
        ("leg", "weakness", "worsening_or_sudden"),
    ],
    "fever": [("fever",)],
    "recent_trauma": [("trauma", "recent"), ("trauma_just_now",)],
    "cancer_history": [("cancer", "first_person"), ("cancer", "history")],
    "unexplained_weight_loss": [("weight_loss", "unexplained")],
    "pain_with_vomiting": [("vomiting", "pain")],
    "sudden_or_worsening_severe_pain": [("severe_pain", "worsening_or_sudden")],
    "chest_pain": [("chest_pain",)],
    "breathing_difficulty": [("breathing",)],
}

NEGATIONS = frozenset({"no", "not", "never", "without", "nor", "neither", "none"})
# A negation reaches back this many tokens, and not past a clause boundary.
NEGATION_WINDOW = 4
CLAUSE_BREAKS = frozenset({",", ".", ";", ":", "!", "?", "but", "and", "though", "although"})


@dataclass(frozen=True)
class Mention:
    concept: str
    start: int
    end: int


class RedFlagDetector:
    """Finds red-flag symptoms in free text."""

    def __init__(self) -> None:
        self._nlp = spacy.blank("en")
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="NORM")
        for concept, phrases in CONCEPTS.items():
            self._matcher.add(concept, list(self._nlp.tokenizer.pipe(phrases)))

    def detect(self, text: str) -> List[str]:
        """Names of the red flags the text describes, in a stable order."""
        doc = self._nlp.make_doc(text)
        mentions = self._mentions(doc)
        present = {m.concept for m in mentions if not _is_negated(doc, m, mentions)}
        return [flag for flag, alternatives in RED_FLAGS.items()
                if any(set(concepts) <= present for concepts in alternatives)]

    def _mentions(self, doc: Doc) -> List[Mention]:
        strings = self._nlp.vocab.strings
        return [Mention(strings[match_id], start, end) for match_id, start, end in self._matcher(doc)]


def _is_negated(doc: Doc, mention: Mention, mentions: Iterable[Mention]) -> bool:
    # Words that belong to a concept ("no reason", "can't feel") are never negation cues.
    covered: Set[int] = {i for m in mentions for i in range(m.start, m.end)}
    for i in range(mention.start - 1, max(mention.start - 1 - NEGATION_WINDOW, -1), -1):
        norm = doc[i].norm_
        if norm in CLAUSE_BREAKS:
            return False
        if norm in NEGATIONS and i not in covered:
            return True
    return False
