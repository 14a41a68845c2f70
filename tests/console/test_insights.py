"""Insights: counted from a real SQLite tracker store, as Rasa writes it."""
import asyncio
import time

import pytest
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.ops.retention import DAY
from bot.staff.console.insights import insights, tracker_store_url

NOW = time.time()


def parse(intent, topic=None):
    if intent in ("yes", "no"):  # the widget's rating of the answer before
        return {"intent": {"name": "feedback", "confidence": 1.0}, "entities": [{"entity": "helpful", "value": intent}]}
    data = {"intent": {"name": intent, "confidence": 0.9}, "entities": []}
    if topic:
        data["response_selector"] = {"faq": {"response": {"intent_response_key": f"faq/{topic}", "confidence": 0.9}}}
    return data


CONVERSATIONS = {  # sender: [(days ago, intent, topic, channel)]
    "a": [(1, "faq", "safety", "rest"), (1, "faq", "prices", "rest"), (1, "no", None, "rest"),
          (1, "book_appointment", None, "rest")],
    "b": [(2, "faq", "safety", "socketio"), (2, "yes", None, "socketio"), (2, "nlu_fallback", None, "socketio")],
    "c": [(3, "red_flag_urgent", None, "twilio"), (3, "human_handoff", None, "twilio")],
    "d": [(3, "not_covered", None, "telegram")],
    "old": [(60, "faq", "safety", "rest")],  # outside a 30-day period
}


@pytest.fixture
def tracker_store(tmp_path, console_project, settings):
    database = tmp_path / "conversations.db"
    store = SQLTrackerStore(Domain.load(str(console_project / "domain.yml")), dialect="sqlite", db=str(database))
    for sender, messages in CONVERSATIONS.items():
        tracker = DialogueStateTracker(sender, [])
        for order, (days_ago, intent, topic, channel) in enumerate(messages):
            tracker.update(UserUttered(f"a question ({intent})", parse_data=parse(intent, topic),
                                       input_channel=channel, timestamp=NOW - days_ago * DAY + order))
        asyncio.run(store.save(tracker))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(yaml.safe_dump({"tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(database)}}))
    settings.ENDPOINTS_FILE = endpoints
    return tracker_store_url(endpoints, console_project)


def test_messages_conversations_outcomes_topics_and_channels_are_counted(tracker_store):
    found = insights(tracker_store, 30, now=NOW)
    assert (found.messages, found.conversations, found.booking_requests) == (8, 4, 1)
    assert found.outcomes == {"answered": 3, "other requests": 1, "fell back": 1, "sent to urgent care": 1,
                              "handed to a person": 1, "declined": 1}
    assert found.topics == [["safety", 2], ["prices", 1]]
    assert found.channels == {"rest": 3, "socketio": 2, "twilio": 2, "telegram": 1}
    assert found.helpful == {"prices": [0, 1], "safety": [1, 0]}  # each rating is of the answer before it
    assert sum(found.conversations_per_day.values()) == 4 and len(found.messages_per_day) == 30
    assert insights(tracker_store, 90, now=NOW).messages == 9


@pytest.mark.django_db
def test_the_page_plots_them_for_any_member_of_staff(editor, tracker_store):
    page = editor.get("/insights/?days=30")
    assert page.status_code == 200
    assert page.context["insights"].messages == 8
    html = page.content.decode()
    assert 'id="chart-data"' in html and 'src="/assets/chart.js"' in html
    assert editor.get("/insights/?days=abc").context["days"] == 30
