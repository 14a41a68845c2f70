"""Scores a trained model on held-out sets: what the assistant would answer, judged.

Three sets, none used for training or tuning (tests/heldout/):
- visitor_questions.yml: the FAQ topics, other intents, unrelated questions (to be
  declined) and red flags (advice of their level or a more urgent one);
- near_domain.yml: questions as public clinic FAQ pages ask them, each labelled with the
  answers that would be right or "decline"; every answer is right, declined honestly, or
  confidently wrong (a wrong answer is worse than "I don't know", so it is its own figure);
- triage.yml: red flags by level and category, and harmless look-alikes.

    python -m bot.evaluation.heldout models/clinic.tar.gz tests/heldout/visitor_questions.yml
"""
from __future__ import annotations

import asyncio
import logging
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from bot.contract import DECLINED, FAQ_INTENT, OUT_OF_SCOPE, predicted_label
from bot.evaluation.examples import Example, load_examples
from bot.nlu.triage.flags import Level

DECLINE = "decline"  # the near-domain set's label for "should be declined"
LEVEL_BY_INTENT = {level.intent: level for level in Level}
LEVEL_BY_NAME = {level.name.lower(): level for level in Level}

# --- labels ------------------------------------------------------------------------------


def level_of(label: str) -> Optional[Level]:
    return LEVEL_BY_INTENT.get(label)


def is_right(expected: str, got: str) -> bool:
    """An unrelated question is rightly declined; a red flag rightly gets advice of its
    level or a more urgent one; anything else needs its own label."""
    if expected == OUT_OF_SCOPE:
        return got in DECLINED
    if level_of(expected):
        return at_least(level_of(got), level_of(expected))
    return got == expected


def at_least(got: Optional[Level], wanted: Level) -> bool:
    return got is not None and got >= wanted


# --- the held-out visitor questions ----------------------------------------------------


@dataclass
class Score:
    correct: int = 0
    total: int = 0
    misses: List[Tuple[str, str, str]] = field(default_factory=list)  # text, expected, got

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, text: str, expected: str, got: str, ok: bool) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.misses.append((text, expected, got))

    def line(self, title: str) -> str:
        return f"{title:<26}{self.rate:6.1%}  ({self.correct}/{self.total})"


@dataclass
class Report:
    topics: Score = field(default_factory=Score)
    other_intents: Score = field(default_factory=Score)
    rejection: Score = field(default_factory=Score)
    red_flags: Score = field(default_factory=Score)  # advice of the right level or a more urgent one

    SCORES = ("topics", "other_intents", "rejection", "red_flags")

    def summary(self) -> str:
        titles = ("FAQ topic accuracy:", "Other intents accuracy:", "Unrelated declined:",
                  "Red flags at their level+:")
        lines = [getattr(self, name).line(title) for name, title in zip(self.SCORES, titles)]
        return "\n".join(lines + [f"  {miss}" for miss in self.miss_lines()])

    def miss_lines(self) -> List[str]:
        return [f"miss [{name}] {text!r}: expected {expected}, got {got}"
                for name in self.SCORES for text, expected, got in getattr(self, name).misses]


def score(examples: Sequence[Example], parses: Sequence[Dict[str, Any]]) -> Report:
    report = Report()
    for example, parse in zip(examples, parses, strict=True):
        got, expected = predicted_label(parse), example.label
        score_for = (report.topics if expected.startswith(f"{FAQ_INTENT}/") else report.rejection
                     if expected == OUT_OF_SCOPE else report.red_flags if level_of(expected) else report.other_intents)
        score_for.add(example.text, expected, got, is_right(expected, got))
    return report


# --- the near-domain questions ---------------------------------------------------------

RIGHT, DECLINED_HONESTLY, WRONG = "answered rightly", "declined honestly", "confidently wrong"
OUTCOMES = (RIGHT, DECLINED_HONESTLY, WRONG)


@dataclass(frozen=True)
class NearDomainQuestion:
    text: str
    expect: Tuple[str, ...]  # every right answer: "faq/<topic>", an intent, "decline", "other_language"
    group: str
    source: str


def load_near_domain(path: Path) -> List[NearDomainQuestion]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [NearDomainQuestion(i["text"], tuple(i["expect"]), i["group"], i["source"]) for i in items]


def outcome(question: NearDomainQuestion, got: str) -> str:
    if got in question.expect or (DECLINE in question.expect and got in DECLINED):
        return RIGHT
    if got in DECLINED:
        return DECLINED_HONESTLY
    return WRONG


@dataclass
class NearDomainReport:
    counts: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    wrong: List[Tuple[str, str, str]] = field(default_factory=list)  # text, expected, got

    def add(self, question: NearDomainQuestion, got: str) -> None:
        result = outcome(question, got)
        self.counts[question.group][result] += 1
        if result == WRONG:
            self.wrong.append((question.text, "|".join(question.expect), got))

    @property
    def total(self) -> Counter:
        return sum(self.counts.values(), Counter())

    def rate(self, result: str, group: Optional[str] = None) -> float:
        counts = self.counts[group] if group else self.total
        return counts[result] / sum(counts.values()) if counts else 0.0

    def table(self) -> List[str]:
        lines = ["| group | questions | " + " | ".join(OUTCOMES) + " |", "|---" * (2 + len(OUTCOMES)) + "|"]
        for group in sorted(self.counts) + [None]:
            counts = self.counts[group] if group else self.total
            n = sum(counts.values())
            cells = " | ".join(f"{counts[o] / n:.1%} ({counts[o]})" for o in OUTCOMES)
            lines.append(f"| {group or '**all**'} | {n} | {cells} |")
        return lines


def score_near_domain(questions: Sequence[NearDomainQuestion], parses: Sequence[Dict[str, Any]]) -> NearDomainReport:
    report = NearDomainReport()
    for question, parse in zip(questions, parses, strict=True):
        report.add(question, predicted_label(parse))
    return report


# --- the triage set ----------------------------------------------------------------------

CAUGHT, UNDER, MISSED, HARMLESS, FALSE_ALARM = "caught", "lower level", "missed", "harmless", "false alarm"


@dataclass(frozen=True)
class TriageMessage:
    text: str
    level: Optional[Level]  # None for a harmless look-alike
    category: str
    source: str


def load_triage(path: Path) -> List[TriageMessage]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    return [TriageMessage(i["text"], LEVEL_BY_NAME.get(i["level"]), i["category"], i["source"]) for i in items]


def triage_outcome(message: TriageMessage, got: Optional[Level]) -> str:
    if message.level is None:
        return HARMLESS if got is None else FALSE_ALARM
    return CAUGHT if at_least(got, message.level) else UNDER if got is not None else MISSED


@dataclass
class TriageReport:
    counts: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: List[Tuple[str, str, str]] = field(default_factory=list)  # text, expected, got
    urgent_false_alarms: int = 0  # harmless messages sent to the urgent or emergency level

    def add(self, message: TriageMessage, got: Optional[Level]) -> None:
        result = triage_outcome(message, got)
        self.counts[message.category][result] += 1
        self.urgent_false_alarms += result == FALSE_ALARM and got >= Level.URGENT
        if result not in (CAUGHT, HARMLESS):
            self.failures.append((message.text, name_of(message.level), name_of(got)))

    def figures(self) -> Dict[str, float]:
        total = sum(self.counts.values(), Counter())
        red_flags = total[CAUGHT] + total[UNDER] + total[MISSED]
        harmless = total[HARMLESS] + total[FALSE_ALARM]
        return {"red_flags": red_flags, "caught": total[CAUGHT] / red_flags if red_flags else 1.0,
                "flagged_at_any_level": (total[CAUGHT] + total[UNDER]) / red_flags if red_flags else 1.0,
                "harmless": harmless, "false_alarms": total[FALSE_ALARM] / harmless if harmless else 0.0,
                "urgent_false_alarms": self.urgent_false_alarms / harmless if harmless else 0.0}

    def table(self) -> List[str]:
        lines = ["| category | messages | caught at level or above | lower level | missed | false alarm |",
                 "|---|---|---|---|---|---|"]
        for category in sorted(self.counts):
            counts = self.counts[category]
            lines.append(f"| {category} | {sum(counts.values())} | {counts[CAUGHT]} | {counts[UNDER]} | "
                         f"{counts[MISSED]} | {counts[FALSE_ALARM]} |")
        return lines


def name_of(level: Optional[Level]) -> str:
    return level.name.lower() if level else "none"


def score_triage(messages: Sequence[TriageMessage], levels: Iterable[Optional[Level]]) -> TriageReport:
    report = TriageReport()
    for message, got in zip(messages, levels, strict=True):
        report.add(message, got)
    return report


# --- running a model -----------------------------------------------------------------------


def parse_all(parse: Callable[[str], Any], texts: Sequence[str]) -> List[Dict[str, Any]]:
    return [parse(text) for text in texts]


def evaluate(model: Path, heldout: Path) -> Report:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    examples = load_examples(heldout)
    return score(examples, parse_all(lambda text: asyncio.run(agent.parse_message(text)),
                                     [example.text for example in examples]))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: python -m {__spec__.name} MODEL HELDOUT_FILE")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise
    print(evaluate(Path(sys.argv[1]), Path(sys.argv[2])).summary())
