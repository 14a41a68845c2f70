"""Facebook Messenger: real webhook events, signed as Meta signs them, to the running Rasa
server; the Graph API is a local stand-in that records what the assistant would have sent."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict, List

import pytest
import requests

from tests.e2e.conftest import CHANNEL_ENVIRONMENT
from tests.e2e.test_servers import FAQ_ANSWERS

SECRET = CHANNEL_ENVIRONMENT["MESSENGER_APP_SECRET"].encode()


def event(sender: str, message: Dict[str, Any]) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "PAGE", "time": int(time.time() * 1000), "messaging": [
        {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000), **message}]}]
    }).encode()


def post(servers, body: bytes, headers: Dict[str, str]) -> requests.Response:
    return requests.post(f"{servers.rasa_url}/webhooks/facebook/webhook", data=body,
                         headers={"Content-Type": "application/json", **headers}, timeout=30)


def signed(body: bytes) -> Dict[str, str]:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()}


def say(servers, sender: str, text: str) -> requests.Response:
    body = event(sender, {"message": {"mid": uuid.uuid4().hex, "text": text}})
    return post(servers, body, signed(body))


def sent_to(provider_api, sender: str) -> List[Dict[str, Any]]:
    bodies = [json.loads(r.body) for r in provider_api.received if r.path.endswith("/me/messages") and r.body]
    return [b["message"] for b in bodies if b.get("recipient", {}).get("id") == sender and "message" in b]


@pytest.fixture
def sender() -> str:
    return uuid.uuid4().hex


def test_the_webhook_verification_needs_the_verify_token(servers):
    url = f"{servers.rasa_url}/webhooks/facebook/webhook"
    ok = requests.get(url, params={"hub.mode": "subscribe", "hub.challenge": "1158201444",
                                   "hub.verify_token": CHANNEL_ENVIRONMENT["MESSENGER_VERIFY_TOKEN"]}, timeout=30)
    assert ok.status_code == 200 and ok.text == "1158201444"
    wrong = requests.get(url, params={"hub.challenge": "1", "hub.verify_token": "guess"}, timeout=30)
    assert wrong.status_code == 403


def test_a_question_gets_its_answer_with_options_messenger_can_show(servers, provider_api, sender):
    assert say(servers, sender, "is acupuncture safe?").status_code == 200
    [answer, *_] = sent_to(provider_api, sender)
    # the safety answer's follow-up titles are longer than Messenger's 20 characters: numbered
    assert answer["text"].startswith(FAQ_ANSWERS["safety"])
    assert "1. Should I see a doctor first?" in answer["text"]
    assert say(servers, sender, "1").status_code == 200
    assert "doctor" in sent_to(provider_api, sender)[-1]["text"]


def test_a_postback_books_with_a_link_button(servers, provider_api, sender):
    body = event(sender, {"postback": {"title": "Book", "payload": "/book_appointment"}})
    assert post(servers, body, signed(body)).status_code == 200
    template = next(m for m in sent_to(provider_api, sender) if "attachment" in m)["attachment"]["payload"]
    assert template["buttons"] == [{"title": "Book online", "type": "web_url", "url": "https://example.com/book-online"}]


@pytest.mark.parametrize("headers", [
    {}, {"X-Hub-Signature-256": "sha256=" + "0" * 64}, {"X-Hub-Signature": "md5=abc"}, {"X-Hub-Signature": "evil"},
])
def test_unsigned_or_wrongly_signed_events_are_refused(servers, provider_api, sender, headers):
    body = event(sender, {"message": {"mid": "m", "text": "is acupuncture safe?"}})
    assert post(servers, body, headers).status_code == 403
    assert sent_to(provider_api, sender) == []


def test_a_signed_body_that_is_not_an_event_is_a_400(servers):
    for body in (b"not json", b"[1, 2]"):
        assert post(servers, body, signed(body)).status_code == 400
