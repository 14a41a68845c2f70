"""Rasa NLU component: a message that is not in English is answered as such.

The assistant's topics are in English, and a question in another language would otherwise
land on whichever English topic its few shared words resemble (a Spanish question about
back pain went to `other_treatments`). This component predicts `other_language` and adds
the language as an entity (`language`, an ISO 639-1 code such as "es"), which fills the
`language` slot; the domain's `utter_other_language` has a variation per language saying,
in that language, that the assistant answers in English for now and how to reach the clinic.

py3langid (its model ships in the package) names the language. On a few words of English
it is often wrong and sure of it ("does being overweight cause back pain": German, 0.99999;
121 of the 1,800 English training examples come out as another language), so its answer
counts only with evidence from the words themselves: most of them are not English (the
whole words of the sentence encoder's vocabulary: Chinese, Russian, Vietnamese, ...), or
the message has more of that language's little words than of English's (spaCy's stop-word
lists: "est", "que", "les" in French). With both, no English training example and no
English question of the development set is taken for another language.
"""
from __future__ import annotations

import importlib
import re
from functools import lru_cache
from typing import Any, Dict, FrozenSet, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.override import override_intent
from bot.nlu.unreadable_message import english_words

LANGUAGE_ENTITY = "language"
ENGLISH = "en"
# Runs of letters, in any script: the tokenizer of the English pipeline keeps a Japanese
# sentence as one token with its commas inside.
LETTERS = re.compile(r"[^\W\d_]+")


MIN_LITTLE_WORDS = 2  # one shared word ("plus" is French too) is no evidence
SPACY_LANGUAGE_CODES = {"no": "nb"}  # py3langid's code where spaCy's differs


@lru_cache(maxsize=1)
def language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=None)
def little_words(language: str) -> FrozenSet[str]:
    """spaCy's stop words for a language: its articles, pronouns, prepositions, ..."""
    try:
        module = importlib.import_module(f"spacy.lang.{SPACY_LANGUAGE_CODES.get(language, language)}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(module.STOP_WORDS)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class OtherLanguageDetector(GraphComponent, IntentClassifier):
    """Predicts `other_language` for a message written in a language other than English."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return []

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # min_probability: py3langid's normalised probability of its best language.
        # max_english_share: fewer English words than this share, and the words say "not English".
        return {"intent": "other_language", "min_probability": 0.7, "max_english_share": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._intent = config["intent"]
        self._min_probability = config["min_probability"]
        self._max_english_share = config["max_english_share"]
        self._english = english_words()
        self._identifier = language_identifier()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> OtherLanguageDetector:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = self.language(message)
            if language is not None:
                override_intent(message, self._intent)
                text = message.get(TEXT) or ""
                entity = {"entity": LANGUAGE_ENTITY, "value": language, "start": 0, "end": len(text),
                          "confidence": 1.0, "extractor": type(self).__name__}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages

    def language(self, message: Message) -> str | None:
        """The message's language when it is surely not English, else None."""
        text = message.get(TEXT) or ""
        found = LETTERS.findall(text.lower())
        if not found:
            return None
        language, probability = self._identifier.classify(text)
        if language == ENGLISH or probability < self._min_probability:
            return None
        english_share = sum(word in self._english for word in found) / len(found)
        theirs, ours = little_words(language), little_words(ENGLISH)
        their_words = sum(word in theirs and word not in ours for word in found)
        our_words = sum(word in ours and word not in theirs for word in found)
        if english_share < self._max_english_share or (their_words >= MIN_LITTLE_WORDS and their_words > our_words):
            return language
        return None
