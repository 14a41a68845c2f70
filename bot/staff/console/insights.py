"""How the assistant is doing, from the conversations in the tracker store (SQLite or
PostgreSQL, through SQLAlchemy): what the Insights page plots.

One query reads the visitors' messages of the period (sender, time, understood intent,
the stored event), a few columns per message; the counting is done here, so the same code
serves both databases. Each message has one outcome, from the label the assistant acted on;
a rating ("Was this helpful?") is no message, but counts for the answer before it.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional

import sqlalchemy
from rasa.utils.endpoints import read_endpoint_config

from bot.contract import DECLINED, FAQ_INTENT, FEEDBACK, NLU_FALLBACK, chosen_topic
from bot.nlu.triage.flags import Level
from bot.ops.retention import DAY, EVENTS, database_url

HANDOFF, BOOKING = "human_handoff", "book_appointment"
URGENT_LABELS = frozenset(level.intent for level in Level)
OUTCOMES = ("answered", "declined", "fell back", "handed to a person", "sent to urgent care", "other requests")


def outcome(intent: Optional[str]) -> str:
    if intent == FAQ_INTENT:
        return "answered"
    if intent in URGENT_LABELS:
        return "sent to urgent care"
    if intent == HANDOFF:
        return "handed to a person"
    if intent == NLU_FALLBACK:
        return "fell back"
    if intent in DECLINED:
        return "declined"
    return "other requests"


@dataclass
class Insights:
    days: int
    messages_per_day: Dict[str, int] = field(default_factory=dict)
    conversations_per_day: Dict[str, int] = field(default_factory=dict)
    outcomes: Dict[str, int] = field(default_factory=dict)
    topics: List[List[Any]] = field(default_factory=list)  # [topic, answers], most asked first
    channels: Dict[str, int] = field(default_factory=dict)
    helpful: Dict[str, List[int]] = field(default_factory=dict)  # topic: [rated helpful, rated not]
    booking_requests: int = 0
    messages: int = 0
    conversations: int = 0

    def chart_data(self) -> Dict[str, Any]:
        return {"days": list(self.messages_per_day), "messages": list(self.messages_per_day.values()),
                "conversations": list(self.conversations_per_day.values()),
                "outcomes": {"labels": list(OUTCOMES), "values": [self.outcomes.get(o, 0) for o in OUTCOMES]},
                "topics": {"labels": [t for t, _ in self.topics], "values": [n for _, n in self.topics]},
                "channels": {"labels": list(self.channels), "values": list(self.channels.values())},
                "helpful": {"labels": list(self.helpful), "yes": [yes for yes, _ in self.helpful.values()],
                            "no": [no for _, no in self.helpful.values()]}}


def tracker_store_url(endpoints: Path, project: Path) -> Optional[Any]:
    store = read_endpoint_config(str(endpoints), "tracker_store")  # ${VARIABLES} filled in
    return database_url({"type": store.type, "url": store.url, **store.kwargs} if store else None, project)


def insights(url: Any, days: int, now: Optional[float] = None, top: int = 10) -> Insights:
    now = time.time() if now is None else now
    since = now - days * DAY
    result = Insights(days)
    day_names = [day_name(since + (index + 1) * DAY) for index in range(days)]
    result.messages_per_day = dict.fromkeys(day_names, 0)
    senders_per_day: Dict[str, set] = {day: set() for day in day_names}
    outcomes: Counter = Counter()
    topics: Counter = Counter()
    channels: Counter = Counter()
    senders = set()
    last_topic: Dict[str, str] = {}  # per conversation: the topic a rating is about
    ratings: Dict[str, Counter] = {}
    for sender, timestamp, intent, data in sorted(user_messages(url, since), key=lambda row: (row[0], row[1])):
        day = day_name(timestamp)
        if day not in result.messages_per_day:
            continue
        event = json.loads(data) if data else {}
        if intent == FEEDBACK:  # a rating of the answer before it, not a question
            if sender in last_topic:
                ratings.setdefault(last_topic[sender], Counter())[rating(event)] += 1
            continue
        result.messages_per_day[day] += 1
        senders_per_day[day].add(sender)
        senders.add(sender)
        outcomes[outcome(intent)] += 1
        result.booking_requests += intent == BOOKING
        channels[event.get("input_channel") or "unknown"] += 1
        topic = chosen_topic(event.get("parse_data") or {}) if intent == FAQ_INTENT else None
        if topic:
            last_topic[sender] = topic[0].split("/", 1)[-1]
            topics[last_topic[sender]] += 1
    result.conversations_per_day = {day: len(found) for day, found in senders_per_day.items()}
    result.outcomes, result.channels = dict(outcomes), dict(channels.most_common())
    result.topics = [[name, count] for name, count in topics.most_common(top)]
    result.helpful = {name: [counts["yes"], counts["no"]] for name, counts in sorted(ratings.items())}
    result.messages, result.conversations = sum(result.messages_per_day.values()), len(senders)
    return result


def rating(event: Dict[str, Any]) -> str:
    """"yes" or "no": the `helpful` entity of a feedback message."""
    entities = (event.get("parse_data") or {}).get("entities") or []
    value = next((e.get("value") for e in entities if e.get("entity") == "helpful"), None)
    return "yes" if value == "yes" else "no"


def day_name(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d")


def user_messages(url: Any, since: float) -> List[Any]:
    engine = sqlalchemy.create_engine(url)
    try:
        if not sqlalchemy.inspect(engine).has_table(EVENTS):
            return []
        with engine.connect() as connection:
            return list(connection.execute(sqlalchemy.text(
                f"SELECT sender_id, timestamp, intent_name, data FROM {EVENTS} "
                "WHERE type_name = 'user' AND timestamp >= :since"), {"since": since}))
    finally:
        engine.dispose()
