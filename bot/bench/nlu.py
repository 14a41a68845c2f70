"""`make bench-nlu`: the assistant's NLU pipeline, measured.

1. HINT3 (../shared/bench/hint3, skipped when absent): for each bot, the pipeline from
   config.yml is cross-validated on the training set with some intents hidden (to choose
   a threshold without the test set), trained on the full training set, and run on every
   test query in one process. The intent classifier's top intent and confidence are
   scored with the authors' threshold rule, next to the published platforms.
2. The assistant's own data: stratified cross-validation, which chooses the intent and
   topic thresholds; then the pipeline trained on all of it answers the held-out sets
   (tests/heldout/): the visitor questions, the near-domain questions (answered rightly,
   declined honestly, confidently wrong, per group) and the triage messages (per
   category, the rule layer alone and the whole pipeline).

Writes reports/nlu-benchmark.md, .json and .png.

    python -m bot.bench.nlu [--config config.yml] [--only own|hint3|triage]

`--only triage` scores the rule layer alone on the triage sets, with no training (a
minute): `make bench-triage`.
"""
from __future__ import annotations

import argparse
import csv
import logging
import os
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml
from rasa.utils.log_utils import configure_structlog
from sklearn.metrics import matthews_corrcoef

from bot.bench import report
from bot.bench.scoring import (
    HINT3_OUT_OF_SCOPE,
    THRESHOLDS,
    Prediction,
    best_threshold,
    metrics_by_threshold,
    pseudo_out_of_scope_folds,
)
from bot.contract import PROJECT_ROOT, FAQ_INTENT, NLU_FALLBACK, NOT_COVERED, OTHER_LANGUAGE, OUT_OF_SCOPE, chosen_topic, predicted_label
from bot.evaluation.examples import Example, load_examples, load_training_data, stratified_folds, training_examples
from bot.evaluation.heldout import (
    LEVEL_BY_INTENT,
    level_of,
    load_near_domain,
    load_triage,
    score,
    score_near_domain,
    score_triage,
)
from bot.evaluation.trained_nlu import TrainedNlu, write_answers
from bot.nlu.triage.detector import TriageDetector

ROOT = PROJECT_ROOT
HINT3 = ROOT.parent / "shared" / "bench" / "hint3"
DATASETS = ("sofmattress", "curekart", "powerplay11")
PLATFORMS = {"rasa": "Rasa 1.10", "dialogflow": "Dialogflow", "luis": "LUIS", "haptik": "Haptik", "bert": "BERT"}
# Set by rule components, not classifiers.
RULE_INTENTS = frozenset({NLU_FALLBACK, OTHER_LANGUAGE, *LEVEL_BY_INTENT})
OWN_DECLINED = frozenset({OUT_OF_SCOPE, NOT_COVERED})  # what the classifier declines by
HELDOUT = ROOT / "tests" / "heldout"
DEVSETS = ROOT / "tests" / "devsets"
# The triage sets: the held-out one is only scored; its failures are not listed, since
# reading them would make it a development set (as happened to tests/devsets/triage_4.yml).
TRIAGE_SETS = {"held-out": [HELDOUT / "triage.yml"], "development": sorted(DEVSETS.glob("triage*.yml"))}


def classifier_prediction(parse: Dict[str, Any]) -> Prediction:
    """The intent classifier's own top intent, below anything the rule components put on top."""
    top = next(entry for entry in parse["intent_ranking"] if entry["name"] not in RULE_INTENTS)
    return Prediction(top["name"], top["confidence"])


# --- HINT3 -------------------------------------------------------------------------


def read_hint3(path: Path) -> List[Example]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Example(row["sentence"].strip(), row["label"]) for row in csv.DictReader(handle)]


def read_published(dataset: str) -> Dict[str, Dict[float, Dict[str, float]]]:
    published = {}
    for platform, name in PLATFORMS.items():
        with (HINT3 / "results" / f"{platform}_{dataset}.csv").open(newline="") as handle:
            published[name] = {
                round(float(row["Threshold"]), 1): {
                    "accuracy": float(row["Accuracy"]), "weighted_f1": float(row["Weighted F1"]),
                    "inscope_accuracy": float(row["Inscope Accuracy"]),
                    "oos_recall": float(row["OOS Recall"]), "mcc": float(row["MCC"]),
                }
                for row in csv.DictReader(handle)
            }
    return published


def bench_hint3_dataset(config: Path, dataset: str, workdir: Path) -> Dict[str, Any]:
    train = read_hint3(HINT3 / "dataset" / "v1" / "train" / f"{dataset}_train.csv")
    test = read_hint3(HINT3 / "dataset" / "v1" / "test" / f"{dataset}_test.csv")

    cv_gold, cv_predictions = [], []
    for fold_train, fold_test in pseudo_out_of_scope_folds(train):
        model = TrainedNlu.train(config, fold_train, workdir)
        cv_gold += [e.label for e in fold_test]
        cv_predictions += [classifier_prediction(p) for p in model.parse([e.text for e in fold_test])]
    cv_mcc = {t: m["mcc"] for t, m in metrics_by_threshold(cv_gold, cv_predictions).items()}
    chosen = best_threshold(cv_mcc)

    model = TrainedNlu.train(config, train, workdir)
    predictions = [classifier_prediction(p) for p in model.parse([e.text for e in test])]
    by_threshold = metrics_by_threshold([e.label for e in test], predictions)
    return {
        "dataset": dataset,
        "train_examples": len(train),
        "test_in_scope": sum(e.label != HINT3_OUT_OF_SCOPE for e in test),
        "test_out_of_scope": sum(e.label == HINT3_OUT_OF_SCOPE for e in test),
        "cv_mcc": cv_mcc,
        "cv_threshold": chosen,
        "ours": by_threshold,
        "published": read_published(dataset),
        "train_seconds": model.train_seconds,
        "latency_ms": latency_summary(model.latencies_ms),
    }


# --- the assistant's own data -----------------------------------------------------------

REJECTED = "rejected"
# A confidently wrong answer costs as much as this many honest "I don't know"s: a wrong
# health answer misleads, a decline only sends the visitor to the team.
WRONG_COST = 3
COST_TOLERANCE = 0.002  # differences smaller than this (a few answers in 1,900) are noise


@dataclass(frozen=True)
class AssistantPrediction:
    """What the pipeline said, before the thresholds are applied."""

    intent: Prediction
    intent_margin: float  # over the runner-up intent (FallbackClassifier's ambiguity test)
    topic: Optional[Prediction]
    rule: Optional[str]  # a red-flag level's intent, other_language, or REJECTED (unreadable)

    @classmethod
    def from_parse(cls, parse: Dict[str, Any]) -> "AssistantPrediction":
        ranking = [entry["confidence"] for entry in parse["intent_ranking"] if entry["name"] not in RULE_INTENTS]
        chosen = chosen_topic(parse)
        topic = Prediction(*chosen) if chosen else None
        intent = (parse.get("intent") or {}).get("name")
        rule = (intent if intent in LEVEL_BY_INTENT or intent == OTHER_LANGUAGE
                else REJECTED if parse.get("unreadable") else None)
        margin = ranking[0] - ranking[1] if len(ranking) > 1 else 1.0
        return cls(classifier_prediction(parse), margin, topic, rule)

    def decide(self, thresholds: "Thresholds") -> str:
        if self.rule:
            return self.rule
        if (self.intent.label in OWN_DECLINED or self.intent.confidence < thresholds.intent
                or self.intent_margin < thresholds.ambiguity):
            return REJECTED
        if self.intent.label != FAQ_INTENT:
            return self.intent.label
        if self.topic is None or self.topic.confidence < thresholds.topic:
            return REJECTED
        return self.topic.label


@dataclass(frozen=True)
class Thresholds:
    """FallbackClassifier's threshold and ambiguity_threshold, TopicFallback's threshold."""

    intent: float
    topic: float
    ambiguity: float

    @classmethod
    def from_config(cls, config: Path) -> "Thresholds":
        pipeline = yaml.safe_load(config.read_text())["pipeline"]
        by_name = {component["name"].rsplit(".", 1)[-1]: component for component in pipeline}
        fallback = by_name["FallbackClassifier"]
        return cls(fallback["threshold"], by_name["TopicFallback"]["threshold"], fallback["ambiguity_threshold"])

    def row(self, scores: Dict[str, float]) -> Dict[str, float]:
        return {"intent_threshold": self.intent, "topic_threshold": self.topic, **scores}


def own_gold(label: str) -> str:
    return REJECTED if label in OWN_DECLINED else label


def own_right(gold: str, decided: str) -> bool:
    """Declined for a question to decline, a red flag at its level or above, else the label."""
    if level_of(gold):
        return level_of(decided) is not None and level_of(decided) >= level_of(gold)
    return decided == gold


def own_scores(gold: Sequence[str], decided: Sequence[str]) -> Dict[str, float]:
    pairs = list(zip(gold, decided, strict=True))
    faq = [(g, d) for g, d in pairs if g.startswith(f"{FAQ_INTENT}/")]
    unrelated = [(g, d) for g, d in pairs if g == REJECTED]
    in_scope = [(g, d) for g, d in pairs if g != REJECTED]
    return {
        "mcc": matthews_corrcoef(gold, decided),
        "topic_accuracy": sum(g == d for g, d in faq) / len(faq),
        "unrelated_rejected": sum(d == REJECTED for _, d in unrelated) / len(unrelated),
        "in_scope_rejected": sum(d == REJECTED for _, d in in_scope) / len(in_scope),
        "in_scope_accuracy": sum(own_right(g, d) for g, d in in_scope) / len(in_scope),
        "confidently_wrong": sum(d != REJECTED and not own_right(g, d) for g, d in pairs) / len(pairs),
        "answerable_declined": sum(g != REJECTED and d == REJECTED for g, d in pairs) / len(pairs),
    }


def bench_own_data(config: Path, workdir: Path) -> Dict[str, Any]:
    """Cross-validation chooses the intent and topic thresholds (the configured
    ambiguity threshold is kept), then the held-out questions are scored."""
    current = Thresholds.from_config(config)
    data = load_training_data(ROOT)
    examples = training_examples(data)
    # the answers (Rasa expects them beside a retrieval intent) and the lookup tables; the
    # examples are written per fold
    extra = [write_answers(data, workdir), ROOT / "data" / "nlu" / "lookups" / "clinical_terms.yml"]

    gold, predictions, train_seconds = [], [], []
    for fold_train, fold_test in stratified_folds(examples):
        model = TrainedNlu.train(config, fold_train, workdir, extra)
        train_seconds.append(model.train_seconds)
        gold += [own_gold(e.label) for e in fold_test]
        predictions += [AssistantPrediction.from_parse(p) for p in model.parse([e.text for e in fold_test])]

    heldout = bench_heldout(TrainedNlu.train(config, examples, workdir, extra))
    grid = {thresholds: own_scores(gold, [p.decide(thresholds) for p in predictions])
            for thresholds in (Thresholds(ti, tt, current.ambiguity) for ti in THRESHOLDS for tt in THRESHOLDS)}
    chosen = choose_thresholds(grid)
    grid.setdefault(current, own_scores(gold, [p.decide(current) for p in predictions]))
    return {
        "examples": len(examples),
        "wrong_cost": WRONG_COST,
        "ambiguity_threshold": current.ambiguity,
        "cv_chosen": chosen.row(grid[chosen]),
        "cv_current": current.row(grid[current]),
        "cv_grid": [t.row(scores) for t, scores in grid.items()],
        "train_seconds": statistics.median(train_seconds),
        "heldout": heldout,
    }


def cost(scores: Dict[str, float]) -> float:
    """Per question: WRONG_COST for a confidently wrong answer, 1 for declining an answerable one."""
    return WRONG_COST * scores["confidently_wrong"] + scores["answerable_declined"]


def choose_thresholds(grid: Dict[Thresholds, Dict[str, float]]) -> Thresholds:
    """Among the pairs within noise of the lowest cost, the most cautious."""
    best = min(cost(scores) for scores in grid.values())
    return max((t for t in grid if cost(grid[t]) <= best + COST_TOLERANCE),
               key=lambda t: (t.intent + t.topic, t.intent))


def bench_heldout(model: TrainedNlu) -> Dict[str, Any]:
    """The held-out sets, with the assistant's thresholds from the config; the development
    sets too where present (looked at while developing, so not a measure of their own)."""
    examples = load_examples(HELDOUT / "visitor_questions.yml")
    result = score(examples, model.parse([e.text for e in examples]))
    figures = {name: {"rate": getattr(result, name).rate, "correct": getattr(result, name).correct,
                      "total": getattr(result, name).total}
               for name in result.SCORES}
    return {**figures, "misses": result.miss_lines(), "latency_ms": latency_summary(model.latencies_ms),
            "near_domain": {name: bench_near_domain(model, directory / "near_domain.yml")
                            for name, directory in (("held-out", HELDOUT), ("development", DEVSETS))
                            if (directory / "near_domain.yml").exists()},
            "triage": bench_triage_sets(model)}


def bench_near_domain(model: TrainedNlu, path: Path) -> Dict[str, Any]:
    questions = load_near_domain(path)
    result = score_near_domain(questions, model.parse([q.text for q in questions]))
    return {"table": result.table(), "rates": {o: result.rate(o) for o in ("answered rightly", "declined honestly",
                                                                         "confidently wrong")},
            "wrong": [f"{text!r}: expected {expected}, got {got}" for text, expected, got in result.wrong]}


def bench_triage_sets(model: Optional[TrainedNlu] = None) -> Dict[str, Any]:
    return {name: bench_triage(paths, name == "development", model)
            for name, paths in TRIAGE_SETS.items() if all(path.exists() for path in paths)}


def bench_triage(paths: Sequence[Path], list_failures: bool, model: Optional[TrainedNlu] = None) -> Dict[str, Any]:
    """The triage messages: the rule layer alone, and the whole pipeline when a model is given."""
    messages = [message for path in paths for message in load_triage(path)]
    detector = TriageDetector()
    layers = {"rule layer alone": score_triage(messages, [detector.triage(m.text).level for m in messages])}
    if model is not None:
        parses = model.parse([m.text for m in messages])
        layers["whole pipeline"] = score_triage(messages, [level_of(predicted_label(p)) for p in parses])
    return {"paths": [str(path.relative_to(ROOT)) for path in paths],
            "layers": {name: {"figures": r.figures(), "table": r.table(),
                              "failures": [f"{text!r}: expected {expected}, got {got}"
                                           for text, expected, got in r.failures] if list_failures else []}
                       for name, r in layers.items()}}


def latency_summary(latencies_ms: Sequence[float]) -> Dict[str, float]:
    ordered = sorted(latencies_ms)
    return {"median": statistics.median(ordered), "p95": ordered[int(0.95 * (len(ordered) - 1))]}


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="NLU benchmark: HINT3 and the assistant's own data")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--only", choices=("own", "hint3", "triage"))
    args = parser.parse_args(argv)
    configure_structlog(logging.WARNING)
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"  # no reuse from earlier trainings: honest training times

    workdir = ROOT / "build" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    results: Dict[str, Any] = {"config": str(args.config.relative_to(ROOT) if args.config.is_relative_to(ROOT) else args.config)}
    if args.only == "triage":
        results["triage"] = bench_triage_sets()
        report.write_triage(results, args.out)
        print(f"Wrote {args.out / 'triage-benchmark.md'}")
        return
    if args.only != "own":
        if HINT3.is_dir():
            results["hint3"] = [bench_hint3_dataset(args.config, dataset, workdir) for dataset in DATASETS]
        else:
            results["hint3_skipped"] = f"{HINT3} is not here; the HINT3 part was skipped."
            print(results["hint3_skipped"])
    if args.only != "hint3":
        results["own"] = bench_own_data(args.config, workdir)
    report.write(results, args.out)
    print(f"Wrote {args.out / 'nlu-benchmark.md'}")


if __name__ == "__main__":
    main()
