"""Scores a trained model on the held-out visitor questions.

Three figures matter for a clinic FAQ bot:
- topic accuracy: FAQ questions get intent `faq` and the right topic;
- rejection: unrelated questions (`out_of_scope` in the file) are declined, i.e. the
  model says `out_of_scope` or falls back (`nlu_fallback`) instead of answering;
- red-flag recall: every red-flag message gets `urgent_symptoms`.

    python -m bot.evaluation models/clinic.tar.gz tests/heldout/visitor_questions.yml
"""
from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.log_utils import configure_structlog

FAQ_INTENT = "faq"
OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"
URGENT = "urgent_symptoms"
REJECTIONS = frozenset({OUT_OF_SCOPE, FALLBACK})


@dataclass(frozen=True)
class Example:
    text: str
    expected: str  # "faq/<topic>" or an intent name


@dataclass
class Score:
    correct: int = 0
    total: int = 0
    misses: List[Tuple[str, str, str]] = field(default_factory=list)  # text, expected, got

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, example: Example, got: str, ok: bool) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.misses.append((example.text, example.expected, got))


@dataclass
class Report:
    topics: Score = field(default_factory=Score)
    other_intents: Score = field(default_factory=Score)
    rejection: Score = field(default_factory=Score)
    red_flags: Score = field(default_factory=Score)

    def summary(self) -> str:
        lines = [
            f"FAQ topic accuracy:      {self.topics.rate:6.1%}  ({self.topics.correct}/{self.topics.total})",
            f"Other intents accuracy:  {self.other_intents.rate:6.1%}  ({self.other_intents.correct}/{self.other_intents.total})",
            f"Unrelated rejected:      {self.rejection.rate:6.1%}  ({self.rejection.correct}/{self.rejection.total})",
            f"Red flags sent urgently: {self.red_flags.rate:6.1%}  ({self.red_flags.correct}/{self.red_flags.total})",
        ]
        return "\n".join(lines + [f"  {miss}" for miss in self.miss_lines()])

    def miss_lines(self) -> List[str]:
        return [f"miss [{name}] {text!r}: expected {expected}, got {got}"
                for name in ("topics", "other_intents", "rejection", "red_flags")
                for text, expected, got in getattr(self, name).misses]


def load_training_data(project: Path) -> TrainingData:
    """A project's NLU training data: data/nlu (intents, lookups) and data/faq (topics, answers)."""
    return load_data(str(project / "data" / "nlu")).merge(load_data(str(project / "data" / "faq")))


def load_examples(path: Path) -> List[Example]:
    data = load_data(str(path))
    return [
        Example(message.get("text"), message.get_full_intent())
        for message in data.intent_examples
    ]


def predicted_label(parse: Dict[str, Any]) -> str:
    """`faq/<topic>` for an FAQ answer, otherwise the intent name."""
    intent = (parse.get("intent") or {}).get("name") or ""
    if intent != FAQ_INTENT:
        return intent
    selected = (parse.get("response_selector") or {}).get(FAQ_INTENT, {})
    return selected.get("response", {}).get("intent_response_key") or intent


def score(examples: List[Example], parses: List[Dict[str, Any]]) -> Report:
    report = Report()
    for example, parse in zip(examples, parses, strict=True):
        got = predicted_label(parse)
        if example.expected.startswith(f"{FAQ_INTENT}/"):
            report.topics.add(example, got, got == example.expected)
        elif example.expected == OUT_OF_SCOPE:
            report.rejection.add(example, got, got in REJECTIONS)
        elif example.expected == URGENT:
            report.red_flags.add(example, got, got == URGENT)
        else:
            report.other_intents.add(example, got, got == example.expected)
    return report


async def parse_all(agent: Agent, texts: List[str]) -> List[Dict[str, Any]]:
    return [await agent.parse_message(text) for text in texts]


def evaluate(model: Path, heldout: Path, agent: Optional[Agent] = None) -> Report:
    examples = load_examples(heldout)
    agent = agent or Agent.load(str(model))
    parses = asyncio.run(parse_all(agent, [example.text for example in examples]))
    return score(examples, parses)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: python -m {__spec__.name} MODEL HELDOUT_FILE")
    configure_structlog(logging.WARNING)  # Rasa logs every parse at debug level otherwise
    print(evaluate(Path(sys.argv[1]), Path(sys.argv[2])).summary())
