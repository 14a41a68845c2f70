import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.nlg import ClinicResponseGenerator
from tests.conftest import ROOT, TEST_CLINIC

URGENT_CARE = ("utter_urgent_care", "utter_urgent_care_number")


@pytest.fixture
def generate(clinic_file):
    clinic_file(emergency_number="999")
    domain = Domain.load(str(ROOT / "domain.yml"))
    responses = ClinicResponseGenerator(None, domain)
    tracker = DialogueStateTracker("visitor-1", domain.slots)
    return lambda name, **kwargs: asyncio.run(responses.generate(name, tracker, "rest", **kwargs))


def test_responses_get_the_clinics_details_without_the_action_server(generate):
    link = generate("utter_booking_link")
    assert TEST_CLINIC["booking_url"] in link["text"]
    assert link["buttons"][0]["url"] == TEST_CLINIC["booking_url"]
    assert "999" in generate("utter_urgent_care_number")["text"]
    assert TEST_CLINIC["phone"] in generate("utter_handoff")["text"]


def test_what_an_action_sends_wins(generate):
    assert "Tuesday 9am" in generate("utter_booking_times", times="Tuesday 9am")["text"]
    assert "+1 555" in generate("utter_handoff", phone="+1 555")["text"]


def test_urgent_advice_keeps_its_style_and_pushes_no_booking(generate):
    for name in URGENT_CARE:
        message = generate(name)
        assert message["metadata"] == {"style": "urgent"}
        assert "book" not in message["text"].lower() and not message.get("buttons")
