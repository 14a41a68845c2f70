"""The medical disclaimer, once per conversation (urgent-care advice is in the domain's rules)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

DISCLAIMER_SLOT = "disclaimer_shown"
# Answers about the clinic itself rather than about health need no disclaimer.
TOPICS_WITHOUT_DISCLAIMER = frozenset({"free_consultation", "practitioners"})


class ActionMedicalDisclaimer(Action):
    """Once per conversation, after the first health answer: not medical advice."""

    def name(self) -> Text:
        return "action_medical_disclaimer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if tracker.get_slot(DISCLAIMER_SLOT):
            return []
        topic = answered_topic(tracker)
        if topic is None or topic in TOPICS_WITHOUT_DISCLAIMER:
            return []
        dispatcher.utter_message(response="utter_medical_disclaimer")
        return [SlotSet(DISCLAIMER_SLOT, True)]


def answered_topic(tracker: Tracker) -> Optional[Text]:
    """The FAQ topic chosen for the latest message, if any."""
    selector = (tracker.latest_message or {}).get("response_selector", {}).get("faq", {})
    key = selector.get("response", {}).get("intent_response_key") or ""
    _, _, topic = key.partition("/")
    return topic or None
