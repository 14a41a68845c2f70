"""Deleting conversations older than the clinic's retention period.

A conversation goes once its last event is older than `keep_conversations_days`
(clinic.yml). `make run` purges when it starts and then once a day; `bot purge` does it
on demand. It works on the SQL tracker store of endpoints.yml (SQLite or PostgreSQL).
"""
from __future__ import annotations

import threading
import time
import warnings
from pathlib import Path
from typing import Any, Dict, Optional

import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore

DAY = 24 * 60 * 60
EVENTS = "events"  # the table of Rasa's SQLTrackerStore


def database_url(store: Optional[Dict[str, Any]], project: Path) -> Optional[Any]:
    """The SQLAlchemy URL of endpoints.yml's `tracker_store`, if it is an SQL store."""
    if not store or not (store.get("type") == "SQL" or str(store.get("type")).endswith("SQLTrackerStore")):
        return None
    dialect = store.get("dialect", "sqlite")
    db = store.get("db", "rasa.db")
    if dialect == "sqlite":
        db = str(project / db)  # relative to the project, where the servers run
    with warnings.catch_warnings():  # Rasa 3.6 builds the URL in a way SQLAlchemy 1.4 deprecates
        warnings.simplefilter("ignore")
        return SQLTrackerStore.get_db_url(dialect, store.get("url"), store.get("port"), db,
                                          store.get("username"), store.get("password"))


def purge(url: Any, keep_days: int, now: Optional[float] = None) -> int:
    """Deletes the conversations whose last event is older than `keep_days`; returns how many."""
    engine = sqlalchemy.create_engine(url)
    try:
        if not sqlalchemy.inspect(engine).has_table(EVENTS):
            return 0
        cutoff = (now if now is not None else time.time()) - keep_days * DAY
        with engine.begin() as connection:
            old = [row[0] for row in connection.execute(sqlalchemy.text(
                f"SELECT sender_id FROM {EVENTS} GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
                {"cutoff": cutoff})]
            if old:
                connection.execute(sqlalchemy.text(f"DELETE FROM {EVENTS} WHERE sender_id IN :senders")
                                   .bindparams(sqlalchemy.bindparam("senders", expanding=True)), {"senders": old})
        return len(old)
    finally:
        engine.dispose()


class DailyPurge:
    """Purges now, then every day, in a background thread, until stopped."""

    def __init__(self, url: Any, keep_days: int) -> None:
        self.url, self.keep_days = url, keep_days
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> int:
        deleted = purge(self.url, self.keep_days)
        self._thread.start()
        return deleted

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(DAY):
            purge(self.url, self.keep_days)
