"""Writes the NLU benchmark's results: Markdown for people, JSON for tools, a PNG plot."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

from bot.bench.scoring import THRESHOLDS, best_threshold

TARGETS = {  # the best published platform per dataset (HINT3 v1, full training sets)
    "sofmattress": {"inscope_accuracy_at_0.1": 0.736, "best_mcc": 0.638},
    "curekart": {"inscope_accuracy_at_0.1": 0.841, "best_mcc": 0.603},
    "powerplay11": {"inscope_accuracy_at_0.1": 0.665, "best_mcc": 0.425},
}


def write(results: Dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "nlu-benchmark.json").write_text(json.dumps(_jsonable(results), indent=2))
    lines = ["# NLU benchmark", "", f"Pipeline: `{results['config']}` (the assistant's own).", ""]
    if "hint3" in results:
        lines += _hint3_section(results["hint3"])
        _plot(results["hint3"], out / "nlu-benchmark.png")
        lines += ["![MCC by threshold](nlu-benchmark.png)", ""]
    elif "hint3_skipped" in results:
        lines += ["## HINT3", "", results["hint3_skipped"], ""]
    if "own" in results:
        lines += _own_section(results["own"])
    (out / "nlu-benchmark.md").write_text("\n".join(lines) + "\n")


def _hint3_section(datasets: List[Dict[str, Any]]) -> List[str]:
    lines = [
        "## HINT3 (v1, full training sets)",
        "",
        "Scored with the authors' rule: the classifier's top intent if its confidence is at",
        "least t, otherwise out of scope. The threshold in the last column is chosen by",
        "cross-validation on the training set (a fifth of the intents hidden per fold),",
        "never on the test set. Published figures: best over t, as the paper reports.",
        "",
        "| dataset | metric | ours | best published | platform | ours at CV-chosen t |",
        "|---|---|---|---|---|---|",
    ]
    for d in datasets:
        ours_best_t = best_threshold({t: m["mcc"] for t, m in d["ours"].items()})
        chosen = d["cv_threshold"]
        rows = [
            ("in-scope accuracy @0.1", d["ours"][0.1]["inscope_accuracy"], "inscope_accuracy", 0.1, "-"),
            ("OOS recall @0.5", d["ours"][0.5]["oos_recall"], "oos_recall", 0.5, "-"),
            (f"best MCC (t={ours_best_t})", d["ours"][ours_best_t]["mcc"], "mcc", None,
             f"{d['ours'][chosen]['mcc']:.3f} (t={chosen})"),
        ]
        for label, ours, key, at, chosen_cell in rows:
            platform, value = _best_published(d["published"], key, at)
            lines.append(f"| {d['dataset']} | {label} | {_fmt(ours)} | {_fmt(value)} | {platform} | {chosen_cell} |")
    lines += ["", "| dataset | train examples | test in scope / out of scope | train time | parse latency median / p95 |",
              "|---|---|---|---|---|"]
    for d in datasets:
        lines.append(
            f"| {d['dataset']} | {d['train_examples']} | {d['test_in_scope']} / {d['test_out_of_scope']} "
            f"| {d['train_seconds']:.0f} s | {d['latency_ms']['median']:.1f} / {d['latency_ms']['p95']:.1f} ms |"
        )
    lines += ["", "Targets (best published): " + "; ".join(
        f"{name} MCC > {t['best_mcc']}, in-scope @0.1 >= {t['inscope_accuracy_at_0.1']}" for name, t in TARGETS.items()), ""]
    return lines


def _best_published(published: Dict[str, Dict[float, Dict[str, float]]], key: str, at: Any):
    def value(curve):
        return curve[at][key] if at is not None else max(m[key] for m in curve.values())
    platform = max(published, key=lambda name: value(published[name]))
    return platform, value(published[platform])


def _own_section(own: Dict[str, Any]) -> List[str]:
    chosen, current, heldout = own["cv_chosen"], own["cv_current"], own["heldout"]
    lines = [
        "## The assistant's own data",
        "",
        f"5-fold stratified cross-validation over {own['examples']} training examples "
        f"(median training time per fold {own['train_seconds']:.0f} s). The intent and topic "
        "thresholds are the most cautious pair within noise of the lowest cost, where a "
        f"confidently wrong answer costs {own['wrong_cost']} and declining an answerable "
        "question 1; unrelated questions count as right only when declined "
        f"(FallbackClassifier's ambiguity threshold stays at {own['ambiguity_threshold']}).",
        "",
        "| thresholds (intent / topic) | MCC | FAQ topic accuracy | unrelated declined | in-scope declined | confidently wrong |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in (("chosen by CV", chosen), ("in config.yml", current)):
        lines.append(f"| {name}: {row['intent_threshold']} / {row['topic_threshold']} | {row['mcc']:.3f} "
                     f"| {row['topic_accuracy']:.1%} | {row['unrelated_rejected']:.1%} | {row['in_scope_rejected']:.1%} "
                     f"| {row['confidently_wrong']:.1%} |")
    lines += [
        "",
        "Held-out visitor questions (never trained on), with the pipeline trained on all the data",
        "and the thresholds in config.yml:",
        "",
        "| FAQ topic accuracy | other intents | unrelated declined | red flags at their level or above | parse latency median / p95 |",
        "|---|---|---|---|---|",
        "| " + " | ".join(f"{heldout[k]['rate']:.1%} ({heldout[k]['correct']}/{heldout[k]['total']})"
                         for k in ("topics", "other_intents", "rejection", "red_flags"))
        + f" | {heldout['latency_ms']['median']:.1f} / {heldout['latency_ms']['p95']:.1f} ms |",
        "",
    ]
    if heldout["misses"]:
        lines += ["Held-out misses:", "", *(f"- {miss}" for miss in heldout["misses"]), ""]
    for name, near in heldout.get("near_domain", {}).items():
        lines += [f"### Near-domain questions ({name} set: tests/{'heldout' if name == 'held-out' else 'devsets'}/near_domain.yml)",
                  "", "Written from public acupuncture-clinic FAQ pages; a confidently wrong answer is its own figure.",
                  "", *near["table"], ""]
        if near["wrong"]:
            lines += ["Confidently wrong:", "", *(f"- {w}" for w in near["wrong"]), ""]
    lines += _triage_lines(heldout.get("triage", {}))
    return lines


def _triage_lines(sets: Dict[str, Any]) -> List[str]:
    lines = []
    for name, triage_set in sets.items():
        lines += [f"### Triage ({name} set: {', '.join(triage_set['paths'])})", ""]
        if name == "held-out":
            lines += ["Failures are not listed for the held-out set: reading them would make it a development set.", ""]
        for layer, result in triage_set["layers"].items():
            f = result["figures"]
            lines += [f"**{layer}**: {f['caught']:.1%} of {f['red_flags']} red flags at their level or above "
                      f"({f['flagged_at_any_level']:.1%} at some level); {f['false_alarms']:.1%} of {f['harmless']} "
                      f"harmless messages flagged ({f['urgent_false_alarms']:.1%} at the urgent or emergency level).",
                      "", *result["table"], ""]
            if result["failures"]:
                lines += ["Failures:", "", *(f"- {failure}" for failure in result["failures"]), ""]
    return lines


def write_triage(results: Dict[str, Any], out: Path) -> None:
    """`make bench-triage`: the rule layer alone on the triage sets."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "triage-benchmark.json").write_text(json.dumps(_jsonable(results), indent=2))
    lines = ["# Triage benchmark: the rule layer alone", "",
             "bot/nlu/triage/ on the triage messages, no classifier involved. `make bench-nlu` adds the whole pipeline.", "",
             *_triage_lines(results["triage"])]
    (out / "triage-benchmark.md").write_text("\n".join(lines) + "\n")


def _plot(datasets: List[Dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(datasets), figsize=(5 * len(datasets), 4), sharey=True)
    for axis, d in zip(axes, datasets, strict=True):
        for platform, curve in d["published"].items():
            axis.plot(THRESHOLDS, [curve[t]["mcc"] for t in THRESHOLDS], "--", label=platform, alpha=0.7)
        axis.plot(THRESHOLDS, [d["ours"][t]["mcc"] for t in THRESHOLDS], "k-o", linewidth=2, label="this assistant")
        axis.set_title(d["dataset"])
        axis.set_xlabel("confidence threshold")
        axis.grid(alpha=0.3)
    axes[0].set_ylabel("MCC")
    axes[-1].legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value
