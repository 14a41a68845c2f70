"""The trained assistant on visitor questions it never saw in training."""
from bot.evaluation import load_examples, score
from tests.conftest import ARTIFACTS, HELDOUT

# Regression floors, a few questions below what the pipeline measures (docs/nlu-pipeline.md):
# a change that loses more than that must be looked at, not waved through.
MIN_TOPIC_ACCURACY = 0.95
MIN_OTHER_INTENTS = 0.95
MIN_UNRELATED_REJECTED = 0.95


def test_heldout_visitor_questions(parse):
    examples = load_examples(HELDOUT)
    report = score(examples, [parse(example.text) for example in examples])
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "heldout-report.txt").write_text(report.summary() + "\n")

    # Every red flag must get urgent advice: no tolerance here.
    assert report.red_flags.misses == []
    assert report.topics.rate >= MIN_TOPIC_ACCURACY, report.summary()
    assert report.other_intents.rate >= MIN_OTHER_INTENTS, report.summary()
    assert report.rejection.rate >= MIN_UNRELATED_REJECTED, report.summary()
