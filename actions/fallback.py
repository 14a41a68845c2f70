"""When the assistant did not understand: suggest likely topics, then hand off to staff."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.contract import NLU_FALLBACK, ranked_topics

FAILURES_BEFORE_HANDOFF = 2
TOPICS_SUGGESTED = 3


class ActionFallbackSuggestions(Action):
    def name(self) -> Text:
        return "action_fallback_suggestions"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if consecutive_fallbacks(tracker) >= FAILURES_BEFORE_HANDOFF:
            dispatcher.utter_message(response="utter_handoff")
            return []
        buttons = [
            {"title": question, "payload": question}
            for question in likeliest_questions(tracker, domain)
        ]
        dispatcher.utter_message(response="utter_fallback_suggestions", buttons=buttons)
        return []


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the visitor's latest messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") != NLU_FALLBACK:
            break
        count += 1
    return count


def likeliest_questions(tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
    """The example question of each FAQ topic ranked highest for the latest message.

    Each FAQ answer carries its topic's question in `metadata.question`; sending that
    text back as the button payload lands on the topic like any typed question.
    """
    questions = []
    for topic in ranked_topics(tracker.latest_message or {}):
        question = _topic_question(domain, topic)
        if question and question not in questions:
            questions.append(question)
        if len(questions) == TOPICS_SUGGESTED:
            break
    return questions


def _topic_question(domain: Dict[Text, Any], topic: Text) -> Optional[Text]:
    variations = domain.get("responses", {}).get(f"utter_{topic}") or [{}]
    return (variations[0].get("metadata") or {}).get("question")
