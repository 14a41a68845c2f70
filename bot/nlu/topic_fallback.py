"""Rasa NLU component: an FAQ question whose topic is unclear is not understood.

Rasa's FallbackClassifier only looks at the intent. When the intent is clearly `faq`
but the topic is unclear (the `response_selector` part of the parse result, written by
bot/nlu/logistic_regression.py), answering the best guess risks a wrong answer; falling
back instead shows the likeliest topics as buttons, so the visitor picks the right one.
The threshold is chosen by cross-validation (make bench-nlu).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.contract import chosen_topic
from bot.nlu.override import override_intent


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class TopicFallback(GraphComponent, IntentClassifier):
    """Predicts `nlu_fallback` when the chosen FAQ topic's confidence is low."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "threshold": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._intent = config["retrieval_intent"]
        self._threshold = config["threshold"]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TopicFallback:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) != self._intent:
                continue
            topic = chosen_topic(message, self._intent)
            if topic is None or topic[1] < self._threshold:
                override_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
        return messages
