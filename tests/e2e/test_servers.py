"""End to end: the real action server and Rasa server, started as `make run` starts them,
spoken to over HTTP on free ports."""
from __future__ import annotations

import re
import time
import uuid
from typing import Any, Dict, List

import pytest
import requests

from bot.clinic import load_clinic_settings
from bot.staff.content.topics import FaqContent
from bot.server.patches import ACTION_SERVER_TIMEOUT_SECONDS
from bot.ops.serve import Servers
from tests.conftest import ROOT
from tests.e2e.chat import say
from tests.e2e.conftest import API_TOKEN
from tests.http_stand_in import Reply, StandIn

CLINIC = load_clinic_settings(ROOT / "clinic.yml")
FAQ_ANSWERS = {name: topic.answer_text for name, topic in FaqContent(ROOT).topics().items()}


def is_faq_answer(text: str) -> bool:
    """One of the topics' first answers, filled in with the clinic's details as the Rasa
    server fills them; the disclaimer may follow it."""
    values = CLINIC.template_values()
    filled = (re.sub(r"\{(\w+)\}", lambda name: values.get(name[1], name[0]), answer) for answer in FAQ_ANSWERS.values())
    return any(text.startswith(answer) for answer in filled)


def texts(replies: List[Dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def parse(servers: Servers, text: str) -> Dict[str, Any]:
    response = requests.post(f"{servers.rasa_url}/model/parse", params={"token": API_TOKEN}, json={"text": text},
                             timeout=30)
    response.raise_for_status()
    return response.json()


def test_parse_names_the_faq_topic(servers):
    result = parse(servers, "how many acupuncture sessions would I need for my back?")
    assert result["intent"]["name"] == "faq"
    selected = result["response_selector"]["faq"]["response"]["intent_response_key"]
    assert selected == "faq/number_of_sessions"


def test_the_http_api_needs_the_token(servers):
    for token in (None, "guess"):
        refused = requests.post(f"{servers.rasa_url}/model/parse", params={"token": token} if token else {},
                                json={"text": "hello"}, timeout=30)
        assert refused.status_code == 401
    assert requests.get(f"{servers.rasa_url}/conversations/anyone/tracker", timeout=30).status_code == 401


def test_parse_names_other_intents(servers):
    assert parse(servers, "I'd like to book an appointment")["intent"]["name"] == "book_appointment"
    assert parse(servers, "what are your opening hours?")["intent"]["name"] == "clinic_contact"


def test_an_faq_gets_its_answer_and_one_disclaimer(servers):
    sender = uuid.uuid4().hex
    [first] = say(servers, "Is acupuncture good for back pain?", sender)
    assert first["text"].startswith(FAQ_ANSWERS["acupuncture_for_back_pain"])
    assert first["text"].endswith("not medical advice. Talk to your doctor about your own situation.")
    second = say(servers, "and is it safe?", sender)
    assert second[0]["text"] == FAQ_ANSWERS["safety"]
    assert "not medical advice" not in texts(second)


def test_booking_reply_has_the_clinics_link(servers):
    replies = say(servers, "I want to book an appointment")
    assert CLINIC.booking_url in texts(replies)
    assert any(button.get("url") == CLINIC.booking_url for reply in replies for button in reply.get("buttons", []))


def test_a_red_flag_gets_urgent_care_advice_and_no_booking(servers):
    replies = say(servers, "I can't control my bladder and my back is killing me, can I book acupuncture?")
    reply = texts(replies)
    assert "emergency department" in reply
    assert f"call {CLINIC.emergency_number}" in reply
    assert CLINIC.booking_url not in reply
    assert not any(reply.get("buttons") for reply in replies)


def test_gibberish_falls_back_then_hands_off(servers):
    sender = uuid.uuid4().hex
    first = say(servers, "blorf zxqv wibble", sender)
    assert "not sure I understood" in texts(first)
    buttons = [button["title"] for reply in first for button in reply.get("buttons", [])]
    assert "Talk to a person" in buttons and len(buttons) >= 2
    second = say(servers, "qwop flim plonk", sender)
    assert CLINIC.phone in texts(second)


@pytest.mark.parametrize("odd", ["", "   ", "🙂🙂🙂", "?!", "back\x00\x1b[31m pain\x07"])
def test_odd_messages_get_an_answer_and_the_conversation_goes_on(servers, odd):
    sender = uuid.uuid4().hex
    odd_replies = say(servers, odd, sender)
    assert odd_replies and all(reply.get("text", "").strip() for reply in odd_replies), odd_replies
    replies = say(servers, "how does acupuncture actually work?", sender)
    assert replies[0]["text"].startswith(FAQ_ANSWERS["how_acupuncture_works"])


def test_without_the_action_server_faqs_booking_and_urgent_advice_still_get_answers(servers):
    servers.stop_actions()
    try:
        replies = say(servers, "how does acupuncture actually work?")
        assert replies and replies[0]["text"].startswith(FAQ_ANSWERS["how_acupuncture_works"])
        assert "not medical advice" in replies[0]["text"]  # the disclaimer needs no action server
        assert CLINIC.booking_url in texts(say(servers, "I want to book an appointment"))
        urgent = texts(say(servers, "my groin has gone numb"))
        assert "emergency department" in urgent and f"call {CLINIC.emergency_number}" in urgent
        assert CLINIC.phone in texts(say(servers, "what's your phone number?"))
    finally:
        servers.start_actions()


@pytest.fixture
def hanging_action_server(servers):
    """In the action server's place, one that answers nothing for a minute."""
    servers.stop_actions()
    try:
        with StandIn(int(servers.actions_url.rsplit(":", 1)[1])) as hanging:
            hanging.reply_with(Reply(delay=60))
            yield hanging
    finally:
        servers.start_actions()


def test_red_flag_advice_never_waits_for_a_hanging_action_server(servers, hanging_action_server):
    urgent = texts(say(servers, "my groin has gone numb and I can't control my bladder"))
    emergency = texts(say(servers, "I've got crushing chest pain going into my back"))
    assert not hanging_action_server.received  # no step of the advice asks the action server anything
    assert "emergency department" in urgent and f"call {CLINIC.emergency_number}" in urgent
    assert f"Please call {CLINIC.emergency_number} now" in emergency


def test_a_hanging_action_server_delays_the_answer_by_seconds_not_minutes(servers, hanging_action_server):
    started = time.monotonic()
    replies = say(servers, "I want to book an appointment")
    waited = time.monotonic() - started
    assert hanging_action_server.received, "the booking action was not even tried"
    assert CLINIC.booking_url in texts(replies)
    assert waited < ACTION_SERVER_TIMEOUT_SECONDS + 3
