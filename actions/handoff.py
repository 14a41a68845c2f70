"""Handing the visitor over to the clinic's staff.

The assistant has no live-chat back end, so handing off means giving the visitor the
clinic's direct lines and hours (the "link only" mode of handoff).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import settings


def hand_off(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(response="utter_handoff", **settings.clinic().template_values())


class ActionHumanHandoff(Action):
    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        hand_off(dispatcher)
        return []
