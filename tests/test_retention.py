import asyncio
import time
from pathlib import Path

import yaml
from click.testing import CliRunner
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.staff.cli import app
from bot.ops.retention import DAY, database_url, purge
from bot.server.tracker_store import MaskingSQLTrackerStore


def store_conversations(db: Path, ages_in_days: dict) -> None:
    """Real conversations in Rasa's SQL store, each last active that many days ago."""
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    for sender, age in ages_in_days.items():
        event = UserUttered("hello", {"name": "greet"}, timestamp=time.time() - age * DAY)
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, [event])))


def senders(db: Path) -> set:
    store = MaskingSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    return set(asyncio.run(store.keys()))


def test_conversations_past_the_period_are_deleted(tmp_path):
    db = tmp_path / "conversations.db"
    store_conversations(db, {"old": 100, "recent": 3, "just_inside": 89})
    url = database_url({"type": "SQL", "dialect": "sqlite", "db": str(db)}, tmp_path)
    assert purge(url, keep_days=90) == 1
    assert senders(db) == {"recent", "just_inside"}
    assert purge(url, keep_days=90) == 0


def test_nothing_to_purge_without_a_database_or_an_sql_store(tmp_path):
    assert purge(database_url({"type": "SQL", "dialect": "sqlite", "db": "none.db"}, tmp_path), 90) == 0
    assert database_url({"type": "redis"}, tmp_path) is None
    assert database_url(None, tmp_path) is None


def test_bot_purge_uses_the_project_store_and_retention_period(project):
    db = project / "conversations.db"
    store_conversations(db, {"old": 40, "recent": 1})
    settings = project / "clinic.yml"
    settings.write_text(settings.read_text().replace("keep_conversations_days: 90", "keep_conversations_days: 30"))
    result = CliRunner().invoke(app, ["purge", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 conversation(s) older than 30 days." in result.output
    assert senders(db) == {"recent"}
    endpoints = project / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump({"action_endpoint": {"url": "http://localhost:5055/webhook"}}))
    refused = CliRunner().invoke(app, ["purge", "--project", str(project)])
    assert refused.exit_code == 1 and "no SQL tracker store" in refused.output
