"""`bot review`: what visitors asked that the assistant fell back on or was unsure about.

Messages come from the tracker store in endpoints.yml (SQLite by default), are masked
(phone numbers, emails) before anything else sees them, and are grouped by the topic or
intent the model thought likeliest. Staff accept a message as a new example of a topic,
through the same code path as `bot faq example`, or mark it irrelevant. Decisions are kept
by message id only (a hash of the masked text), so the decisions file holds no message.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import warnings
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.utils.endpoints import read_endpoint_config

from bot.contract import DECLINED, NLU_FALLBACK, chosen_topic, normalise
from bot.staff.content.topics import ContentError, FaqContent
from bot.privacy import mask

REVIEW_BELOW = 0.7  # an answer given with less confidence than this is worth a look
DECISIONS_FILE = "review-decisions.json"
@dataclass(frozen=True)
class Candidate:
    """A masked message to review; the same question asked again counts once."""
    id: str
    text: str
    likely: str  # "faq/<topic>" or an intent name
    confidence: float  # of the likely label
    fell_back: bool
    times: int = 1


def needs_review(parse: Dict[str, Any]) -> bool:
    """Declined (not understood, no topic answers it, another language), or answered with
    low confidence: the questions a new topic or example might answer."""
    intent = parse.get("intent") or {}
    if intent.get("name") in DECLINED:
        return True
    if (intent.get("confidence") or 0.0) < REVIEW_BELOW:
        return True
    topic = chosen_topic(parse, intent.get("name") or "")
    return topic is not None and topic[1] < REVIEW_BELOW


def likely_label(parse: Dict[str, Any]) -> Tuple[str, float]:
    """The label the classifiers ranked first, under any fallback: (label, confidence)."""
    ranking = [entry for entry in parse.get("intent_ranking") or [] if entry.get("name") != NLU_FALLBACK]
    if not ranking:
        return "unclear", 0.0
    intent = ranking[0]
    return chosen_topic(parse, intent["name"]) or (intent["name"], intent.get("confidence") or 0.0)


def message_id(masked: str) -> str:
    return hashlib.sha256(normalise(masked).encode()).hexdigest()[:10]


def candidates(messages: Iterable[UserUttered]) -> List[Candidate]:
    found: Dict[str, Candidate] = {}
    for message in sorted(messages, key=lambda m: m.timestamp):  # a repeated question shows as first asked
        parse = message.parse_data or {}
        if not message.text or message.text.startswith("/") or not needs_review(parse):
            continue  # button payloads are the visitor's choice, not a question
        masked = mask(message.text)
        key = message_id(masked)
        if key in found:
            found[key] = replace(found[key], times=found[key].times + 1)
            continue
        label, confidence = likely_label(parse)
        fell_back = (parse.get("intent") or {}).get("name") == NLU_FALLBACK
        found[key] = Candidate(key, masked, label, confidence, fell_back)
    return list(found.values())


def group_by_likely_label(found: Iterable[Candidate]) -> Dict[str, List[Candidate]]:
    groups: Dict[str, List[Candidate]] = defaultdict(list)
    for candidate in found:
        groups[candidate.likely].append(candidate)
    return {label: sorted(items, key=lambda c: c.confidence)
            for label, items in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))}


class ConversationReview:
    """The review state of one project: its tracker store and the staff's decisions."""

    def __init__(self, project: Path, endpoints: Optional[Path] = None) -> None:
        self.project = project
        self.endpoints = endpoints or project / "endpoints.yml"  # the file naming the tracker store
        self.decisions_path = project / DECISIONS_FILE

    def pending(self) -> List[Candidate]:
        decided = self.decisions()
        return [c for c in candidates(self._user_messages()) if c.id not in decided]

    def decisions(self) -> Dict[str, str]:
        if not self.decisions_path.exists():
            return {}
        return json.loads(self.decisions_path.read_text())

    def accept(self, message: str, topic: Optional[str] = None) -> Path:
        candidate = self._pending(message)
        topic = topic or (candidate.likely[4:] if candidate.likely.startswith("faq/") else None)
        if topic is None:
            raise ContentError(f"{candidate.text!r} looked like {candidate.likely}, not an FAQ topic: "
                               "name the topic with --topic (see `bot faq list`)")
        path = FaqContent(self.project).add_example(topic, candidate.text)
        self._decide(candidate.id, f"example of faq/{topic}")
        return path

    def ignore(self, message: str) -> Candidate:
        candidate = self._pending(message)
        self._decide(candidate.id, "irrelevant")
        return candidate

    def _pending(self, message: str) -> Candidate:
        match = next((c for c in self.pending() if c.id == message), None)
        if match is None:
            raise ContentError(f"no message {message!r} is waiting for review; `bot review` lists them")
        return match

    def _decide(self, message: str, decision: str) -> None:
        decisions = {**self.decisions(), message: decision}
        self.decisions_path.write_text(json.dumps(decisions, indent=2, sort_keys=True) + "\n")

    def _user_messages(self) -> List[UserUttered]:
        store = self._tracker_store()
        if store is None:
            return []

        async def read() -> List[UserUttered]:
            messages = []
            for sender in await store.keys():
                tracker = await store.retrieve_full_tracker(sender)
                messages += [e for e in tracker.events if isinstance(e, UserUttered)] if tracker else []
            return messages

        return asyncio.run(read())

    def _tracker_store(self) -> Optional[TrackerStore]:
        endpoint = read_endpoint_config(str(self.endpoints), "tracker_store")
        if endpoint is None:
            raise ContentError(f"{self.endpoints.name} names no tracker_store, so no conversations are kept")
        if endpoint.kwargs.get("dialect") == "sqlite":
            database = self.project / endpoint.kwargs.get("db", "rasa.db")
            if not database.exists():
                return None  # no conversation yet; do not create an empty database
            endpoint.kwargs["db"] = str(database)
        with warnings.catch_warnings():  # Rasa 3.6 warns about slot auto-fill on every domain load
            warnings.simplefilter("ignore", UserWarning)
            domain = Domain.load(str(self.project / "domain.yml"))
        return TrackerStore.create(endpoint, domain)  # with the domain, so the conversations' slots are known
