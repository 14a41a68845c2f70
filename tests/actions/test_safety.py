import pytest

from actions.safety import (
    DISCLAIMER_SLOT,
    TOPICS_WITHOUT_DISCLAIMER,
    ActionMedicalDisclaimer,
    answered_topic,
)
from tests.actions.conftest import faq_message, run, tracker


def test_first_health_answer_gets_the_disclaimer():
    messages, events = run(ActionMedicalDisclaimer(), tracker(faq_message("safety")))
    assert [m["response"] for m in messages] == ["utter_medical_disclaimer"]
    assert events == [{"event": "slot", "timestamp": None, "name": DISCLAIMER_SLOT, "value": True}]


def test_the_disclaimer_is_not_repeated_in_a_conversation():
    messages, events = run(
        ActionMedicalDisclaimer(),
        tracker(faq_message("number_of_sessions"), slots={DISCLAIMER_SLOT: True}),
    )
    assert messages == [] and events == []


@pytest.mark.parametrize("topic", sorted(TOPICS_WITHOUT_DISCLAIMER))
def test_answers_about_the_clinic_need_no_disclaimer(topic):
    messages, events = run(ActionMedicalDisclaimer(), tracker(faq_message(topic)))
    assert messages == [] and events == []


def test_no_disclaimer_without_an_faq_answer():
    messages, _ = run(ActionMedicalDisclaimer(), tracker({"intent": {"name": "greet"}}))
    assert messages == []


def test_answered_topic_reads_the_response_selector():
    assert answered_topic(tracker(faq_message("herniated_disc"))) == "herniated_disc"
    assert answered_topic(tracker({})) is None
