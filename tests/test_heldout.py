"""The trained assistant on held-out sets it never saw in training (tests/heldout/)."""
import pytest

from bot.contract import predicted_label
from bot.evaluation.examples import load_examples
from bot.evaluation.heldout import (
    DECLINED_HONESTLY,
    RIGHT,
    WRONG,
    level_of,
    load_near_domain,
    load_triage,
    score,
    score_near_domain,
    score_triage,
)
from bot.nlu.triage.detector import TriageDetector
from tests.conftest import ARTIFACTS, HELDOUT, ROOT

# Regression floors, a few questions below what was measured on 2026-12-02 at the
# thresholds cross-validation chose (docs/nlu-pipeline.md): a change that loses more than
# that must be looked at, not waved through. Issue 17 asks for more (topics 95%, wrong
# 2%), issue 18 too (rules 95%): these guard what there is, they are not those targets.
MIN_TOPIC_ACCURACY = 0.82  # measured 84.0% (121/144)
MIN_OTHER_INTENTS = 0.93  # 96.9% (31/32)
MIN_UNRELATED_REJECTED = 0.92  # 97.5% (39/40)
NEAR_DOMAIN = ROOT / "tests" / "heldout" / "near_domain.yml"
MIN_NEAR_DOMAIN_RIGHT = 0.83  # 85.7% (192/224)
MAX_NEAR_DOMAIN_WRONG = 0.035  # 2.2% (5/224)
TRIAGE = ROOT / "tests" / "heldout" / "triage.yml"
# the second held-out triage set (2026-12-03; the first became tests/devsets/triage_4.yml)
MIN_RULES_CAUGHT = 0.87  # 89.4% (161/180)
MAX_FALSE_ALARMS = 0.09  # 7.5% (9/120)
# The development sets were looked at while writing the rules: there, nothing may slip.
DEV_TRIAGE_SETS = sorted((ROOT / "tests" / "devsets").glob("triage*.yml"))
MAX_DEV_FALSE_ALARMS = 0.01  # 0 of 436 harmless messages

def write_artifact(name, lines):
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text("\n".join(lines) + "\n")


def test_heldout_visitor_questions(parse):
    examples = load_examples(HELDOUT)
    report = score(examples, [parse(example.text) for example in examples])
    write_artifact("heldout-report.txt", [report.summary()])

    # Every red flag must get advice of its level or a more urgent one: no tolerance here.
    assert report.red_flags.misses == []
    assert report.topics.rate >= MIN_TOPIC_ACCURACY, report.summary()
    assert report.other_intents.rate >= MIN_OTHER_INTENTS, report.summary()
    assert report.rejection.rate >= MIN_UNRELATED_REJECTED, report.summary()


def test_near_domain_questions_are_answered_or_declined_not_answered_wrongly(parse):
    questions = load_near_domain(NEAR_DOMAIN)
    report = score_near_domain(questions, [parse(q.text) for q in questions])
    write_artifact("near-domain-report.md", report.table() + [f"- wrong: {w}" for w in report.wrong])

    assert report.rate(RIGHT) >= MIN_NEAR_DOMAIN_RIGHT, report.table()
    assert report.rate(WRONG) <= MAX_NEAR_DOMAIN_WRONG, report.table()
    assert report.rate(RIGHT) + report.rate(DECLINED_HONESTLY) + report.rate(WRONG) == pytest.approx(1)
    # a question in another language never gets an English topic
    assert report.counts["other_language"][WRONG] == 0


def test_triage_by_the_rules_alone_and_by_the_whole_assistant(parse):
    messages = load_triage(TRIAGE)
    detector = TriageDetector()
    rules = score_triage(messages, [detector.triage(m.text).level for m in messages])
    assistant = score_triage(messages, [level_of(predicted_label(parse(m.text))) for m in messages])
    write_artifact("triage-report.md", rules.table() + assistant.table())

    for report in (rules, assistant):
        figures = report.figures()
        assert figures["caught"] >= MIN_RULES_CAUGHT, report.table()
        assert figures["false_alarms"] <= MAX_FALSE_ALARMS, report.table()
    # the rules run last: nothing the assistant adds takes a red flag away
    assert assistant.figures()["caught"] >= rules.figures()["caught"]


@pytest.mark.parametrize("path", DEV_TRIAGE_SETS, ids=lambda path: path.stem)
def test_triage_rules_on_the_development_sets_they_were_written_against(path):
    messages = load_triage(path)
    detector = TriageDetector()
    report = score_triage(messages, [detector.triage(m.text).level for m in messages])

    assert report.figures()["caught"] == 1.0, report.table()
    assert report.figures()["false_alarms"] <= MAX_DEV_FALSE_ALARMS, report.table()
