"""Scoring rules for the NLU benchmark: thresholds, metrics and cross-validation folds.

HINT3's rule (Arora et al., 2020): predict the top intent when its confidence is at least
the threshold t, otherwise the out-of-scope label; MCC is computed over all test rows
with out-of-scope as one more class.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Dict, Iterator, List, Sequence, Set, Tuple

from sklearn.metrics import f1_score, matthews_corrcoef

from bot.evaluation.examples import Example

HINT3_OUT_OF_SCOPE = "NO_NODES_DETECTED"  # HINT3's label for a query no intent answers
THRESHOLDS = tuple(round(0.1 * i, 1) for i in range(1, 10))


@dataclass(frozen=True)
class Prediction:
    label: str
    confidence: float


def apply_threshold(predictions: Sequence[Prediction], threshold: float) -> List[str]:
    return [p.label if p.confidence >= threshold else HINT3_OUT_OF_SCOPE for p in predictions]


def metrics(gold: Sequence[str], predicted: Sequence[str]) -> Dict[str, float]:
    """The figures HINT3 publishes, for one threshold."""
    pairs = list(zip(gold, predicted, strict=True))
    in_scope = [(g, p) for g, p in pairs if g != HINT3_OUT_OF_SCOPE]
    out_of_scope = [(g, p) for g, p in pairs if g == HINT3_OUT_OF_SCOPE]
    return {
        "accuracy": sum(g == p for g, p in pairs) / len(pairs),
        "weighted_f1": f1_score(gold, predicted, average="weighted", zero_division=0),
        "inscope_accuracy": sum(g == p for g, p in in_scope) / len(in_scope) if in_scope else 0.0,
        "oos_recall": sum(p == HINT3_OUT_OF_SCOPE for _, p in out_of_scope) / len(out_of_scope) if out_of_scope else 0.0,
        "mcc": matthews_corrcoef(gold, predicted),
    }


def metrics_by_threshold(gold: Sequence[str], predictions: Sequence[Prediction]) -> Dict[float, Dict[str, float]]:
    return {t: metrics(gold, apply_threshold(predictions, t)) for t in THRESHOLDS}


def best_threshold(curve: Dict[float, float]) -> float:
    """The threshold with the highest score; the lowest such on a tie."""
    return max(sorted(curve), key=lambda t: curve[t])


def pseudo_out_of_scope_folds(
    examples: Sequence[Example], folds: int = 5, seed: int = 2024
) -> Iterator[Tuple[List[Example], List[Example]]]:
    """Cross-validation folds in which some intents are never trained on.

    Each fold hides a fifth of the intents entirely (their questions become
    out-of-scope test rows) and a fifth of the remaining examples. Out-of-scope
    detection can then be measured, and a threshold chosen, on training data alone.
    Yields (train, test); test labels of hidden intents are HINT3_OUT_OF_SCOPE.
    """
    rng = random.Random(seed)
    intents = sorted({e.label for e in examples})
    rng.shuffle(intents)
    order = list(range(len(examples)))
    rng.shuffle(order)
    held = {index: position % folds for position, index in enumerate(order)}
    for fold in range(folds):
        hidden: Set[str] = set(intents[fold::folds])
        train = [e for i, e in enumerate(examples) if e.label not in hidden and held[i] != fold]
        test = [Example(e.text, HINT3_OUT_OF_SCOPE) if e.label in hidden else e
                for i, e in enumerate(examples) if e.label in hidden or held[i] == fold]
        yield train, test
