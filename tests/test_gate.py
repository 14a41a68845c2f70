"""`bot evaluate`: per-topic scores compared with the last recorded run."""
import json
import os

import pytest
from click.testing import CliRunner

from bot.staff import gate
from bot.staff.cli import app
from bot.evaluation.examples import Example
from bot.staff.gate import Run, compare, per_label, table
from tests.conftest import HELDOUT


def run(heldout, cross_validation=None, folds=3):
    return Run(folds, heldout, cross_validation or {})


def test_scores_per_label_count_declined_unrelated_questions_as_right():
    examples = [Example("a", "faq/safety"), Example("b", "faq/safety"), Example("c", "out_of_scope")]
    assert per_label(examples, ["faq/safety", "faq/self_care", "nlu_fallback"]) == {
        "faq/safety": (1, 2), "out_of_scope": (1, 1)}


def test_a_topic_is_worse_when_it_falls_by_more_than_the_margin():
    before = run({"faq/safety": (8, 8), "greet": (3, 3)}, {"faq/safety": (40, 40)})
    now = run({"faq/safety": (7, 8), "greet": (3, 3)}, {"faq/safety": (39, 40)})
    worse = [(c.label, c.part) for c in compare(before, now) if c.worse]
    assert worse == [("faq/safety", "held-out")]  # 1 in 40 is within the margin
    lines = table(now, before)
    assert any(line.startswith("faq/safety") and "88% of 8 (was 100%)  WORSE" in line for line in lines)


def test_cross_validation_is_compared_only_with_the_same_number_of_folds():
    before = run({}, {"faq/safety": (40, 40)}, folds=5)
    assert compare(before, run({}, {"faq/safety": (10, 40)}, folds=3)) == []


def test_a_run_is_recorded_and_read_back(tmp_path):
    recorded = run({"faq/safety": (7, 8)}, {"greet": (20, 25)})
    gate.record(tmp_path, recorded)
    assert gate.last_run(tmp_path) == recorded


def test_a_model_older_than_the_data_is_refused(project, model):
    os.utime(project / "data/faq/safety.yml")  # edited now, after the model was trained
    with pytest.raises(gate.EvaluationError, match="data/faq/safety.yml changed after"):
        gate.check_model_is_current(project, model)


def test_evaluate_fails_when_a_topic_got_worse_and_keeps_the_last_record(project, model):
    """A real run (2 folds) against a record in which every topic was perfect."""
    record = project / gate.RECORD
    perfect = {label: [10, 10] for label in ("faq/safety", "faq/self_care", "faq/herniated_disc",
                                             "faq/conditions_treated", "greet", "out_of_scope")}
    record.parent.mkdir()
    record.write_text(json.dumps({"folds": 2, "heldout": perfect, "cross_validation": perfect}))
    before = record.read_text()

    result = CliRunner().invoke(app, ["evaluate", "--project", str(project), "--folds", "2",
                                      "--model", str(model), "--heldout", str(HELDOUT)])

    assert result.exit_code == 1, result.output
    assert "got worse in cross-validation" in result.output
    assert "the run was not recorded" in result.output
    assert record.read_text() == before
    assert any(line.startswith("red_flag_urgent") for line in result.output.splitlines())
