"""Replacing the classifiers' intent with a certain one, for rule-based components."""
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message


def override_intent(message: Message, intent: str) -> None:
    """Makes `intent` the prediction, with full confidence, at the top of the ranking.

    The classifiers' ranking stays below it (without `intent`), so the fallback's topic
    suggestions and anyone reading the parse result still see what they thought.
    """
    certain = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    others = [entry for entry in message.get(INTENT_RANKING_KEY) or []
              if entry.get(INTENT_NAME_KEY) != intent]
    message.set(INTENT, certain, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [certain, *others], add_to_output=True)
