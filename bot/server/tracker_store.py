"""Rasa's SQL tracker store, keeping visitors' messages with phone numbers and emails masked,
and deleting a conversation when its visitor asks.

The assistant understands the message as it was typed; only what is written to the
database is masked, so nothing read back later (`bot review`, exports, backups) holds them.
It does what Rasa's SQL store does at every message with less work (make bench-load): it
reads only the events' data, knows how many of a conversation's events are stored instead
of counting them before each save, and writes a message's events in one statement.
Configured in endpoints.yml as `type: bot.server.tracker_store.MaskingSQLTrackerStore` (SQLite), and
in endpoints.production.yml (PostgreSQL).
"""
from __future__ import annotations

import itertools
import json
from typing import Any, Dict, Iterator, List, Optional

import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy import mask


# How many of a tracker's events are in the database, set on the tracker when this store
# reads or saves it.
STORED_EVENTS = "_stored_events"
# What the assistant says once the visitor has confirmed the deletion (data/rules/privacy.yml).
ERASED_RESPONSE = "utter_conversation_erased"


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stale = self.engine
        if stale.dialect.name == "sqlite":
            # Rasa's engine opens a new SQLite connection for every read and write; one
            # kept open (a pool) saves that on every message.
            self.engine = sqlalchemy.create_engine(stale.url, poolclass=sqlalchemy.pool.QueuePool,
                                                   connect_args={"check_same_thread": False})
            sqlalchemy.event.listen(self.engine, "connect", _tune_sqlite)
        else:
            # Rasa's engine hands out pooled connections unchecked: after a database restart
            # the next query on each would fail, and Rasa would answer from an empty
            # in-memory conversation. Checking each connection first makes a restart harmless.
            self.engine = sqlalchemy.create_engine(stale.url, pool_pre_ping=True, **create_engine_kwargs(stale.url))
        self.sessionmaker.configure(bind=self.engine)
        stale.dispose()

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            setattr(tracker, STORED_EVENTS, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Saves the conversation, or deletes all of it when the assistant has just told the
        visitor it is deleted. Rasa saves a conversation whole whenever the stored copy has
        fewer events, so deleting anywhere else would be undone by the next save."""
        if ERASED_RESPONSE in actions_since_last_message(tracker):
            self.erase(tracker.sender_id)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [self._row(tracker.sender_id, event) for event in self._additional_events(session, tracker)]
            if rows:  # one statement for all of them, where Rasa inserts an ORM object per event
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        setattr(tracker, STORED_EVENTS, len(tracker.events))

    def erase(self, sender_id: str) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()

    def _event_query(self, session: Any, sender_id: str, fetch_events_from_all_sessions: bool) -> Any:
        # Only the `data` column, which is all Rasa reads: an ORM object for every event of
        # the conversation, at every message, cost more than the query itself.
        return super()._event_query(session, sender_id, fetch_events_from_all_sessions).with_entities(
            self.SQLEvent.data)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The tracker's events not yet stored. Rasa counts the stored ones with a query
        before every save; a tracker this store read or saved already knows the count (the
        lock store keeps other servers off the conversation meanwhile)."""
        stored = getattr(tracker, STORED_EVENTS, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)

    @staticmethod
    def _row(sender_id: str, event: Event) -> Dict[str, Any]:
        """An event as Rasa's SQLTrackerStore stores it, with what the visitor typed masked."""
        if isinstance(event, UserUttered) and event.text:
            event = masked(event)
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }


def _tune_sqlite(connection: Any, _record: Any) -> None:
    """Write-ahead logging: `bot review` and the retention job read while the server writes.
    In that mode `synchronous=NORMAL` still survives a crash of the server; only a power
    cut can lose the last messages (never the database), and no message waits for a disk
    flush."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def actions_since_last_message(tracker: DialogueStateTracker) -> List[str]:
    names = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name:
            names.append(event.action_name)
    return names


def masked(event: UserUttered) -> UserUttered:
    text = mask(event.text)
    if text == event.text:
        return event
    return UserUttered(text, event.intent, event.entities, {**event.parse_data, "text": text},
                       timestamp=event.timestamp, input_channel=event.input_channel,
                       message_id=event.message_id, metadata=event.metadata)
