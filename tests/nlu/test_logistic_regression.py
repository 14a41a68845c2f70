import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix

from bot.nlu.logistic_regression import TunedLogisticRegressionClassifier

CONTEXT = ExecutionContext(GraphSchema({}))


def message(vector, noise, intent=None):
    msg = Message(data={"text": "x", **({"intent": intent} if intent else {})})
    msg.add_features(Features(np.array([vector]), "sentence", "text", "minilm"))
    # A sparse featurizer that is not selected: its features must be ignored.
    msg.add_features(Features(coo_matrix([noise]), "sentence", "text", "word_counts"))
    return msg


def config(**overrides):
    return {**TunedLogisticRegressionClassifier.get_default_config(), "featurizers": ["minilm"], **overrides}


def train(tmp_path, **overrides):
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage, resource = LocalModelStorage(tmp_path), Resource("lr")
    rng = np.random.default_rng(0)
    examples = [message(rng.normal(center, 0.1, 4), rng.normal(0, 1, 3), intent)
                for intent, center in (("a", 1.0), ("b", -1.0)) for _ in range(20)]
    component = TunedLogisticRegressionClassifier.create(config(**overrides), storage, resource, CONTEXT)
    component.train(TrainingData(examples))
    return TunedLogisticRegressionClassifier.load(config(**overrides), storage, resource, CONTEXT)


def test_regularisation_is_configurable(tmp_path):
    assert train(tmp_path, C=10.0).clf.C == 10.0


def test_each_faq_topic_weighs_as_much_as_an_intent(tmp_path, monkeypatch):
    component = TunedLogisticRegressionClassifier.create(
        config(), LocalModelStorage(tmp_path), Resource("lr"), CONTEXT)
    fitted = {}
    monkeypatch.setattr(component.clf, "fit", lambda X, y, sample_weight: fitted.update(y=y, w=sample_weight))
    examples = [message(np.ones(4), [0.0] * 3, "faq") for _ in range(40)] + \
        [message(np.ones(4), [0.0] * 3, "urgent") for _ in range(10)]
    for index, example in enumerate(examples[:40]):
        example.set("intent_response_key", f"faq/topic_{index % 4}")
    component.train(TrainingData(examples))
    total = {}
    for label, weight in zip(fitted["y"], fitted["w"], strict=True):
        total[label] = total.get(label, 0.0) + weight
    assert fitted["y"][0] == "faq"  # the classifier still predicts intents
    assert total["faq"] == pytest.approx(4 * total["urgent"])


def test_predicts_from_the_selected_features_only(tmp_path):
    classifier = train(tmp_path, C=10.0)
    [result] = classifier.process([message(np.full(4, 1.0), [0.0, 0.0, 0.0])])
    assert result.get("intent")["name"] == "a"
    assert classifier.clf.coef_.shape[1] == 4  # the 3 sparse columns were not used


def test_weaker_regularisation_gives_more_confident_predictions(tmp_path):
    probe = message(np.full(4, 0.5), [0.0, 0.0, 0.0])
    strong = train(tmp_path / "strong", C=0.01).process([probe])[0].get("intent")["confidence"]
    probe = message(np.full(4, 0.5), [0.0, 0.0, 0.0])
    weak = train(tmp_path / "weak", C=100.0).process([probe])[0].get("intent")["confidence"]
    assert weak > strong


def test_each_featurizer_counts_at_unit_length(tmp_path):
    both = message(np.full(4, 3.0), [0.0, 40.0, 30.0])
    [row] = TunedLogisticRegressionClassifier._sentence_features(both, {"minilm", "word_counts"}).toarray()
    np.testing.assert_allclose(row, [0.5, 0.5, 0.5, 0.5, 0.0, 0.8, 0.6])


def test_a_message_missing_features_is_classified_as_knowing_nothing(tmp_path):
    classifier = train(tmp_path, C=10.0)
    [result] = classifier.process([Message(data={"text": ""})])
    assert result.get("intent")["name"] in {"a", "b"}
    assert 0.3 < result.get("intent")["confidence"] < 0.7
