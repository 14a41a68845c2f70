"""`bot draft DOCS_DIR`: candidate FAQ topics from the clinic's documents, for staff.

Each document (plain text or HTML) is cut into sections at its headings; spaCy splits
them into sentences and phrase-matches the clinical terms of data/nlu/lookups/ (the
same pipeline the assistant uses) and a few cues of what visitors ask about (causes,
sessions, safety). A section with a question heading, a clinical term or a cue becomes
a candidate: the sentences that answer it, the question phrasings a visitor might use,
and where it comes from. The trained assistant is asked each phrasing, so the review
file says which candidates an existing topic already answers. Nothing is published: the
file is for staff, who write the answer in their own words with `bot faq add`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import spacy
import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span

from bot.contract import FAQ_INTENT, chosen_topic, predicted_label

DOCUMENT_TYPES = (".txt", ".html", ".htm")
HEADING_MAX_WORDS = 12
PASSAGE_SENTENCES = 3
TERMS_PER_CANDIDATE = 3
ANSWERED_FROM = 0.7  # the assistant's topic confidence above which a phrasing counts as covered
# What a visitor would ask when a section talks about these things.
CUES = {
    "causes": (["cause", "causes", "caused by", "trigger", "triggers"], "What causes back pain?"),
    "sessions": (["sessions", "per week", "times a week", "how often"], "How many sessions will I need?"),
    "safety": (["safe", "side effects", "risk", "risks"], "Is acupuncture safe?"),
}
CONDITION = "condition"

Parse = Callable[[str], Dict[str, Any]]


@dataclass
class Section:
    heading: str
    start: int  # character offsets in the document's text
    end: int


@dataclass
class Phrasing:
    question: str
    answered_by: Optional[str] = None  # "faq/<topic>" when the assistant already answers it
    confidence: float = 0.0


@dataclass
class Candidate:
    source: str
    line: int
    start: int
    end: int
    heading: str
    passage: str
    terms: List[str]
    questions: List[Phrasing] = field(default_factory=list)

    @property
    def covered_by(self) -> Optional[str]:
        """The topic that answers the main question (the heading, or the first phrasing),
        or else at least half of the phrasings."""
        if not self.questions:
            return None
        if self.questions[0].answered_by:
            return self.questions[0].answered_by
        answered = Counter(p.answered_by for p in self.questions if p.answered_by).most_common(1)
        return answered[0][0] if answered and 2 * answered[0][1] >= len(self.questions) else None


class _TextFromHtml(HTMLParser):
    BLOCKS = {"p", "div", "section", "article", "li", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
    SKIPPED = {"script", "style", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: List[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._skipping += tag in self.SKIPPED
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(" ".join(data.split()) if data.strip() else "")


def read_document(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm"):
        parser = _TextFromHtml()
        parser.feed(text)
        text = re.sub(r"\n\s*\n\s*", "\n\n", "".join(parser.parts)).strip()
    return text


def is_heading(paragraph: str) -> bool:
    text = paragraph.strip()
    return "\n" not in text and len(text.split()) <= HEADING_MAX_WORDS and not text.endswith((".", ":", ";", ","))


def sections(text: str) -> List[Section]:
    """The document cut at its headings (short one-line paragraphs)."""
    found: List[Section] = []
    for paragraph in re.finditer(r"\S[^\n]*(?:\n[ \t]*\S[^\n]*)*", text):
        if is_heading(paragraph.group()):
            found.append(Section(paragraph.group().strip(), paragraph.end(), paragraph.end()))
        elif found:
            if found[-1].start == found[-1].end:  # the first paragraph under a heading
                found[-1].start = paragraph.start()
            found[-1].end = paragraph.end()
        else:
            found.append(Section("", paragraph.start(), paragraph.end()))
    return [section for section in found if section.end > section.start]


class Drafter:
    def __init__(self, nlp: spacy.Language, parse: Parse) -> None:
        self.nlp = nlp
        self.parse = parse
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name, (phrases, _) in CUES.items():
            self.cues.add(name, [nlp.make_doc(phrase) for phrase in phrases])

    def draft(self, docs_dir: Path) -> List[Candidate]:
        candidates = []
        for path in sorted(p for p in docs_dir.iterdir() if p.suffix.lower() in DOCUMENT_TYPES):
            text = read_document(path)
            for section in sections(text):
                candidate = self._candidate(path.name, text, section)
                if candidate is not None:
                    candidates.append(candidate)
        return candidates

    def _candidate(self, source: str, text: str, section: Section) -> Optional[Candidate]:
        doc = self.nlp(text[section.start:section.end])
        conditions = Counter(ent.text.lower() for ent in doc.ents if ent.label_ == CONDITION)
        terms = [term for term, _ in conditions.most_common(TERMS_PER_CANDIDATE)]
        cue_spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self.cues(doc)]
        cues = {span.label_ for span in cue_spans}
        questions = self._phrasings(section.heading, terms, cues)
        if not questions:
            return None
        marked = {span.sent.start for span in [*doc.ents, *cue_spans]}
        sentences = [s for s in doc.sents if s.start in marked][:PASSAGE_SENTENCES] or list(doc.sents)[:2]
        start, end = section.start + sentences[0].start_char, section.start + sentences[-1].end_char
        candidate = Candidate(source, text.count("\n", 0, start) + 1, start, end, section.heading,
                              " ".join(" ".join(s.text.split()) for s in sentences), sorted(set(terms)))
        candidate.questions = [self._ask(question) for question in questions]
        return candidate

    @staticmethod
    def _phrasings(heading: str, terms: List[str], cues: set) -> List[str]:
        questions = []
        if heading and (heading.endswith("?") or terms or cues):
            # as a visitor would type it: "Types of Back Pain" -> "types of back pain"
            questions.append(" ".join(w if w.isupper() else w.lower() for w in heading.split()))
        questions += [f"Can acupuncture help with {term}?" for term in terms]
        questions += [CUES[cue][1] for cue in sorted(cues)]
        return list(dict.fromkeys(questions))

    def _ask(self, question: str) -> Phrasing:
        result = self.parse(question)
        label = predicted_label(result)
        confidence = (chosen_topic(result) or ("", 0.0))[1]
        if label.startswith(f"{FAQ_INTENT}/") and confidence >= ANSWERED_FROM:
            return Phrasing(question, label, round(confidence, 2))
        return Phrasing(question)


def phrasing_entry(phrasing: Phrasing) -> Dict[str, Any]:
    if phrasing.answered_by is None:
        return {"question": phrasing.question, "answered_by": "nothing"}
    return {"question": phrasing.question, "answered_by": phrasing.answered_by, "confidence": phrasing.confidence}


def review_file(candidates: List[Candidate], docs_dir: Path) -> str:
    new = sum(not c.covered_by for c in candidates)
    header = (f"# Drafted by `bot draft {docs_dir}`: {len(candidates)} candidates, {new} not answered yet.\n"
              "# Nothing here is live. For a new topic, write the answer in your own words and add it with\n"
              "# `bot faq add`; add good phrasings to an existing topic with `bot faq example`.\n"
              "# line and characters locate the passage in the document's text (for HTML, without its tags).\n")
    entries = [{
        "source": c.source, "line": c.line, "characters": f"{c.start}-{c.end}",
        "heading": c.heading, "passage": c.passage, "clinical_terms": c.terms,
        "already_answered_by": c.covered_by or "nothing: a new topic?",
        "questions": [phrasing_entry(p) for p in c.questions],
    } for c in candidates]
    return header + yaml.safe_dump({"candidates": entries}, sort_keys=False, allow_unicode=True, width=100)
