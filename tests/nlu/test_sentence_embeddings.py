import socket

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_embeddings import ENCODER_FILE, ExportedSentenceEncoder, SentenceEmbeddingFeaturizer, \
    SentenceEncoder


def trained(directory, steps, batch_size=64):
    """A featurizer trained (fine-tuned `steps` steps and exported), and the same loaded."""
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "minilm", "fine_tune_steps": steps,
              "labels_per_step": 3, "learning_rate": 1e-4, "batch_size": batch_size}
    directory.mkdir(parents=True, exist_ok=True)
    storage, resource = LocalModelStorage(directory), Resource("minilm")
    context = ExecutionContext(GraphSchema({}), node_name="minilm")
    trainer = SentenceEmbeddingFeaturizer.create(config, storage, resource, context)
    trainer.train(tuning_data())
    return trainer, SentenceEmbeddingFeaturizer.load(config, storage, resource, context)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Trained without fine-tuning: the published weights, exported."""
    return trained(tmp_path_factory.mktemp("published"), steps=0, batch_size=4)


@pytest.fixture(scope="module")
def featurizer(published):
    return published[1]


def test_loading_the_model_never_touches_the_network(monkeypatch, published):
    def refuse(*args, **kwargs):
        raise AssertionError("network access while loading the sentence encoder")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert SentenceEncoder().encode(["is acupuncture safe?"]).shape == (1, 384)
    with published[1]._model_storage.read_from(Resource("minilm")) as directory:
        exported = ExportedSentenceEncoder((directory / ENCODER_FILE).read_bytes())
    assert exported.encode(["is acupuncture safe?"]).shape == (1, 384)


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


def label_separation(encoder):
    """Mean cosine similarity within labels minus between labels."""
    texts = [text for texts in QUESTIONS.values() for text in texts]
    labels = np.repeat(np.arange(len(QUESTIONS)), 4)
    similarity = encoder.encode(texts) @ encoder.encode(texts).T
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(len(texts), dtype=bool)
    return similarity[same & off_diagonal].mean() - similarity[~same].mean()


PROBE = ["how many sessions will I need", "hello there", "is it safe to have needles in my back?"]


def test_fine_tuning_pulls_each_labels_questions_together(tmp_path, featurizer):
    trainer, loaded = trained(tmp_path, steps=8)
    assert label_separation(loaded._encoder) > label_separation(featurizer._encoder) + 0.05
    # the loaded model runs what was fine-tuned: the export computes TensorFlow's vectors
    np.testing.assert_allclose(loaded._encoder.encode(PROBE), trainer._trainer.encode(PROBE), atol=1e-5)
    assert not np.allclose(loaded._encoder.encode(PROBE), featurizer._encoder.encode(PROBE), atol=1e-3)


def test_fine_tuning_is_repeatable():
    first, second = SentenceEncoder(), SentenceEncoder()
    for encoder in (first, second):
        texts, labels = zip(*[(text, label) for label, texts in QUESTIONS.items() for text in texts])
        encoder.fine_tune(texts, labels, steps=3, labels_per_step=3, learning_rate=1e-4, scale=20.0, seed=7)
    np.testing.assert_allclose(first.encode(PROBE), second.encode(PROBE), atol=1e-6)


def test_without_fine_tuning_the_published_weights_are_kept(published):
    _, loaded = published
    np.testing.assert_allclose(loaded._encoder.encode(PROBE), SentenceEncoder().encode(PROBE), atol=1e-5)


def test_a_featurizer_must_be_trained_before_it_featurizes():
    untrained = SentenceEmbeddingFeaturizer({**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "minilm"},
                                            "minilm")
    with pytest.raises(RuntimeError, match="train"):
        untrained.process([Message(data={"text": "hello"})])


@pytest.mark.parametrize("key, value", [("fine_tune_steps", -1), ("learning_rate", 0), ("labels_per_step", 1.5)])
def test_bad_fine_tuning_settings_are_refused(key, value):
    with pytest.raises(ValueError, match=key):
        SentenceEmbeddingFeaturizer.validate_config({**SentenceEmbeddingFeaturizer.get_default_config(), key: value})
