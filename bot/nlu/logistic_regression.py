"""Rasa's LogisticRegressionClassifier, tunable: regularisation and feature choice.

Rasa's own classifier fits a class-balanced logistic regression on every sentence-level
feature with C fixed at 1. On sentence embeddings that is strongly over-regularised:
its probabilities rarely pass 0.5, so no confidence threshold separates known from
unknown questions. This subclass adds `C` and, like DIET, `featurizers` (aliases whose
sentence features it reads), and scales each featurizer's features to unit length, so
that raw counts from a long message do not drown the embedding.

Class balancing counts what the examples were written for: each FAQ topic (`faq/safety`)
weighs as much as an intent. Balanced over intents alone, as in Rasa, all FAQ questions
together weigh no more than the 40 urgent-symptom examples, and small intents take FAQ
questions. Persistence and prediction stay Rasa's.
"""
from __future__ import annotations

from typing import Any, Dict, List, Set, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.preprocessing import normalize
from sklearn.utils.class_weight import compute_sample_weight


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Topic-balanced logistic regression over chosen, unit-length sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "featurizers": []}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"], class_weight=None)  # weights come with the samples

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if examples:
            topics = [example.get_full_intent() for example in examples]
            self.clf.fit(self._create_X(examples), [example.get(INTENT) for example in examples],
                         sample_weight=compute_sample_weight("balanced", topics))
            self.persist()
        return self._resource

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        wanted = set(self.config["featurizers"])
        rows = [self._sentence_features(message, wanted) for message in messages]
        width = getattr(self.clf, "n_features_in_", None)
        if width is not None:
            # A message some featurizer had nothing to say about (blank text) carries no
            # evidence: an all-zero row, rather than a row of the wrong width.
            rows = [row if row.shape[1] == width else csr_matrix((1, width)) for row in rows]
        return vstack(rows).tocsr()

    @staticmethod
    def _sentence_features(message: Message, wanted: Set[Text]) -> csr_matrix:
        """One row: each selected featurizer's sentence features, scaled to unit length."""
        blocks = [
            normalize(csr_matrix(features.features))
            for features in message.features
            if features.attribute == TEXT and features.type == FEATURE_TYPE_SENTENCE
            and (not wanted or features.origin in wanted)
        ]
        return hstack(blocks) if blocks else csr_matrix((1, 0))
