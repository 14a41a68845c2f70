"""Rasa's SQL tracker store, keeping visitors' messages with phone numbers and emails masked.

The assistant understands the message as it was typed; only what is written to the
database is masked, so nothing read back later (`bot review`, exports, backups) holds them.
Configured in endpoints.yml as `type: bot.tracker_store.MaskingSQLTrackerStore` (SQLite), and
in endpoints.production.yml (PostgreSQL).
"""
from __future__ import annotations

from typing import Any, Iterator

import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import mask


class MaskingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa's engine hands out pooled connections unchecked: after a database restart the
        # next query on each would fail, and Rasa would answer from an empty in-memory
        # conversation. Checking each connection before use makes a restart invisible.
        stale = self.engine
        self.engine = sqlalchemy.create_engine(stale.url, pool_pre_ping=True, **create_engine_kwargs(stale.url))
        self.sessionmaker.configure(bind=self.engine)
        stale.dispose()

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield masked(event) if isinstance(event, UserUttered) and event.text else event


def masked(event: UserUttered) -> UserUttered:
    text = mask(event.text)
    if text == event.text:
        return event
    return UserUttered(text, event.intent, event.entities, {**event.parse_data, "text": text},
                       timestamp=event.timestamp, input_channel=event.input_channel,
                       message_id=event.message_id, metadata=event.metadata)
