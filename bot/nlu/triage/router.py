"""Rasa NLU component: red flags go to their level of urgency, whatever else was predicted.

It runs last in the pipeline, so nothing after it can turn a red flag into a fallback.
The rule layer (bot/nlu/triage/detector.py) decides alone. A classifier behind it was
tried as a safety net (a logistic regression on the sentence embedding, trained on
red-flag examples against every other example): on the two development sets it caught no
red flag the rules missed, and sent 7 to 35 harmless messages to urgent advice at
thresholds from 0.98 down to 0.8, because nothing it learnt from looks like an ordinary
back-pain story told dramatically (docs/red-flags.md).

The intent becomes the level's (`red_flag_emergency`, `red_flag_urgent`, `red_flag_prompt`)
with full confidence, and the parse result gets `triage` (level and red flags), for the
conversation review.
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
from bot.nlu.triage.detector import shared_detector

TRIAGE_KEY = "triage"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class TriageRouter(GraphComponent, IntentClassifier):
    """Routes messages describing red flags to the intent of their level of urgency."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    def __init__(self) -> None:
        self._detector = shared_detector()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TriageRouter:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            triage = self._detector.triage(message.get(TEXT) or "")
            if triage.level is not None:
                override_intent(message, triage.level.intent)
                message.set(TRIAGE_KEY, {"level": triage.level.name.lower(), "flags": list(triage.flags)},
                            add_to_output=True)
        return messages
