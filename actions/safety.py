"""Patient safety: urgent-care advice for red flags, and the medical disclaimer."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import settings

DISCLAIMER_SLOT = "disclaimer_shown"
# Answers about the clinic itself rather than about health need no disclaimer.
TOPICS_WITHOUT_DISCLAIMER = frozenset({"free_consultation", "practitioners"})


class ActionUrgentCareAdvice(Action):
    """Adds the local emergency number to the urgent-care message.

    The rule for `urgent_symptoms` first sends `utter_urgent_care` from the domain, so
    the visitor is told to seek care even when this server is down. Nothing here
    offers a booking: the visitor needs a doctor first.
    """

    def name(self) -> Text:
        return "action_urgent_care_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(
            response="utter_urgent_care_number", **settings.clinic().template_values()
        )
        return []


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
    """The FAQ topic the ResponseSelector chose for the latest message, if any."""
    selector = (tracker.latest_message or {}).get("response_selector", {}).get("faq", {})
    key = selector.get("response", {}).get("intent_response_key") or ""
    _, _, topic = key.partition("/")
    return topic or None
