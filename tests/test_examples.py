from bot.evaluation.examples import Example, stratified_folds

EXAMPLES = [Example(f"question {i}", f"intent_{i % 10}") for i in range(100)]


def test_stratified_folds_cover_every_example_once_and_keep_every_label():
    tested = []
    for train, test in stratified_folds(EXAMPLES):
        assert {e.label for e in train} == {e.label for e in EXAMPLES}
        tested += test
    assert sorted(e.text for e in tested) == sorted(e.text for e in EXAMPLES)


def test_stratified_folds_stay_put_when_an_example_is_added():
    def fold_of(examples):
        return {e.text: n for n, (_, test) in enumerate(stratified_folds(examples, folds=3)) for e in test}

    before = fold_of(EXAMPLES)
    added = Example("one more question", EXAMPLES[0].label)
    after = fold_of([*EXAMPLES, added])
    moved = {text for text in before if before[text] != after[text]}
    assert all(e.label == added.label for e in EXAMPLES if e.text in moved)
