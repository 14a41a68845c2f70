"""Helpers to run custom actions as the action server would: real Tracker and dispatcher."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.conftest import ROOT

@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    """The responses the action server receives with each call (FAQ answers included)."""
    faq = load_data(str(ROOT / "data" / "faq")).responses
    main = yaml.safe_load((ROOT / "domain.yml").read_text())
    return {**main, "responses": {**main["responses"], **faq}}


def tracker(
    latest_message: Optional[Dict[str, Any]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
) -> Tracker:
    return Tracker(
        sender_id="visitor-1",
        slots=slots or {},
        latest_message=latest_message or {},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, tracker: Tracker, domain: Optional[Dict[str, Any]] = None
        ) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """Runs the action; returns (messages sent, events returned)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
    return dispatcher.messages, events


def faq_message(topic: str, ranking: Optional[List[str]] = None) -> Dict[str, Any]:
    """A parse result in which `topic` was chosen."""
    ranked = ranking or [topic]
    return {
        "intent": {"name": "faq", "confidence": 0.9},
        "response_selector": {
            "faq": {
                "response": {"intent_response_key": f"faq/{topic}"},
                "ranking": [
                    {"intent_response_key": f"faq/{name}", "confidence": 0.9 - 0.1 * i}
                    for i, name in enumerate(ranked)
                ],
            }
        },
    }
