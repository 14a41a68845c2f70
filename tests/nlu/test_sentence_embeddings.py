import socket

import numpy as np
import pytest
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
        SentenceEmbeddingFeaturizer.validate_config({"max_tokens": 128, "batch_size": 0})
