"""Rasa NLU component: a safety net that does not depend on the classifiers.

It runs last in the pipeline. When a message names a red-flag symptom it becomes the
urgent intent with full confidence, whatever the intent and topic classifier or
the FallbackClassifier decided; the flags it found are added to the parse result.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.override import override_intent
from bot.nlu.red_flags import RedFlagDetector

RED_FLAGS_KEY = "red_flags"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class RedFlagRouter(GraphComponent, IntentClassifier):
    """Routes messages describing red-flag symptoms to the urgent intent."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"intent": "urgent_symptoms"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._intent = config["intent"]
        self._detector = RedFlagDetector()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagRouter:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            flags = self._detector.detect(message.get(TEXT) or "")
            if flags:
                override_intent(message, self._intent)
                message.set(RED_FLAGS_KEY, flags, add_to_output=True)
        return messages

