import json

from bot.bench import report
from bot.bench.scoring import THRESHOLDS


def curve(mcc):
    return {t: {"accuracy": 0.5, "weighted_f1": 0.5, "inscope_accuracy": 0.7, "oos_recall": t, "mcc": mcc + t / 10}
            for t in THRESHOLDS}


def results(with_hint3=True):
    own_row = {"mcc": 0.9, "topic_accuracy": 0.95, "unrelated_rejected": 0.9, "in_scope_rejected": 0.02,
               "in_scope_accuracy": 0.93, "confidently_wrong": 0.03}
    figures = {"rate": 0.95, "correct": 19, "total": 20}
    data = {
        "config": "config.yml",
        "own": {"examples": 1200, "train_seconds": 60.0, "wrong_cost": 3, "ambiguity_threshold": 0.1,
                "cv_chosen": {"intent_threshold": 0.6, "topic_threshold": 0.4, **own_row},
                "cv_current": {"intent_threshold": 0.5, "topic_threshold": 0.5, **own_row},
                "heldout": {"topics": figures, "other_intents": figures, "rejection": figures, "red_flags": figures,
                            "misses": ["miss [topics] 'x': expected faq/a, got faq/b"],
                            "latency_ms": {"median": 15.0, "p95": 20.0}}},
    }
    if with_hint3:
        data["hint3"] = [{
            "dataset": name, "train_examples": 300, "test_in_scope": 200, "test_out_of_scope": 100,
            "cv_mcc": {t: 0.5 for t in THRESHOLDS}, "cv_threshold": 0.4, "ours": curve(0.6),
            "published": {"Dialogflow": curve(0.5), "BERT": curve(0.4)},
            "train_seconds": 40.0, "latency_ms": {"median": 12.0, "p95": 18.0},
        } for name in ("sofmattress", "curekart", "powerplay11")]
    else:
        data["hint3_skipped"] = "../shared/bench/hint3 is not here; the HINT3 part was skipped."
    return data


def test_report_has_the_tables_the_plot_and_a_json_twin(tmp_path):
    report.write(results(), tmp_path)
    markdown = (tmp_path / "nlu-benchmark.md").read_text()
    assert "| sofmattress | best MCC (t=0.9) | 0.690 | 0.590 | Dialogflow | 0.640 (t=0.4) |" in markdown
    assert "| chosen by CV: 0.6 / 0.4 | 0.900 | 95.0% | 90.0% | 2.0% | 3.0% |" in markdown
    assert "confidently wrong answer costs 3" in markdown
    assert "| 95.0% (19/20) | 95.0% (19/20) |" in markdown
    assert (tmp_path / "nlu-benchmark.png").stat().st_size > 10_000
    assert json.loads((tmp_path / "nlu-benchmark.json").read_text())["hint3"][0]["cv_threshold"] == 0.4


def test_without_hint3_the_report_says_it_was_skipped(tmp_path):
    report.write(results(with_hint3=False), tmp_path)
    markdown = (tmp_path / "nlu-benchmark.md").read_text()
    assert "skipped" in markdown and not (tmp_path / "nlu-benchmark.png").exists()
