"""The Rasa server's responses: the clinic's details and facts, and the disclaimer."""
import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.evaluation.examples import load_training_data
from bot.server.nlg import ClinicResponseGenerator
from tests.conftest import ROOT, TEST_CLINIC

RED_FLAG_ADVICE = ("utter_red_flag_emergency", "utter_red_flag_urgent", "utter_red_flag_prompt")
CLINIC_FACTS = {
    "prices": "A first visit is $95; follow-ups are $75.",
    "insurance": "We give you a superbill to claim with; acupuncture is HSA/FSA eligible.",
    "cancellation_policy": "Please give us 24 hours' notice; later cancellations are charged in full.",
    "parking": "Free parking behind the building.",
    "session_minutes": {"first_visit": 90, "follow_up": 60},
    "services": {"free_consultation": False, "cupping": True, "herbal_medicine": True},
    "languages": ["English", "Mandarin"],
    "conditions_seen": ["headaches", "neck and shoulder pain"],
}


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain.yml")).merge(Domain.from_dict({"responses": load_training_data(ROOT).responses}))


@pytest.fixture
def generator(clinic_file, domain):
    """Builds the NLG from a clinic.yml with the given settings, as a server start would:
    Rasa's Agent creates it before the model is loaded, then hands it the responses."""
    def build(**settings):
        clinic_file(**settings)
        nlg = ClinicResponseGenerator(None, Domain.empty())
        nlg.responses = domain.responses
        return nlg
    return build


def say(generator, name, tracker=None, **kwargs):
    tracker = tracker or DialogueStateTracker("visitor", [])
    return asyncio.run(generator.generate(name, tracker, "rest", **kwargs))


def asking(text, entities=()):
    tracker = DialogueStateTracker("visitor", [])
    tracker.update(UserUttered(text, {"name": "faq"}, list(entities)))
    return tracker


def test_responses_get_the_clinics_details_without_the_action_server(generator):
    nlg = generator(emergency_number="999")
    link = say(nlg, "utter_booking_link")
    assert TEST_CLINIC["booking_url"] in link["text"]
    assert link["buttons"][0]["url"] == TEST_CLINIC["booking_url"]
    assert "999" in say(nlg, "utter_red_flag_emergency")["text"]
    assert TEST_CLINIC["phone"] in say(nlg, "utter_handoff")["text"]


def test_what_an_action_sends_wins(generator):
    nlg = generator()
    assert "Tuesday 9am" in say(nlg, "utter_booking_times", times="Tuesday 9am")["text"]
    assert "+1 555" in say(nlg, "utter_handoff", phone="+1 555")["text"]


def test_red_flag_advice_keeps_its_style_and_pushes_no_booking(generator):
    nlg = generator()
    for name, style in zip(RED_FLAG_ADVICE, ("urgent", "urgent", "advice")):
        message = say(nlg, name)
        assert message["metadata"]["style"] == style
        assert "book" not in message["text"].lower() and not message.get("buttons")


@pytest.mark.parametrize("topic, fact", [
    ("prices", "$95"), ("insurance", "superbill"), ("cancellation_policy", "24 hours' notice"),
    ("getting_here", "Free parking behind the building."), ("session_length", "about 90 minutes"),
    ("languages_spoken", "English and Mandarin"), ("other_treatments", "cupping and Chinese herbal medicine"),
])
def test_the_clinics_own_facts_are_answered_once_set_and_ask_us_until_then(generator, topic, fact):
    unset = say(generator(), f"utter_faq/{topic}")["text"]
    assert fact not in unset and TEST_CLINIC["phone"] in unset
    assert "None" not in unset and "{" not in unset
    answered = say(generator(**CLINIC_FACTS), f"utter_faq/{topic}")["text"]
    assert fact in answered and "None" not in answered and "  " not in answered


def test_a_service_the_clinic_does_not_offer_is_not_promised(generator):
    unset = say(generator(), "utter_faq/free_consultation")["text"]
    assert "free" not in unset.lower() or "whether" in unset
    declined = say(generator(**CLINIC_FACTS), "utter_faq/free_consultation")["text"]
    assert declined.startswith("We don't offer a free consultation")
    offered = say(generator(services={"free_consultation": True}), "utter_faq/free_consultation")
    assert offered["text"].startswith("Yes") and offered["buttons"][0]["payload"] == "/book_appointment"


def test_the_answer_about_other_conditions_names_the_one_asked_about(generator):
    nlg = generator(**CLINIC_FACTS)
    tracker = asking("can acupuncture help migraines?", [{"entity": "condition", "value": "migraines"}])
    text = say(nlg, "utter_faq/other_conditions", tracker)["text"]
    assert "whether acupuncture helps with migraines" in text and "headaches and neck and shoulder pain" in text
    plain = say(generator(), "utter_faq/other_conditions", asking("can it help that thing?"))["text"]
    assert "helps with that" in plain and "also see" not in plain


def test_the_first_health_answer_of_a_conversation_carries_the_disclaimer(generator):
    nlg = generator()
    tracker = asking("is acupuncture safe?")
    first = say(nlg, "utter_faq/safety", tracker)
    assert first["text"].endswith("Talk to your doctor about your own situation.")
    tracker.update(ActionExecuted("utter_faq"))
    tracker.update(BotUttered(first["text"], metadata={"metadata": first["metadata"]}))
    assert "not medical advice" not in say(nlg, "utter_faq/research_evidence", tracker)["text"]
    tracker.update(SessionStarted())
    assert "not medical advice" in say(nlg, "utter_faq/research_evidence", tracker)["text"]


def test_answers_about_the_clinic_carry_no_disclaimer(generator):
    assert "not medical advice" not in say(generator(**CLINIC_FACTS), "utter_faq/prices")["text"]
