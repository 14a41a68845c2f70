import socket

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_embeddings import SentenceEmbeddingFeaturizer, SentenceEncoder


@pytest.fixture(scope="module")
def featurizer():
    return SentenceEmbeddingFeaturizer(
        {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "minilm", "batch_size": 4},
        "sentence_embeddings",
    )


def test_loading_the_model_never_touches_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access while loading the sentence encoder")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    vectors = SentenceEncoder().encode(["is acupuncture safe?"])
    assert vectors.shape == (1, 384)


def test_paraphrases_are_closer_than_unrelated_questions(featurizer):
    causes, paraphrase, unrelated = featurizer._encoder.encode(
        ["what causes back pain?", "what might be behind my sore back", "how do I bake a cake"]
    )
    assert causes @ paraphrase > 0.5 > causes @ unrelated + 0.3
    assert np.allclose(np.linalg.norm([causes, paraphrase, unrelated], axis=1), 1.0, atol=1e-5)


def test_each_message_gets_one_sentence_vector(featurizer):
    messages = [Message(data={"text": f"question number {i}"}) for i in range(10)]
    featurizer.process(messages)
    for message in messages:
        sequence, sentence = message.get_dense_features("text")
        assert sequence is None
        assert sentence.features.shape == (1, 384)


def test_batching_does_not_change_the_vectors(featurizer):
    alone = Message(data={"text": "how many sessions will I need?"})
    featurizer.process([alone])
    in_batch = [Message(data={"text": t}) for t in
                ["hello", "how many sessions will I need?", "what causes back pain?"]]
    featurizer.process(in_batch)
    assert np.allclose(alone.get_dense_features("text")[1].features,
                       in_batch[1].get_dense_features("text")[1].features, atol=1e-5)


def test_training_data_is_featurized_and_examples_without_text_are_skipped(featurizer):
    data = TrainingData([Message(data={"text": "is it safe?", "intent": "faq"}),
                         Message(data={"intent": "greet"})])
    featurizer.process_training_data(data)
    with_text, without_text = data.training_examples
    assert with_text.get_dense_features("text")[1] is not None
    assert without_text.features == []


def test_bad_config_is_refused():
    with pytest.raises(ValueError, match="batch_size"):
        SentenceEmbeddingFeaturizer.validate_config({**SentenceEmbeddingFeaturizer.get_default_config(), "batch_size": 0})


QUESTIONS = {
    "faq/safety": ["is acupuncture safe?", "are there any risks", "can the needles hurt me", "any side effects?"],
    "faq/sessions": ["how many sessions will I need", "how many visits does it take", "how often should I come",
                     "how long is a course of treatment"],
    "book": ["I want to book", "can I make an appointment", "book me in please", "reserve a slot"],
}


def tuning_data():
    return TrainingData([Message(data={"text": text, "intent": label.split("/")[0],
                                       **({"intent_response_key": label} if "/" in label else {})})
                         for label, texts in QUESTIONS.items() for text in texts])


def fine_tuned(tmp_path, steps=8):
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "minilm", "fine_tune_steps": steps,
              "labels_per_step": 3, "learning_rate": 1e-4}
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage, resource = LocalModelStorage(tmp_path), Resource("minilm")
    context = ExecutionContext(GraphSchema({}), node_name="minilm")
    trainer = SentenceEmbeddingFeaturizer.create(config, storage, resource, context)
    trainer.train(tuning_data())
    return trainer, SentenceEmbeddingFeaturizer.load(config, storage, resource, context)


def label_separation(encoder):
    """Mean cosine similarity within labels minus between labels."""
    texts = [text for texts in QUESTIONS.values() for text in texts]
    labels = np.repeat(np.arange(len(QUESTIONS)), 4)
    similarity = encoder.encode(texts) @ encoder.encode(texts).T
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(len(texts), dtype=bool)
    return similarity[same & off_diagonal].mean() - similarity[~same].mean()


def test_fine_tuning_pulls_each_labels_questions_together(tmp_path, featurizer):
    trainer, loaded = fine_tuned(tmp_path)
    assert label_separation(trainer._encoder) > label_separation(featurizer._encoder) + 0.05
    # the trained model's layers are what a loaded model uses
    probe = ["how many sessions will I need", "hello there"]
    assert np.allclose(trainer._encoder.encode(probe), loaded._encoder.encode(probe), atol=1e-6)
    assert not np.allclose(loaded._encoder.encode(probe), featurizer._encoder.encode(probe), atol=1e-3)


def test_fine_tuning_is_repeatable(tmp_path):
    first, _ = fine_tuned(tmp_path / "first", steps=3)
    second, _ = fine_tuned(tmp_path / "second", steps=3)
    probe = ["is it safe to have needles in my back?"]
    np.testing.assert_allclose(first._encoder.encode(probe), second._encoder.encode(probe), atol=1e-6)


def test_without_fine_tuning_the_published_weights_are_kept(tmp_path, featurizer):
    trainer, loaded = fine_tuned(tmp_path, steps=0)
    probe = ["how many sessions will I need"]
    np.testing.assert_allclose(loaded._encoder.encode(probe), featurizer._encoder.encode(probe), atol=1e-6)


@pytest.mark.parametrize("key, value", [("fine_tune_steps", -1), ("learning_rate", 0), ("labels_per_step", 1.5)])
def test_bad_fine_tuning_settings_are_refused(key, value):
    with pytest.raises(ValueError, match=key):
        SentenceEmbeddingFeaturizer.validate_config({**SentenceEmbeddingFeaturizer.get_default_config(), key: value})
