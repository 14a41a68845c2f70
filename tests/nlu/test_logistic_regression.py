import numpy as np
import pytest
import yaml
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


def faq_examples(topics, per_topic):
    rng = np.random.default_rng(1)
    examples = []
    for index, (topic, center) in enumerate(topics):
        for _ in range(per_topic):
            vector = np.zeros(4)
            vector[index] = center
            example = message(vector + rng.normal(0, 0.05, 4), [0.0] * 3, "faq")
            example.set("intent_response_key", f"faq/{topic}")
            examples.append(example)
    return examples


def test_faq_topics_are_classes_balanced_like_intents(tmp_path):
    component = TunedLogisticRegressionClassifier.create(
        config(), LocalModelStorage(tmp_path), Resource("lr"), CONTEXT)
    examples = faq_examples([("safety", 1.0), ("cost", 1.0)], per_topic=30) + \
        [message(np.array([0.0, 0.0, 1.0, 0.0]), [0.0] * 3, "urgent") for _ in range(5)]
    component.train(TrainingData(examples))
    assert sorted(component.clf.classes_) == ["faq/cost", "faq/safety", "urgent"]
    assert component.clf.class_weight == "balanced"  # a topic of 30 weighs as much as an intent of 5


def test_the_intent_sums_its_topics_and_the_topic_is_chosen_within_it(tmp_path):
    component = TunedLogisticRegressionClassifier.create(
        config(C=10.0), LocalModelStorage(tmp_path), Resource("lr"), CONTEXT)
    component.train(TrainingData(
        faq_examples([("safety", 1.0), ("cost", 1.0)], per_topic=20)
        + [message(np.array([0.0, 0.0, 1.0, 0.0]), [0.0] * 3, "greet") for _ in range(20)]))
    # halfway between the two FAQ topics: clearly an FAQ, unclear which
    [between] = component.process([message(np.array([0.5, 0.5, 0.0, 0.0]), [0.0] * 3)])
    intent, ranking = between.get("intent"), between.get("intent_ranking")
    assert intent["name"] == "faq" and intent["confidence"] > 0.9
    assert [entry["name"] for entry in ranking] == ["faq", "greet"]
    assert sum(entry["confidence"] for entry in ranking) == pytest.approx(1.0)
    selected = between.get("response_selector")
    assert selected["all_retrieval_intents"] == ["faq"]
    topics = selected["faq"]["ranking"]
    assert {entry["intent_response_key"] for entry in topics} == {"faq/safety", "faq/cost"}
    assert sum(entry["confidence"] for entry in topics) == pytest.approx(1.0)  # given that it is an FAQ
    assert 0.3 < topics[0]["confidence"] < 0.7
    # Rasa's retrieval action reads the answer's name from here
    [clear] = component.process([message(np.array([1.0, 0.0, 0.0, 0.0]), [0.0] * 3)])
    response = clear.get("response_selector")["faq"]["response"]
    assert response["intent_response_key"] == "faq/safety"
    assert response["utter_action"] == "utter_faq/safety"
    assert response["confidence"] > 0.9
    # plain Python names and numbers, which YAML writers (bot draft, bot review) accept
    yaml.safe_dump({key: clear.get(key) for key in ("intent", "intent_ranking", "response_selector")})


def test_without_retrieval_intents_there_is_no_topic_choice(tmp_path):
    [result] = train(tmp_path, C=10.0).process([message(np.full(4, 1.0), [0.0, 0.0, 0.0])])
    assert result.get("response_selector") is None


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
    classifier = TunedLogisticRegressionClassifier.create(
        config(featurizers=["minilm", "word_counts"]), LocalModelStorage(tmp_path), Resource("lr"), CONTEXT)
    [row] = classifier._create_X([both]).toarray()
    np.testing.assert_allclose(row, [0.5, 0.5, 0.5, 0.5, 0.0, 0.8, 0.6])


def test_a_batch_is_classified_as_its_messages_one_at_a_time(tmp_path):
    classifier = train(tmp_path, C=10.0)
    rng = np.random.default_rng(2)
    features = [(rng.normal(0, 1, 4), rng.normal(0, 1, 3)) for _ in range(5)]
    probes = lambda: [message(vector, noise) for vector, noise in features] + [Message(data={"text": ""})]
    together = classifier.process(probes())
    alone = [classifier.process([probe])[0] for probe in probes()]
    for batched, single in zip(together, alone, strict=True):
        assert batched.get("intent")["name"] == single.get("intent")["name"]
        assert batched.get("intent")["confidence"] == pytest.approx(single.get("intent")["confidence"], abs=1e-9)


def test_a_message_missing_features_is_classified_as_knowing_nothing(tmp_path):
    classifier = train(tmp_path, C=10.0)
    [result] = classifier.process([Message(data={"text": ""})])
    assert result.get("intent")["name"] in {"a", "b"}
    assert 0.3 < result.get("intent")["confidence"] < 0.7
