"""The clinic's contact details: phone, email, address, opening hours."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import settings


class ActionClinicContact(Action):
    def name(self) -> Text:
        return "action_clinic_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_clinic_contact", **settings.clinic().template_values())
        return []
