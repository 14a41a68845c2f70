"""SMS and WhatsApp: real Twilio webhook requests (form-encoded, signed as Twilio signs
them) to the running Rasa server; Twilio's API is a local stand-in that records what the
assistant would have sent."""
from __future__ import annotations

import uuid
from typing import List
from urllib.parse import parse_qs

import pytest
import requests
from twilio.request_validator import RequestValidator

from bot.server.channels.plain_text import CHOOSE
from tests.e2e.conftest import CHANNEL_ENVIRONMENT
from tests.e2e.test_servers import FAQ_ANSWERS

SIGNER = RequestValidator(CHANNEL_ENVIRONMENT["TWILIO_AUTH_TOKEN"])


def text_message(servers, channel: str, sender: str, body: str, signature: str = "") -> requests.Response:
    url = f"{servers.rasa_url}/webhooks/{channel}/webhook"
    form = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": CHANNEL_ENVIRONMENT["TWILIO_ACCOUNT_SID"],
            "From": sender, "To": CHANNEL_ENVIRONMENT["TWILIO_SMS_NUMBER"], "Body": body, "NumMedia": "0"}
    signature = signature or SIGNER.compute_signature(url, form)
    return requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)


def sent_to(provider_api, recipient: str) -> List[dict]:
    """What the assistant asked Twilio to send to `recipient`, in order."""
    messages = [{key: values[0] for key, values in parse_qs(r.body.decode()).items()}
                for r in provider_api.received if r.path.endswith("/Messages.json")]
    return [m for m in messages if m.get("To") == recipient]


@pytest.fixture
def sms_sender() -> str:
    return f"+1555{uuid.uuid4().int % 10**7:07d}"


def test_an_sms_question_gets_the_answer_by_sms(servers, provider_api, sms_sender):
    assert text_message(servers, "twilio", sms_sender, "how many sessions will I need?").status_code == 204
    [reply, *_] = sent_to(provider_api, sms_sender)
    assert reply["From"] == CHANNEL_ENVIRONMENT["TWILIO_SMS_NUMBER"]
    assert reply["Body"].startswith(FAQ_ANSWERS["number_of_sessions"])
    assert "1. Book an appointment" in reply["Body"] and reply["Body"].endswith(CHOOSE)


def test_a_number_or_the_words_choose_an_offered_option(servers, provider_api, sms_sender):
    text_message(servers, "twilio", sms_sender, "how many sessions will I need?")
    text_message(servers, "twilio", sms_sender, "1")  # "1. Book an appointment"
    booking = sent_to(provider_api, sms_sender)[-1]["Body"]
    assert "https://example.com/book-online" in booking
    text_message(servers, "twilio", sms_sender, "hello")
    greeting = sent_to(provider_api, sms_sender)[-1]["Body"]
    first_option = next(line for line in greeting.splitlines() if line.startswith("1. "))[3:]
    text_message(servers, "twilio", sms_sender, first_option.upper())
    assert sent_to(provider_api, sms_sender)[-1]["Body"] != greeting  # answered the chosen question


def test_whatsapp_replies_come_from_the_whatsapp_number(servers, provider_api):
    sender = f"whatsapp:+4477009{uuid.uuid4().int % 10**5:05d}"
    assert text_message(servers, "twilio_whatsapp", sender, "is acupuncture safe?").status_code == 204
    [reply, *_] = sent_to(provider_api, sender)
    assert reply["From"] == CHANNEL_ENVIRONMENT["TWILIO_WHATSAPP_NUMBER"]
    assert "safe" in reply["Body"]


@pytest.mark.parametrize("signature", ["wrong", None])
def test_a_request_without_a_valid_signature_is_refused_and_never_answered(servers, provider_api, sms_sender,
                                                                         signature):
    url = f"{servers.rasa_url}/webhooks/twilio/webhook"
    headers = {"X-Twilio-Signature": signature} if signature else {}
    refused = requests.post(url, data={"From": sms_sender, "Body": "is acupuncture safe?"}, headers=headers,
                            timeout=30)
    assert refused.status_code == 403
    assert sent_to(provider_api, sms_sender) == []
