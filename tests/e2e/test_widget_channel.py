"""The widget's socket.io channel, spoken to directly as any socket.io client could:
session ids, whole messages with their buttons and style, and bad input."""
from __future__ import annotations

import queue
import uuid

import pytest
import socketio

from bot.server.channels.rate_limit import TOO_FAST
from bot.server.channels.rest import MAX_MESSAGE_CHARS

WAIT_S = 30


class Visitor:
    """A socket.io client over long-polling (as the widget connects), collecting what it gets."""

    def __init__(self, url: str):
        self.received: "queue.Queue[object]" = queue.Queue()
        self.sessions: "queue.Queue[str]" = queue.Queue()
        self.client = socketio.Client()
        self.client.on("bot_uttered", self.received.put)
        self.client.on("session_confirm", self.sessions.put)
        self.client.connect(url, transports=["polling"])

    def start_session(self, session_id: object = None) -> str:
        self.client.emit("session_request", {"session_id": session_id})
        return self.sessions.get(timeout=WAIT_S)

    def say(self, data: object) -> list:
        """Sends one event and returns the messages that came back for it."""
        self.client.emit("user_uttered", data)
        replies = [self.received.get(timeout=WAIT_S)]
        while True:
            try:
                replies.append(self.received.get(timeout=1))
            except queue.Empty:
                return replies


@pytest.fixture
def visitor(servers):
    client = Visitor(servers.rasa_url)
    yield client
    client.client.disconnect()


def test_a_session_keeps_its_id_and_gets_whole_messages_with_buttons_and_style(visitor):
    session_id = uuid.uuid4().hex
    assert visitor.start_session(session_id) == session_id
    [answer] = visitor.say({"session_id": session_id, "message": "how many sessions will I need?"})
    assert "fresh injury" in answer["text"] and "not medical advice" in answer["text"]
    assert answer["buttons"] == [{"title": "Book an appointment", "payload": "/book_appointment"}]
    [urgent] = visitor.say({"session_id": session_id, "message": "my groin has gone numb"})
    assert urgent["style"] == "urgent"
    # a link button has no payload: Rasa's own socket.io output fails on it
    booking = visitor.say({"session_id": session_id, "message": "/book_appointment"})
    assert booking[0]["buttons"][0]["url"].startswith("https://")


@pytest.mark.parametrize("session_id", [None, "", "x" * 500, 42, "a\x00b"])
def test_a_missing_or_malformed_session_id_gets_a_new_one(visitor, session_id):
    confirmed = visitor.start_session(session_id)
    assert confirmed != session_id and len(confirmed) == 32


@pytest.mark.parametrize("data, says", [
    ("just a string", "not a message"),
    ({"message": "hello"}, "session_id"),
    ({"session_id": "s", "message": 7}, "must be text"),
    ({"session_id": "s", "message": "x" * (MAX_MESSAGE_CHARS + 1)}, "longer than"),
    ({"session_id": "s", "message": "hi", "metadata": "[1]"}, "metadata"),
])
def test_bad_input_gets_a_polite_reply_and_the_connection_stays_usable(visitor, data, says):
    session_id = visitor.start_session()
    [reply] = visitor.say(data)
    assert reply["text"].startswith("Sorry, I couldn't read that message") and says in reply["text"]
    assert "safe" in visitor.say({"session_id": session_id, "message": "is acupuncture safe?"})[0]["text"]


def test_a_conversation_writing_too_fast_is_asked_to_wait(visitor):
    session_id = visitor.start_session()
    for _ in range(21):
        visitor.client.emit("user_uttered", {"session_id": session_id, "message": "hi"})
        visitor.client.sleep(0.1)  # one polling request each: Engine.IO takes at most 16 packets in one
    replies = []
    while len(replies) < 21:
        replies.append(visitor.received.get(timeout=WAIT_S))
    assert [reply for reply in replies if reply.get("style") == "error"] == [{"text": TOO_FAST, "style": "error"}]


def test_the_answer_goes_to_the_tab_that_asked_not_to_the_conversations_other_tabs(servers, visitor):
    other_tab = Visitor(servers.rasa_url)
    try:
        session_id = visitor.start_session(uuid.uuid4().hex)
        assert other_tab.start_session(session_id) == session_id
        [answer] = visitor.say({"session_id": session_id, "message": "is acupuncture safe?"})
        assert "safe" in answer["text"]
        with pytest.raises(queue.Empty):  # it reads the answer from the asking tab's storage
            other_tab.received.get(timeout=2)
    finally:
        other_tab.client.disconnect()
