import pytest

from bot.bench.scoring import (
    HINT3_OUT_OF_SCOPE as OUT_OF_SCOPE,
    Prediction,
    apply_threshold,
    best_threshold,
    metrics,
    pseudo_out_of_scope_folds,
)
from bot.evaluation.examples import Example

EXAMPLES = [Example(f"question {i}", f"intent_{i % 10}") for i in range(100)]


def test_threshold_rule_follows_hint3():
    predictions = [Prediction("a", 0.9), Prediction("b", 0.3), Prediction("c", 0.5)]
    assert apply_threshold(predictions, 0.5) == ["a", OUT_OF_SCOPE, "c"]


def test_metrics_separate_in_scope_and_out_of_scope():
    gold = ["a", "a", "b", OUT_OF_SCOPE, OUT_OF_SCOPE]
    predicted = ["a", "b", "b", OUT_OF_SCOPE, "a"]
    result = metrics(gold, predicted)
    assert result["accuracy"] == pytest.approx(3 / 5)
    assert result["inscope_accuracy"] == pytest.approx(2 / 3)
    assert result["oos_recall"] == pytest.approx(1 / 2)
    assert -1 <= result["mcc"] <= 1


def test_perfect_predictions_score_one():
    gold = ["a", "b", OUT_OF_SCOPE]
    assert metrics(gold, gold)["mcc"] == pytest.approx(1.0)


def test_best_threshold_prefers_the_lowest_on_a_tie():
    assert best_threshold({0.1: 0.5, 0.2: 0.7, 0.3: 0.7}) == 0.2


def test_pseudo_out_of_scope_folds_hide_whole_intents():
    seen_hidden = set()
    for train, test in pseudo_out_of_scope_folds(EXAMPLES):
        trained = {e.label for e in train}
        hidden = {e.text for e in test if e.label == OUT_OF_SCOPE}
        original = {e.text: e.label for e in EXAMPLES}
        # A hidden intent has no example in training, and all of its examples are tested.
        assert not {original[text] for text in hidden} & trained
        seen_hidden |= {original[text] for text in hidden}
        assert {e.text for e in train}.isdisjoint(e.text for e in test)
    assert seen_hidden == {e.label for e in EXAMPLES}  # each intent is hidden once


def test_folds_are_reproducible():
    first = [[e.text for e in test] for _, test in pseudo_out_of_scope_folds(EXAMPLES)]
    again = [[e.text for e in test] for _, test in pseudo_out_of_scope_folds(EXAMPLES)]
    assert first == again
