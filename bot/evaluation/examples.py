"""Labelled questions, where they come from, and the cross-validation folds they are dealt into."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData


@dataclass(frozen=True)
class Example:
    text: str
    label: str  # "faq/<topic>", an intent name, or a red-flag level's intent


def load_training_data(project: Path) -> TrainingData:
    """A project's NLU training data: data/nlu (intents, lookups) and data/faq (topics, answers)."""
    return load_data(str(project / "data" / "nlu")).merge(load_data(str(project / "data" / "faq")))


def training_examples(data: TrainingData) -> List[Example]:
    return [Example(message.get("text"), message.get_full_intent()) for message in data.intent_examples]


def load_examples(path: Path) -> List[Example]:
    """The examples of an NLU file in Rasa's format (the held-out visitor questions)."""
    return training_examples(load_data(str(path)))


def stratified_folds(
    examples: Sequence[Example], folds: int = 5, seed: int = 2024
) -> Iterator[Tuple[List[Example], List[Example]]]:
    """Stratified folds: every label is in every fold's training part. They stay put under
    edits (so `bot evaluate` compares like with like): each label's examples are ordered by
    a seeded hash of their text and dealt out in turn, so a new example moves no other
    label's examples and few of its own."""
    by_label: Dict[str, List[int]] = {}
    for index, example in enumerate(examples):
        by_label.setdefault(example.label, []).append(index)
    fold_of = {}
    for indices in by_label.values():
        ordered = sorted(indices, key=lambda i: hashlib.sha256(f"{seed}:{examples[i].text}".encode()).digest())
        fold_of.update({index: position % folds for position, index in enumerate(ordered)})
    for fold in range(folds):
        yield ([e for i, e in enumerate(examples) if fold_of[i] != fold],
               [e for i, e in enumerate(examples) if fold_of[i] == fold])
