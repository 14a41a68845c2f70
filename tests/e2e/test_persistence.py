"""What the servers keep, as `make run` starts them: conversations in SQLite
(endpoints.yml) across restarts, for the clinic's retention period, phone numbers and
emails masked, until the visitor has them deleted; Rasa's HTTP API off."""
from __future__ import annotations

import sqlite3
import uuid

import requests

from bot.ops.serve import Servers, free_port
from tests.conftest import ARTIFACTS
from tests.e2e.chat import say
from tests.test_retention import senders, store_conversations


def test_a_conversation_goes_on_after_the_servers_restart(model, tmp_path):
    sender = uuid.uuid4().hex
    database = tmp_path / "conversations.db"
    store_conversations(database, {"past-the-retention-period": 91, "last-week": 7})
    servers = Servers(model, free_port(), free_port(), log_dir=ARTIFACTS / "e2e-logs", tracker_db=database)
    with servers:
        assert senders(database) == {"last-week"}  # purged when the servers started (clinic.yml: 90 days)
        assert requests.post(f"{servers.rasa_url}/model/parse", json={"text": "hi"}, timeout=30).status_code == 404
        first = say(servers, "Is acupuncture good for back pain?", sender)
        assert any("not medical advice" in reply.get("text", "") for reply in first)
    with servers:  # the same database, new processes
        second = say(servers, "and is it safe?", sender)
    assert "safe" in second[0]["text"]
    # the disclaimer was already shown in this conversation, before the restart
    assert not any("not medical advice" in reply.get("text", "") for reply in second)


def test_phone_numbers_and_emails_are_masked_in_the_tracker_store(servers, tracker_db):
    sender = uuid.uuid4().hex
    say(servers, "please call me on 07700 900123 or mail jane.doe@example.org about booking", sender)
    with sqlite3.connect(tracker_db) as database:
        stored = [row[0] for row in database.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))]
    assert any("please call me on <phone> or mail <email> about booking" in data for data in stored)
    assert not any("07700" in data or "jane.doe" in data for data in stored)


def stored_rows(tracker_db, sender: str) -> int:
    with sqlite3.connect(tracker_db) as database:
        return database.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_a_visitor_can_have_their_conversation_deleted(servers, tracker_db):
    sender = uuid.uuid4().hex
    say(servers, "Is acupuncture good for back pain? call me on 07700 900123", sender)
    [question] = say(servers, "please delete my data", sender)
    assert "can't be undone" in question["text"]
    payloads = {button["title"]: button["payload"] for button in question["buttons"]}
    say(servers, payloads["No, keep it"], sender)
    assert stored_rows(tracker_db, sender) > 0
    say(servers, "delete this conversation", sender)
    [done] = say(servers, payloads["Yes, delete it"], sender)
    assert "has been deleted" in done["text"]
    assert stored_rows(tracker_db, sender) == 0
    # What comes next is a new conversation: the disclaimer is shown again.
    again = say(servers, "is acupuncture safe?", sender)
    assert any("not medical advice" in reply.get("text", "") for reply in again)
    assert stored_rows(tracker_db, sender) > 0
