import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.server.tracker_store import ERASED_RESPONSE, MaskingSQLTrackerStore


@pytest.fixture
def store(tmp_path):
    return MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "conversations.db"))


def conversation(sender: str, *texts: str, answer: str = "utter_faq") -> DialogueStateTracker:
    """The visitor's messages, each answered; the last one with `answer`."""
    tracker = DialogueStateTracker(sender, [])
    for number, text in enumerate(texts, start=1):
        tracker.update(UserUttered(text, {"name": "faq", "confidence": 1.0}))
        tracker.update(ActionExecuted(answer if number == len(texts) else "utter_faq"))
        tracker.update(BotUttered("an answer"))
        tracker.update(ActionExecuted("action_listen"))
    return tracker


def stored(store, sender):
    tracker = asyncio.run(store.retrieve(sender))
    return [event.text for event in tracker.events if isinstance(event, UserUttered)] if tracker else None


def test_phone_numbers_and_emails_are_masked_when_stored(store):
    asyncio.run(store.save(conversation("v1", "call me on 07700 900123 or mail me at jo@example.com")))
    [text] = stored(store, "v1")
    assert "07700" not in text and "jo@example.com" not in text


def test_a_conversation_told_it_is_deleted_is_deleted_whole_and_alone(store):
    asyncio.run(store.save(conversation("v1", "is it safe?", "delete my data")))
    asyncio.run(store.save(conversation("v2", "does it hurt?")))
    asyncio.run(store.save(conversation("v1", "is it safe?", "delete my data", "yes", answer=ERASED_RESPONSE)))
    assert stored(store, "v1") is None
    assert stored(store, "v2") == ["does it hurt?"]
    asyncio.run(store.save(conversation("v1", "hello again")))  # a new start, nothing from before
    assert stored(store, "v1") == ["hello again"]


def test_asking_about_deletion_deletes_nothing(store):
    asyncio.run(store.save(conversation("v1", "is it safe?", "delete my data", answer="utter_ask_erase_conversation")))
    assert stored(store, "v1") == ["is it safe?", "delete my data"]


def test_the_database_is_in_write_ahead_mode(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_conversations_outlive_the_store(tmp_path):
    path = str(tmp_path / "conversations.db")
    first = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
    asyncio.run(first.save(conversation("v1", "is it safe?")))
    first.engine.dispose()
    again = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
    assert stored(again, "v1") == ["is it safe?"]


def test_a_conversation_read_back_and_saved_again_stores_each_event_once(store):
    asyncio.run(store.save(conversation("v1", "is it safe?")))
    tracker = asyncio.run(store.retrieve("v1"))
    for _ in range(2):  # saved twice, as a server might
        tracker.update(UserUttered("does it hurt?", {"name": "faq", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
    assert stored(store, "v1") == ["is it safe?", "does it hurt?", "does it hurt?"]
    assert len(asyncio.run(store.retrieve("v1")).events) == len(tracker.events)


def test_events_are_stored_in_order_with_rasas_columns(store):
    asyncio.run(store.save(conversation("v1", "is it safe?", "how much is it?")))
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT type_name, intent_name, action_name FROM events WHERE sender_id = 'v1' ORDER BY id").all()
    assert [tuple(row) for row in rows] == [
        ("user", "faq", None), ("action", None, "utter_faq"), ("bot", None, None), ("action", None, "action_listen"),
    ] * 2
