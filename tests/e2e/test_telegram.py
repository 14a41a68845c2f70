"""Telegram: real webhook updates, with the secret token Telegram sends, to the running
Rasa server; the Bot API is a local stand-in that records what the assistant sent."""
from __future__ import annotations

import json
import random
import time
from typing import Any, Dict, List
from urllib.parse import parse_qs

import pytest
import requests

from bot.server.channels.telegram import SECRET_HEADER
from tests.e2e.conftest import CHANNEL_ENVIRONMENT
from tests.e2e.test_servers import FAQ_ANSWERS

SECRET = {SECRET_HEADER: CHANNEL_ENVIRONMENT["TELEGRAM_SECRET_TOKEN"]}


def update(chat_id: int, **content: Any) -> Dict[str, Any]:
    chat = {"id": chat_id, "type": "private", "first_name": "Pat"}
    user = {"id": chat_id, "is_bot": False, "first_name": "Pat"}
    if "text" in content:
        return {"update_id": random.randrange(10**9), "message": {
            "message_id": 1, "date": int(time.time()), "chat": chat, "from": user, "text": content["text"]}}
    return {"update_id": random.randrange(10**9), "callback_query": {
        "id": "1", "from": user, "chat_instance": "1", "data": content["data"],
        "message": {"message_id": 2, "date": int(time.time()), "chat": chat, "text": "earlier reply"}}}


def post(servers, body: Any, headers: Dict[str, str] = SECRET) -> requests.Response:
    return requests.post(f"{servers.rasa_url}/webhooks/telegram/webhook", json=body, headers=headers, timeout=30)


def sent_to(telegram_api, chat_id: int) -> List[Dict[str, Any]]:
    calls = [(r.path.rsplit("/", 1)[-1], {k: v[0] for k, v in parse_qs(r.body.decode()).items()})
             for r in telegram_api.received]
    return [fields for method, fields in calls if method == "sendMessage" and fields.get("chat_id") == str(chat_id)]


@pytest.fixture
def chat_id() -> int:
    return random.randrange(10**8, 10**9)


def test_a_question_gets_its_answer_with_inline_buttons(servers, telegram_api, chat_id):
    assert post(servers, update(chat_id, text="how many sessions will I need?")).status_code == 200
    [answer, *_] = sent_to(telegram_api, chat_id)
    assert answer["text"].startswith(FAQ_ANSWERS["number_of_sessions"])
    keyboard = json.loads(answer["reply_markup"])["inline_keyboard"]
    assert keyboard == [[{"text": "Book an appointment", "callback_data": "/book_appointment"}]]


def test_a_button_press_books_with_a_link_button(servers, telegram_api, chat_id):
    assert post(servers, update(chat_id, data="/book_appointment")).status_code == 200
    booking = next(m for m in sent_to(telegram_api, chat_id) if "reply_markup" in m)
    assert json.loads(booking["reply_markup"])["inline_keyboard"] == [
        [{"text": "Book online", "url": "https://example.com/book-online"}]]


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "guess"}])
def test_updates_without_the_secret_token_are_refused(servers, telegram_api, chat_id, headers):
    assert post(servers, update(chat_id, text="is acupuncture safe?"), headers).status_code == 403
    assert sent_to(telegram_api, chat_id) == []


def test_a_body_that_is_not_an_update_is_a_400(servers):
    assert post(servers, [1, 2]).status_code == 400


def test_set_webhook_registers_the_url_with_the_secret(servers, telegram_api):
    assert requests.get(f"{servers.rasa_url}/webhooks/telegram/set_webhook", timeout=30).json() == {"webhook_set": True}
    [registered] = [parse_qs(r.body.decode()) for r in telegram_api.received if r.path.endswith("/setWebhook")]
    assert registered == {"url": [CHANNEL_ENVIRONMENT["TELEGRAM_WEBHOOK_URL"]],
                          "secret_token": [CHANNEL_ENVIRONMENT["TELEGRAM_SECRET_TOKEN"]]}
