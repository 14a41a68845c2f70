"""Bad input on the REST channel of the running server: a clear 4xx or a polite reply,
never a 500, and the conversation goes on afterwards."""
from __future__ import annotations

import json
import uuid

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.server.channels.rate_limit import TOO_FAST
from bot.server.channels.rest import MAX_MESSAGE_CHARS
from tests.e2e.chat import say

WEBHOOK = "/webhooks/rest/webhook"


def post_raw(servers, body: bytes) -> requests.Response:
    return requests.post(servers.rasa_url + WEBHOOK, data=body, headers={"Content-Type": "application/json"},
                         timeout=30)


@pytest.mark.parametrize("body, status", [
    (b"", 400), (b"[]", 400), (b"[1, 2]", 400), (b"{", 400), (b"null", 400),
    (b'{"sender": 1, "message": "hi"}', 400), (b'{"sender": "v", "message": {"text": "hi"}}', 400),
    (json.dumps({"sender": "v", "message": "x" * (MAX_MESSAGE_CHARS + 1)}).encode(), 413),
])
def test_bad_bodies_get_a_clear_4xx(servers, body, status):
    reply = post_raw(servers, body)
    assert reply.status_code == status
    assert reply.json()["error"]


def test_the_conversation_goes_on_after_bad_input(servers):
    sender = uuid.uuid4().hex
    say(servers, "Is acupuncture good for back pain?", sender)
    assert post_raw(servers, json.dumps({"sender": sender, "message": "x" * 10_000}).encode()).status_code == 413
    assert post_raw(servers, json.dumps({"sender": sender, "message": 42}).encode()).status_code == 400
    replies = say(servers, "and is it safe?", sender)  # "it" still means acupuncture
    assert replies and "safe" in replies[0]["text"]


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=200) | st.fixed_dictionaries(
    {"sender": st.text(max_size=140), "message": st.text(max_size=300) | st.integers() | st.none()},
).map(lambda fields: json.dumps(fields).encode()))
def test_no_body_makes_the_server_fail(servers, body):
    reply = post_raw(servers, body)
    assert reply.status_code in (200, 400, 413, 429), reply.text  # 429: a sender hypothesis repeats
    assert isinstance(reply.json(), list if reply.status_code == 200 else dict)


def test_a_conversation_writing_too_fast_is_asked_to_wait(servers):
    sender = uuid.uuid4().hex
    replies = [post_raw(servers, json.dumps({"sender": sender, "message": "hi"}).encode()) for _ in range(21)]
    assert [reply.status_code for reply in replies] == [200] * 20 + [429]  # credentials.yml: 20 a minute
    assert replies[-1].json()["error"] == TOO_FAST
    assert say(servers, "hi")  # another conversation is answered
    # a red flag is answered however fast the conversation writes
    urgent = post_raw(servers, json.dumps({"sender": sender, "message": "my groin has gone numb"}).encode())
    assert urgent.status_code == 200 and "emergency department" in urgent.json()[0]["text"]
