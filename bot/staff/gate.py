"""`bot evaluate`: did a content change make any topic worse?

Two per-topic scores, each the share of a topic's questions the assistant answers with
that topic (for unrelated questions: the share it declines):
- held-out: the trained model (models/clinic.tar.gz) on the visitor questions it never
  saw in training (tests/heldout/visitor_questions.yml);
- cross-validation: the pipeline in config.yml trained on part of data/ and asked the
  rest, over a few folds; it covers every topic's own examples.
Each run is compared with the last recorded one (reports/evaluation.json); a topic is
worse when either score falls by more than WORSE_BY (a red flag's, when it falls at all). A run is recorded only when nothing
got worse, or when staff accept the change.
"""
from __future__ import annotations

import asyncio
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

from rasa.core.agent import Agent

from bot.contract import predicted_label
from bot.evaluation.examples import Example, load_examples, load_training_data, stratified_folds, training_examples
from bot.evaluation.heldout import is_right, level_of, parse_all
from bot.evaluation.trained_nlu import TrainedNlu, write_answers

WORSE_BY = 0.05  # one more miss in a topic of 20 or fewer questions
RECORD = Path("reports/evaluation.json")
HELDOUT = Path("tests/heldout/visitor_questions.yml")

Scores = Dict[str, Tuple[int, int]]  # label -> (answered right, questions)


class EvaluationError(RuntimeError):
    """The evaluation cannot run; the message says what to do."""


def per_label(examples: Iterable[Example], answers: Iterable[str]) -> Scores:
    scores: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    for example, got in zip(examples, answers, strict=True):
        scores[example.label][0] += is_right(example.label, got)
        scores[example.label][1] += 1
    return {label: (right, total) for label, (right, total) in sorted(scores.items())}


def heldout_scores(model: Path, heldout: Path) -> Scores:
    examples = load_examples(heldout)
    agent = Agent.load(str(model))
    parses = parse_all(lambda text: asyncio.run(agent.parse_message(text)), [e.text for e in examples])
    return per_label(examples, [predicted_label(p) for p in parses])


def cross_validation_scores(project: Path, folds: int) -> Scores:
    data = load_training_data(project)
    examples = training_examples(data)
    asked: List[Example] = []
    answers: List[str] = []
    with tempfile.TemporaryDirectory() as workdir:
        extra = [write_answers(data, Path(workdir)), *sorted((project / "data" / "nlu" / "lookups").glob("*.yml"))]
        for train, test in stratified_folds(examples, folds):
            model = TrainedNlu.train(project / "config.yml", train, Path(workdir), extra)
            asked += test
            answers += [predicted_label(p) for p in model.parse([e.text for e in test])]
    return per_label(asked, answers)


@dataclass
class Run:
    folds: int
    heldout: Scores
    cross_validation: Scores

    def to_json(self) -> str:
        return json.dumps({"folds": self.folds, "heldout": self.heldout,
                           "cross_validation": self.cross_validation}, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Run":
        raw = json.loads(text)
        return cls(raw["folds"], {k: tuple(v) for k, v in raw["heldout"].items()},
                   {k: tuple(v) for k, v in raw["cross_validation"].items()})


@dataclass(frozen=True)
class Change:
    label: str
    part: str  # "held-out" or "cross-validation"
    before: float
    now: float

    @property
    def worse(self) -> bool:
        """A red flag's score may not fall at all: one more red flag missed is worse."""
        allowed = 0.0 if level_of(self.label) else WORSE_BY
        return self.before - self.now > allowed + 1e-9


def rate(score: Tuple[int, int]) -> float:
    return score[0] / score[1] if score[1] else 1.0


def compare(before: Run, now: Run) -> List[Change]:
    """Every label scored in both runs, in both parts (cross-validation only with the same folds)."""
    parts = [("held-out", before.heldout, now.heldout)]
    if before.folds == now.folds:
        parts.append(("cross-validation", before.cross_validation, now.cross_validation))
    return [Change(label, part, rate(old[label]), rate(new[label]))
            for part, old, new in parts for label in sorted(old.keys() & new.keys())]


def check_model_is_current(project: Path, model: Path) -> None:
    if not model.exists():
        raise EvaluationError(f"{model} does not exist: run `make train` first")
    inputs = [project / "config.yml", project / "domain.yml", *(project / "data").glob("**/*.yml")]
    newer = [p for p in inputs if p.stat().st_mtime > model.stat().st_mtime]
    if newer:
        raise EvaluationError(f"{newer[0].relative_to(project)} changed after {model.name} was trained: "
                              "run `make train` first")


def last_run(project: Path) -> Optional[Run]:
    path = project / RECORD
    return Run.from_json(path.read_text()) if path.exists() else None


def record(project: Path, run: Run) -> Path:
    path = project / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(run.to_json() + "\n")
    return path


def evaluate(project: Path, model: Path, heldout: Path, folds: int) -> Run:
    check_model_is_current(project, model)
    if not heldout.exists():
        raise EvaluationError(f"{heldout} does not exist: give the held-out questions with --heldout")
    return Run(folds, heldout_scores(model, heldout), cross_validation_scores(project, folds))


def table(now: Run, before: Optional[Run]) -> List[str]:
    """One line per label: held-out and cross-validation rates, with the last run's."""
    changes = {(c.label, c.part): c for c in compare(before, now)} if before else {}

    def cell(part: str, label: str, score: Optional[Tuple[int, int]]) -> str:
        if score is None:
            return "-"
        change = changes.get((label, part))
        was = f" (was {change.before:.0%})" if change and abs(change.before - change.now) > 1e-9 else ""
        return f"{rate(score):.0%} of {score[1]}{was}{'  WORSE' if change and change.worse else ''}"

    labels = sorted(now.heldout.keys() | now.cross_validation.keys())
    width = max(map(len, labels), default=5)
    lines = [f"{'topic or intent':<{width}}  {'held-out':<32}  cross-validation ({now.folds} folds)"]
    for label in labels:
        lines.append(f"{label:<{width}}  {cell('held-out', label, now.heldout.get(label)):<32}  "
                     f"{cell('cross-validation', label, now.cross_validation.get(label))}")
    return lines
