"""Rasa's LogisticRegressionClassifier, tuned, and choosing FAQ topics as well as intents.

Rasa's own classifier fits a class-balanced logistic regression on every sentence-level
feature with C fixed at 1. On sentence embeddings that is strongly over-regularised:
its probabilities rarely pass 0.5, so no confidence threshold separates known from
unknown questions. This subclass adds `C` and, like DIET, `featurizers` (aliases whose
sentence features it reads), and scales each featurizer's features to unit length, so
that raw counts from a long message do not drown the embedding.

It learns what each example was written for: an intent, or a retrieval intent's answer
(`faq/safety`), so every FAQ topic is a class of its own, balanced like an intent. The
intent's probability is the sum over its topics; the topics' probabilities within it
are written to the parse result in the ResponseSelector's format, which is what Rasa's
retrieval action (`utter_faq`) reads. One calibrated model thus replaces DIET's
ResponseSelector, and one threshold on each level means the same thing for every topic
(docs/nlu-pipeline.md has the comparison). Persistence stays Rasa's.
"""
from __future__ import annotations

import warnings
from collections import defaultdict
from typing import Any, Dict, List, Text

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    RESPONSE_IDENTIFIER_DELIMITER,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.base import clone
from sklearn.preprocessing import normalize


# This classifier answers the FAQ examples, so Rasa's training warning that no
# ResponseSelector would use them is wrong here, and misleads whoever edits the content.
warnings.filterwarnings(
    "ignore", message="You have defined training data with examples for training a response selector")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression over intents and FAQ topics, on chosen unit-length sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "featurizers": []}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if examples:
            # Unfitted: in incremental training Rasa loads the live model's classifier, whose
            # width the new examples' character n-grams may have outgrown (_create_X would
            # then give it rows of zeros to learn from).
            self.clf = clone(self.clf)
            self.clf.fit(self._create_X(examples), [example.get_full_intent() for example in examples])
            self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if not messages:
            return messages
        all_probabilities = self.clf.predict_proba(self._create_X(messages, dense=True))
        for message, probabilities in zip(messages, all_probabilities, strict=True):
            intents: Dict[str, float] = defaultdict(float)
            topics: Dict[str, Dict[str, float]] = defaultdict(dict)
            # tolist(): plain str names, not NumPy's, so the parse result serialises anywhere (YAML)
            for label, probability in zip(self.clf.classes_.tolist(), probabilities, strict=True):
                intent = label.split(RESPONSE_IDENTIFIER_DELIMITER, 1)[0]
                intents[intent] += probability
                if intent != label:
                    topics[intent][label] = probability
            ranking = self._ranked(intents, INTENT_NAME_KEY)
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            if topics:
                message.set(RESPONSE_SELECTOR_PROPERTY_NAME, self._selections(topics, intents), add_to_output=True)
        return messages

    def _selections(self, topics: Dict[str, Dict[str, float]], intents: Dict[str, float]) -> Dict[str, Any]:
        """Each retrieval intent's topics, as Rasa's ResponseSelector reports them: the
        likeliest answer and a ranking, confidences given the retrieval intent."""
        selections: Dict[str, Any] = {RESPONSE_SELECTOR_RETRIEVAL_INTENTS: sorted(topics)}
        for intent, by_topic in topics.items():
            total = intents[intent] or 1.0
            ranking = self._ranked({topic: p / total for topic, p in by_topic.items()}, INTENT_RESPONSE_KEY)
            selections[intent] = {
                RESPONSE_SELECTOR_PREDICTION_KEY: {
                    **ranking[0],
                    RESPONSE_SELECTOR_UTTER_ACTION_KEY: f"utter_{ranking[0][INTENT_RESPONSE_KEY]}",
                },
                RESPONSE_SELECTOR_RANKING_KEY: ranking,
            }
        return selections

    def _ranked(self, confidences: Dict[str, float], key: str) -> List[Dict[str, Any]]:
        ranking = [{key: name, PREDICTED_CONFIDENCE_KEY: float(confidence)}
                   for name, confidence in sorted(confidences.items(), key=lambda item: -item[1])]
        length = self.config[RANKING_LENGTH]
        return ranking[:length] if length > 0 else ranking

    def _create_X(self, messages: List[Message], dense: bool = False) -> Any:
        """One row per message: each selected featurizer's sentence features, scaled to unit
        length, built a featurizer at a time over the whole batch. Sparse for training;
        dense for classifying a few messages, which NumPy builds in microseconds where
        SciPy's sparse constructors take a millisecond (same probabilities)."""
        found = [self._sentence_features(message) for message in messages]
        widths = {origin: features.shape[1] for by_origin in found for origin, features in by_origin.items()}
        # A message some featurizer had nothing to say about (blank text) carries no
        # evidence: an all-zero row, rather than a row of the wrong width.
        found = [by_origin if len(by_origin) == len(widths) else {} for by_origin in found]
        blocks = [normalize(stacked([by_origin.get(origin) for by_origin in found], width, dense))
                  for origin, width in widths.items()]  # in the pipeline's order, as in training
        width = getattr(self.clf, "n_features_in_", None)
        if not blocks or (width is not None and sum(block.shape[1] for block in blocks) != width):
            blocks = [np.zeros((len(messages), width or 0))]
        return np.hstack(blocks) if dense else hstack([csr_matrix(block) for block in blocks], format="csr")

    def _sentence_features(self, message: Message) -> Dict[Text, Any]:
        """The selected featurizers' sentence features of one message, by featurizer."""
        wanted = self.config["featurizers"]
        return {
            features.origin: features.features
            for features in message.features
            if features.attribute == TEXT and features.type == FEATURE_TYPE_SENTENCE
            and (not wanted or features.origin in wanted)
        }


def stacked(rows: List[Any], width: int, dense: bool) -> Any:
    """Rows of one featurizer (1 x width each, None for none) as one matrix: with NumPy when
    the rows are dense or a dense matrix is wanted, else with SciPy."""
    if dense or all(row is None or isinstance(row, np.ndarray) for row in rows):
        return np.vstack([dense_row(row, width) for row in rows])
    return vstack([csr_matrix((1, width)) if row is None else row for row in rows])


def dense_row(row: Any, width: int) -> np.ndarray:
    if row is None:
        return np.zeros((1, width))
    return row if isinstance(row, np.ndarray) else row.toarray()
