import pytest
from rasa.shared.core.events import UserUttered

from bot.staff.content.review import candidates, group_by_likely_label, likely_label, needs_review


def parse(intent, confidence, topic=None, topic_confidence=1.0, ranking=None):
    result = {"intent": {"name": intent, "confidence": confidence},
              "intent_ranking": ranking or [{"name": intent, "confidence": confidence}]}
    if topic:
        result["response_selector"] = {"faq": {"response": {
            "intent_response_key": topic, "confidence": topic_confidence}}}
    return result


@pytest.mark.parametrize("result, expected", [
    (parse("faq", 0.95, "faq/safety", 0.9), False),
    (parse("faq", 0.95, "faq/safety", 0.4), True),
    (parse("greet", 0.55), True),
    (parse("greet", 0.99), False),
    (parse("nlu_fallback", 1.0), True),
])
def test_what_needs_review(result, expected):
    assert needs_review(result) is expected


def test_the_likely_label_looks_under_the_fallback():
    fallback = parse("nlu_fallback", 1.0, "faq/safety", 0.35,
                     ranking=[{"name": "nlu_fallback", "confidence": 1.0}, {"name": "faq", "confidence": 0.4}])
    assert likely_label(fallback) == ("faq/safety", 0.35)
    assert likely_label(parse("nlu_fallback", 1.0, ranking=[{"name": "nlu_fallback"}])) == ("unclear", 0.0)


def test_candidates_are_masked_counted_once_and_grouped():
    unsure = parse("faq", 0.9, "faq/safety", 0.4)
    events = [
        UserUttered("is it safe? ring 07700 900123", parse_data=unsure),
        UserUttered("Is it safe?? ring 07700900123", parse_data=unsure),
        UserUttered("/book_appointment", parse_data=parse("book_appointment", 0.2)),
        UserUttered("hello", parse_data=parse("greet", 0.99)),
        UserUttered("what is this", parse_data=parse("out_of_scope", 0.5)),
    ]
    found = candidates(events)
    assert [(c.text, c.times) for c in found] == [("is it safe? ring <phone>", 2), ("what is this", 1)]
    assert list(group_by_likely_label(found)) == ["faq/safety", "out_of_scope"]
