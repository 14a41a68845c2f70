"""Finds back-pain red flags in a visitor's message, and how urgent they are.

1. Normalise: spaCy's English tokenizer; a word no English dictionary knows is corrected
   to the nearest triage word when it is one or two letters away (rapidfuzz: "grion" is
   "groin", "numbnes" is "numbness"); every word is reduced to its lemma (spaCy's lookup
   lemmatizer: "gave" is "give", "legs" is "leg").
2. Match the concepts, the context triggers and the idioms (concepts.py, context.py) with
   one spaCy Matcher.
3. Decide for each concept mention whether its context cancels it, and whose it is.
4. A red flag (flags.py) is present when all the concepts of one of its combinations are
   mentioned, not cancelled, and about the same person. The message's level is that of its
   most urgent red flag.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

import spacy
import spacy_lookups_data
import srsly
from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.matcher import Matcher
from spacy.tokens import Doc

from bot.nlu.triage.concepts import CONCEPTS, IDIOMS, Kind
from bot.nlu.triage.context import CONTEXT_TRIGGERS, OTHER_PERSON, SENTENCE_BREAKS
from bot.nlu.triage.flags import RED_FLAGS, Level, RedFlag
from bot.nlu.unreadable_message import english_words

SELF, OTHER = "self", "other"
PAIN = "concept:pain"  # back pain stays back pain inside an idiom ("my slipped disc")
GAP = 4  # the words a `...` in a phrase may stand for
NEGATION_REACH = 6  # words from a negation to what it negates
# The contexts each kind of concept can be cancelled by.
CURRENT = frozenset({"negated", "resolved", "remote", "question", "checked"})
CANCELLED_BY: Dict[Kind, FrozenSet[str]] = {
    Kind.SYMPTOM: CURRENT,
    Kind.EVENT: CURRENT,
    Kind.ANCHOR: CURRENT,
    Kind.HISTORY: frozenset({"negated", "question"}),
    Kind.RISK: frozenset({"negated", "resolved", "remote", "question"}),
    Kind.MODIFIER: frozenset({"negated", "resolved", "remote"}),
}
# The stems spaCy's tokenizer leaves of contractions written without an apostrophe
# ("cant" is "ca" + "nt"), and the words they stand for.
STEMS = {"ca": "can", "wo": "will", "sha": "shall"}
# Contractions the tokenizer keeps whole because they are words too ("wont"): what they mean.
CONTRACTIONS = {"wont": "not"}
ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
# A negation reaches over "and"/"or" ("no fever or chills") but not over other clause breaks,
# nor over someone named, unless named as part of the negated list ("no problems with my ...").
LIST_WORDS = frozenset({"and", "or", "nor"})
LIST_PREPOSITIONS = frozenset({"with", "or", "nor", "in", "of"})
# Triggers made of plain words, which mean nothing inside a concept ("can't" in "can't
# feel", "and" in "pins and needles"); the others are phrases that may span a mention.
WORD_TRIGGERS = frozenset({"negation_before", "negation_after", "resolved", "remote", "reactivate", "clause_break"})
# Ages, computed from the text rather than matched as words.
AGE_CONCEPTS = {"age_under_20": Kind.ANCHOR, "age_over_50": Kind.ANCHOR, "age_65_or_over": Kind.ANCHOR}
AGE = re.compile(
    r"\b(?:(?P<a>\d{1,3})\s*-?\s*(?:(?:years?|yrs?)\s*-?\s*old|yo|y/o|y\.o\.)"
    r"|^\W*(?P<e>\d{2})(?=\s*(?:,|m\b|f\b|male|female))"
    r"|(?:i'm|i’m|im|i am|she's|she’s|he's|he’s|she is|he is|is|aged|age|turned|turning|now)\s+(?P<b>\d{1,3})(?!\s*(?:/|out of|weeks?|wks?|days?|months?|kg|kgs|lbs?|stone|minutes?|mins?|hours?|hrs?|%|am|pm|times?|cm|mm)\b)"
    r"|in (?:my|his|her) (?P<c>[2-9])0s"
    r"|\bat (?P<f>[2-9]\d)(?!\s*(?:/|:|out of|weeks?|wks?|days?|months?|kg|kgs|lbs?|stone|minutes?|mins?|hours?|hrs?|%|am|pm|times?|cm|mm|degrees|°)|\d)"
    r"|\((?P<d>\d{1,2})\))\b",
    re.IGNORECASE)
AGE_WORDS = {"oap": 70, "teenager": 15, "teen": 15, "child": 10, "kid": 10, "schoolboy": 12, "schoolgirl": 12,
             "pensioner": 70, "elderly": 75, "octogenarian": 85, "nonagenarian": 95}
# "in my sixties", "over 50": an age said in words or as a bound, with the age it stands for.
AGE_SPANS = re.compile(
    r"\bin (?:my|his|her|their) (?:early |mid |mid-|late )?(?P<decade>teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
    r"|\b(?:i'm|i’m|im|i am|she's|he's|she is|he is|aged|age) (?:just )?over (?P<over>[2-9]0)\b", re.IGNORECASE)
DECADES = {"teens": 15, "twenties": 25, "thirties": 35, "forties": 45, "fifties": 55, "sixties": 65,
           "seventies": 75, "eighties": 85, "nineties": 95}
PEOPLE_WORDS = frozenset(phrase for phrase in OTHER_PERSON if phrase.isalpha())
YEAR = re.compile(r"\bin (?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# "I'm 25 weeks", "at 33wks", "25 weeks, bleeding": how pregnant women write their weeks.
PREGNANCY_WEEKS = re.compile(
    r"(?:\b(?:i'm|i’m|im|i am|at|now|only|currently|who's|who’s|who is|she's|she’s|she is)\s+(?P<a>\d{1,2})\s*(?:weeks?|wks?)\b"
    r"|\b(?P<b>\d{1,2})\s*wks?\b|(?:^|[-–—,.:;!?]\s*)(?P<c>\d{1,2})\s*weeks?\b|\b(?P<d>\d{2})\+[0-6]\b)", re.IGNORECASE)
# A temperature of 38 °C / 100.4 °F or more, with a word that says it is one.
TEMPERATURE = re.compile(
    r"(?:temp(?:erature)?|thermometer|fever|reading)\D{0,25}\b(?:3[89]|4[0-2]|10[0-6])(?:[.,]\d)?\b"
    r"|\b(?:3[89]|4[0-2])(?:[.,]\d)?\s*(?:°|degrees|c\b|on the thermometer)"
    r"|\b10[0-6](?:[.,]\d)?\s*(?:°|degrees|f\b)"
    # a bare "38.5": with one decimal, 37.8 to 41.9 is hardly anything but a temperature
    r"|(?<![\d.,])(?:3[89]|4[01])[.,]\d(?!\d|[.,]\d|\s*(?:kg|kgs|kilos?|lbs?|pounds?|%|cm|mm|hours?|hrs?|weeks?|miles?|km))", re.IGNORECASE)
# "lost 6 kilos", "down 10lbs", "dropped nearly a stone": weight lost, said with a figure.
WEIGHT_LOST = re.compile(
    r"\b(?:lost|lose|losing|loosing|loss|down|dropped|drop|shed|shedding)\b[^.!?\n]{0,40}?"
    r"\b(?:\d+(?:[.,]\d)?|a|half a|nearly a|almost a|over a)\s*(?:kg|kgs|kilos?|lbs?|pounds?|stones?|st)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    concept: str
    start: int
    end: int
    person: str
    cancelled: Optional[str]  # the context that cancels it, or None

    @property
    def counts(self) -> bool:
        return self.cancelled is None


@dataclass(frozen=True)
class Triage:
    level: Optional[Level]
    flags: Tuple[str, ...]
    mentions: Tuple[Mention, ...]  # every concept found, with why it does not count if it does not


CONCEPT_KINDS: Dict[str, Kind] = {**{name: c.kind for name, c in CONCEPTS.items()}, **AGE_CONCEPTS}


@dataclass(frozen=True)
class _Trigger:
    name: str
    start: int
    end: int


@lru_cache(maxsize=1)
def shared_detector() -> "TriageDetector":
    """One detector per process (building one takes a second): for the NLU pipeline and the
    channels, which let a red flag past their rate limits."""
    return TriageDetector()


class TriageDetector:
    """Red flags and their urgency in free text; no classifier involved."""

    def __init__(self) -> None:
        self._nlp = spacy.blank("en")
        self._nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        self._nlp.initialize()
        self._lemmatizer = self._nlp.get_pipe("lemmatizer")
        phrases = [p for c in CONCEPTS.values() for p in c.phrases] + list(IDIOMS) + \
            [p for ps in CONTEXT_TRIGGERS.values() for p in ps]
        self._triage_words = sorted({w for p in phrases for w in re.findall(r"[a-z]{4,}", p.lower())})
        self._known = english_words() | lemma_table_words() | set(self._triage_words) | set(CONTRACTIONS)
        self._matcher = Matcher(self._nlp.vocab)
        for name, concept in CONCEPTS.items():
            self._matcher.add(f"concept:{name}", self._patterns(concept.phrases))
        for name, triggers in CONTEXT_TRIGGERS.items():
            self._matcher.add(f"context:{name}", self._patterns(triggers))
        self._matcher.add("idiom", self._patterns(IDIOMS))

    # --- normalising ---------------------------------------------------------------------

    def normalise(self, text: str) -> Doc:
        tokens = self._nlp.make_doc(text)
        words = [self._corrected(token.text).lower() for token in tokens]  # lemmas are looked up lower-case
        doc = self._lemmatizer(Doc(self._nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in tokens]))
        for token in doc:
            token.norm_ = key(token)
        return doc

    def _corrected(self, word: str) -> str:
        lower = word.lower()
        if len(lower) < 3 or not lower.isalpha() or lower in self._known:
            return word
        limit = 1 if len(lower) < 7 else 2
        found = process.extractOne(lower, self._triage_words, scorer=OSA.distance, score_cutoff=limit)
        return found[0] if found else word

    def _patterns(self, phrases: Iterable[str]) -> List[List[dict]]:
        return [self._pattern(expanded) for phrase in phrases for expanded in expand(phrase)]

    def _pattern(self, phrase: str) -> List[dict]:
        pattern: List[dict] = []
        for chunk in phrase.split():
            if chunk == "...":  # any word or hyphen ("period-like"), not a sentence's end
                pattern += [{"TEXT": {"NOT_IN": sorted(SENTENCE_BREAKS)}, "OP": "?"}] * GAP
            elif chunk.startswith("="):
                pattern.append({"LOWER": {"IN": chunk[1:].split("|")}})
            else:
                keys = [[key(t) for t in self._lemmatizer(self._nlp.make_doc(word))] for word in chunk.split("|")]
                if len(keys) == 1:
                    pattern += [{"NORM": k} for k in keys[0]]
                elif all(len(k) == 1 for k in keys):
                    pattern.append({"NORM": {"IN": [k[0] for k in keys]}})
                else:
                    raise ValueError(f"{phrase!r}: a|b alternatives are single words; write {{a b|c}} for phrases")
        return pattern

    # --- triage ----------------------------------------------------------------------------

    def triage(self, text: str) -> Triage:
        doc = self.normalise(text)
        found: Dict[str, List[Tuple[int, int]]] = {}
        for match_id, start, end in self._matcher(doc):
            found.setdefault(self._nlp.vocab.strings[match_id], []).append((start, end))
        idioms = found.pop("idiom", [])
        raw = [(name.split(":", 1)[1], start, end) for name, spans in found.items() if name.startswith("concept:")
               for start, end in spans
               if name == PAIN or not any(overlaps((start, end), idiom) for idiom in idioms)]
        covered = {i for _, start, end in raw for i in range(start, end)} | {i for s, e in idioms for i in range(s, e)}
        raw += self._ages(doc) + self._pregnancy_weeks(doc) + self._temperatures(doc) + self._weight_lost(doc)
        pseudo = found.get("context:pseudo", [])
        triggers = [
            _Trigger(name.split(":", 1)[1], start, end)
            for name, spans in found.items() if name.startswith("context:") and name != "context:pseudo"
            for start, end in spans
            if not any(overlaps((start, end), p) for p in pseudo)
            and not (name.split(":", 1)[1] in WORD_TRIGGERS and start in covered)
        ] + self._remote_years(doc)
        scopes = Scopes(doc, triggers)
        mentions = tuple(sorted({
            Mention(concept, start, end, scopes.person(start, end), scopes.cancelled(concept, start, end))
            for concept, start, end in raw}, key=lambda m: (m.start, m.concept)))
        flags = [flag for flag in RED_FLAGS if present(flag, mentions, scopes)]
        level = max((flag.level for flag in flags), default=None)
        return Triage(level, tuple(flag.name for flag in flags), mentions)

    def _ages(self, doc: Doc) -> List[Tuple[str, int, int]]:
        """Age mentions ("I'm 67", "my 11 year old", "in my 50s", "teenager") as concepts."""
        found = []
        for match in AGE.finditer(doc.text):
            number = next(int(g) for g in match.groups() if g is not None)
            age = number * 10 + 5 if match.group("c") else number
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and 1 <= age <= 110:
                # "my 80 year old dad": the age is the dad's, named just after it
                end = span.end + (span.end < len(doc) and doc[span.end].lower_ in PEOPLE_WORDS)
                found += [(concept, span.start, end) for concept in age_concepts(age)]
        for match in AGE_SPANS.finditer(doc.text):
            age = DECADES[match.group("decade").lower()] if match.group("decade") else int(match.group("over")) + 1
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None:
                found += [(concept, span.start, span.end) for concept in age_concepts(age)]
        for token in doc:
            if token.lower_ in AGE_WORDS:
                found += [(concept, token.i, token.i + 1) for concept in age_concepts(AGE_WORDS[token.lower_])]
        return found

    @staticmethod
    def _pregnancy_weeks(doc: Doc) -> List[Tuple[str, int, int]]:
        found = []
        for match in PREGNANCY_WEEKS.finditer(doc.text):
            weeks = int(next(g for g in match.groups() if g is not None))
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and 4 <= weeks <= 42:
                found.append(("pregnancy", span.start, span.end))
        return found

    @staticmethod
    def _temperatures(doc: Doc) -> List[Tuple[str, int, int]]:
        spans = (doc.char_span(m.start(), m.end(), alignment_mode="expand") for m in TEMPERATURE.finditer(doc.text))
        return [("fever", span.start, span.end) for span in spans if span is not None]

    @staticmethod
    def _weight_lost(doc: Doc) -> List[Tuple[str, int, int]]:
        spans = (doc.char_span(m.start(), m.end(), alignment_mode="expand") for m in WEIGHT_LOST.finditer(doc.text))
        return [("weight_loss", span.start, span.end) for span in spans if span is not None]

    @staticmethod
    def _remote_years(doc: Doc) -> List[_Trigger]:
        """"in 2015": a year more than a year before this one is long past."""
        triggers = []
        for match in YEAR.finditer(doc.text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and int(match.group("year")) < date.today().year - 1:
                triggers.append(_Trigger("remote", span.start, span.end))
        return triggers


def lemma_table_words() -> FrozenSet[str]:
    """The English words in spaCy's lemma table, inflected and base forms (about 60,000)."""
    table = srsly.read_gzip_json(Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz")
    return frozenset(table) | frozenset(table.values())


def key(token) -> str:
    """The form a word is matched by: spaCy's norm where it differs from the word ("can"
    for "ca", "not" for "n't"), else its lower-case lemma."""
    if token.lower_ in CONTRACTIONS:
        return CONTRACTIONS[token.lower_]
    word = token.norm_ if token.norm_ != token.lower_ else token.lemma_.lower()
    return STEMS.get(word, word)


def expand(phrase: str) -> List[str]:
    """"can't feel {toilet paper|wipe}" as "can't feel toilet paper" and "can't feel wipe"."""
    found = ALTERNATIVES.search(phrase)
    if not found:
        return [phrase]
    return [expanded for option in found.group(1).split("|")
            for expanded in expand(phrase[:found.start()] + option + phrase[found.end():])]


def age_concepts(age: int) -> List[str]:
    return [name for name, applies in (("age_under_20", age < 20), ("age_over_50", age > 50),
                                       ("age_65_or_over", age >= 65)) if applies]


def overlaps(a: Tuple[int, int], b: Tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Scopes:
    """Sentences, clauses and the triggers within them, for one message."""

    def __init__(self, doc: Doc, triggers: Sequence[_Trigger]) -> None:
        self.doc = doc
        self.by_name: Dict[str, List[_Trigger]] = {}
        for trigger in triggers:
            self.by_name.setdefault(trigger.name, []).append(trigger)
        self.sentence = sentence_numbers(doc)
        breaks = {i for t in self.by_name.get("clause_break", []) for i in range(t.start, t.end)}
        self.clause = clause_numbers(doc, breaks, self.sentence)
        self.list_words = {t.start for t in self.by_name.get("clause_break", []) if doc[t.start].lower_ in LIST_WORDS}
        self.people = sorted([(t.start, SELF) for t in self.by_name.get("first_person", [])] +
                             [(t.start, OTHER) for t in self.by_name.get("other_person", [])])

    def triggers(self, name: str) -> List[_Trigger]:
        return self.by_name.get(name, [])

    def person(self, start: int, end: int) -> str:
        """Whose a mention is: the last person named before its end ("my mum has cancer"),
        else the writer's."""
        before = [person for position, person in self.people if position < end]
        return before[-1] if before else SELF

    def cancelled(self, concept: str, start: int, end: int) -> Optional[str]:
        applicable = CANCELLED_BY[CONCEPT_KINDS[concept]]
        for context in ("negated", "resolved", "remote", "question", "checked"):
            if context in applicable and getattr(self, f"_{context}")(start, end, CONCEPT_KINDS[concept]):
                return context
        return None

    def _same_sentence(self, a: int, b: int) -> bool:
        return self.sentence[a] == self.sentence[b]

    def _negated(self, start: int, end: int, kind: Kind) -> bool:
        before = any(t.end <= start and start - t.end <= NEGATION_REACH and self._same_sentence(t.start, start)
                     and not self._ends_negation(t.end, start) for t in self.triggers("negation_before"))
        after = any(t.start >= end and t.start - end <= NEGATION_REACH and self.clause[t.start] == self.clause[start]
                    for t in self.triggers("negation_after"))
        answered = any(0 <= t.start - end <= 1 for t in self.triggers("answered_no"))  # "HIV - no"
        return before or after or answered

    def _ends_negation(self, frm: int, to: int) -> bool:
        """A clause break other than "and"/"or", or someone named, between a negation and its
        target; not "my" in a list ("no problems with my bladder or my bowels")."""
        people = {position for position, _ in self.people
                  if not (position and self.doc[position - 1].lower_ in LIST_PREPOSITIONS)}
        return any((self.clause[i] != self.clause[i - 1] and (i - 1) not in self.list_words and i not in self.list_words)
                   or i in people for i in range(frm, to))

    def _resolved(self, start: int, end: int, kind: Kind) -> bool:
        return any(self._reaches_back(t, start, end) or (t.end <= start and self.clause[t.start] == self.clause[start])
                   for t in self.triggers("resolved"))

    def _remote(self, start: int, end: int, kind: Kind) -> bool:
        return any(self.clause[t.start] == self.clause[start] or self._reaches_back(t, start, end)
                   for t in self.triggers("remote"))

    def _reaches_back(self, trigger: _Trigger, start: int, end: int) -> bool:
        """A trigger after the mention in its sentence, with nothing bringing it back in
        between ("fever last week, all gone now"; not "fever last week, now worse, gone?")."""
        if trigger.start < end or not self._same_sentence(trigger.start, start):
            return False
        return not any(end <= t.start < trigger.start for t in self.triggers("reactivate"))

    def _question(self, start: int, end: int, kind: Kind) -> bool:
        """A hypothetical in the mention's clause ("if I ever lose bladder control"), or a
        general question in a sentence that says nothing of the writer ("what does saddle
        numbness mean?"); for an event or a risk, a question about treatment in a clause
        that names nobody ("do you treat injuries from car accidents?"; not "motorbike
        accident 2 weeks ago, do you treat car-accident injuries?")."""
        sentence = self.sentence[start]
        if any(self.clause[t.start] == self.clause[start] for t in self.triggers("hypothetical")):
            return True
        in_sentence = lambda name: any(self.sentence[t.start] == sentence for t in self.triggers(name))  # noqa: E731
        named = {person for position, person in self.people if self.sentence[position] == sentence}
        general = in_sentence("question_general") and SELF not in named
        about_treatment = kind in (Kind.EVENT, Kind.RISK) and not named and self._treatment_question_covers(start)
        return general or about_treatment

    def _checked(self, start: int, end: int, kind: Kind) -> bool:
        """Seen by a doctor: in the mention's sentence ("rushed to hospital with a tearing
        pain"), or in the next one, with nothing new in between."""
        def covers(t: _Trigger) -> bool:
            if start < t.end:
                return 0 <= self.sentence[t.start] - self.sentence[start] <= 1 and \
                    not any(end <= r.start < t.start for r in self.triggers("reactivate"))
            return self._same_sentence(t.start, start) and not any(t.end <= r.start < start for r in self.triggers("reactivate")) \
                and not any(self.doc[i].lower_ == "but" for i in range(t.end, start))
        return any(covers(t) for t in self.triggers("checked"))

    def asks_about_treatment(self, mention: Mention) -> bool:
        """In a question about treatment that says nothing of the writer ("do you treat
        upper back pain?"); a symptom told in a clause of its own is a report ("sore
        between the shoulder blades for no reason, can acupuncture help?")."""
        sentence = self.sentence[mention.start]
        says_i = any(self.sentence[position] == sentence and person == SELF for position, person in self.people)
        return not says_i and self._treatment_question_covers(mention.start)

    def _treatment_question_covers(self, position: int) -> bool:
        """A question about treatment in the mention's clause, or earlier in its sentence
        ("do you treat whiplash and injuries from car accidents?")."""
        return any(self.clause[t.start] == self.clause[position] or
                   (t.start < position and self._same_sentence(t.start, position))
                   for t in self.triggers("treatment_question"))


def sentence_numbers(doc: Doc) -> List[int]:
    numbers, current = [], 0
    for token in doc:
        numbers.append(current)
        if token.text in SENTENCE_BREAKS or "\n" in token.text:
            current += 1
    return numbers


def clause_numbers(doc: Doc, breaks: Set[int], sentences: List[int]) -> List[int]:
    numbers, current = [], 0
    for token in doc:
        if token.i in breaks or (token.i and sentences[token.i] != sentences[token.i - 1]):
            current += 1
        numbers.append(current)
    return numbers


def present(flag: RedFlag, mentions: Sequence[Mention], scopes: Scopes) -> bool:
    """Whether one of the flag's combinations is all there, for one person, unexplained."""
    counting = [m for m in mentions if m.counts and not (flag.level is Level.PROMPT and scopes.asks_about_treatment(m))]
    for combination in flag.when:
        for person in people_it_may_concern(flag, counting):
            chosen = [[m for m in counting if m.concept == concept and
                       (CONCEPT_KINDS[concept] is Kind.MODIFIER or m.person == person)] for concept in combination]
            if flag.close:
                chosen = in_one_sentence(chosen, scopes)
            if all(chosen) and not explained(flag, chosen[0], counting, scopes):
                return True
    return False


def in_one_sentence(chosen: List[List[Mention]], scopes: Scopes) -> List[List[Mention]]:
    """Each concept's mentions kept only in sentences where every concept is mentioned."""
    shared = set.intersection(*({scopes.sentence[m.start] for m in options} for options in chosen))
    return [[m for m in options if scopes.sentence[m.start] in shared] for options in chosen]


def people_it_may_concern(flag: RedFlag, counting: Sequence[Mention]) -> List[str]:
    """The writer; and, when the writer has no pain of their own to ask about, someone
    else they are asking for: one whose pain they describe, or anyone for an urgent red
    flag ("my husband can't feel his legs"). Someone else's story beside the writer's own
    back pain is context ("my aunt cracked a bone, my back is just sore")."""
    pain = {m.person for m in counting if m.concept == "pain"}
    if SELF not in pain and (OTHER in pain or flag.level >= Level.URGENT):
        return [SELF, OTHER]
    return [SELF]


def explained(flag: RedFlag, main: Sequence[Mention], counting: Sequence[Mention], scopes: Scopes) -> bool:
    reasons = [m for m in counting if m.concept in flag.unless]
    if flag.unless_anywhere:
        return bool(reasons)
    clauses = {scopes.clause[m.start] for m in main}
    return any(scopes.clause[m.start] in clauses for m in reasons)
