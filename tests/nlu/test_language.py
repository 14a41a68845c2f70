"""Messages not in English: detected, answered in their language, never sent to an English topic."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.evaluation.examples import load_training_data
from bot.nlu.language import OtherLanguageDetector
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def detector():
    return OtherLanguageDetector(OtherLanguageDetector.get_default_config())


def language(detector, text):
    return detector.language(Message(data={"text": text}))


@pytest.mark.parametrize("text, code", [
    ("¿Cuánto cuesta una sesión de acupuntura?", "es"),
    ("Bonjour, est-ce que l'acupuncture aide pour le mal de dos ?", "fr"),
    ("Kann Akupunktur bei Rückenschmerzen helfen?", "de"),
    ("针灸治腰痛一般要做几次？", "zh"),
    ("腰痛で初めて鍼を受けたいのですが、痛くないですか？", "ja"),
    ("요통에 침술이 도움이 되나요?", "ko"),
    ("Tôi bị đau lưng, châm cứu có giúp không?", "vi"),
    ("Сколько стоит сеанс?", "ru"),
])
def test_other_languages_are_recognised(detector, text, code):
    assert language(detector, text) == code


@pytest.mark.parametrize("text", [
    "does being overweight cause back pain",  # py3langid alone says German, 0.99999
    "do u do herbs",
    "acupuncture plus conventional medicine",
    "ok", "thx", "???", "free consutation",
])
def test_short_or_odd_english_stays_english(detector, text):
    assert language(detector, text) is None


def test_no_english_training_example_is_taken_for_another_language(detector):
    examples = load_training_data(ROOT).intent_examples
    assert [m.get("text") for m in examples if detector.language(m)] == []


def test_the_message_gets_the_intent_and_the_language_entity(detector):
    [message] = detector.process([Message(data={"text": "Quanto custa uma sessão?"})])
    assert message.get("intent") == {"name": "other_language", "confidence": 1.0}
    assert message.get("entities")[-1]["entity"] == "language" and message.get("entities")[-1]["value"] == "pt"
