import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.unreadable_message import UnreadableMessageFallback

CONFIG = UnreadableMessageFallback.get_default_config()
TOKENIZER = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())


def message(text):
    """A message as the classifiers leave it: tokenized, predicted out of scope."""
    msg = Message(data={"text": text})
    TOKENIZER.process([msg])
    msg.set("intent", {"name": "out_of_scope", "confidence": 0.93}, add_to_output=True)
    msg.set("intent_ranking", [{"name": "out_of_scope", "confidence": 0.93}], add_to_output=True)
    return msg


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture
def trained(storage):
    resource = Resource("unreadable")
    component = UnreadableMessageFallback.create(CONFIG, storage, resource, ExecutionContext(GraphSchema({})))
    data = TrainingData([Message(data={"text": "do you offer tuina massage", "intent": "faq"})])
    TOKENIZER.process_training_data(data)
    component.train(data)
    # Load it back the way a trained model is loaded.
    return UnreadableMessageFallback.load(CONFIG, storage, resource, ExecutionContext(GraphSchema({})))


@pytest.mark.parametrize("text", ["blorf zxqv wibble", "asdkjh qwpeoi", "???", "zzzz qqqq is"])
def test_unreadable_messages_fall_back(trained, text):
    [result] = trained.process([message(text)])
    assert result.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert result.get("intent_ranking")[1]["name"] == "out_of_scope"
    assert result.as_dict_nlu()["unreadable"] is True


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather like tomorrow",  # readable, so left to the classifiers
        "tuina",  # a word from the training data
        "is acupunture safe for my bak",  # misspellings among known words
    ],
)
def test_readable_messages_are_left_alone(trained, text):
    [result] = trained.process([message(text)])
    assert result.get("intent")["name"] == "out_of_scope"
    assert result.get("unreadable") is None
