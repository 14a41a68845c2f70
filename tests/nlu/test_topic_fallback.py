from rasa.shared.nlu.training_data.message import Message

from bot.nlu.topic_fallback import TopicFallback


def parsed(intent, topic_confidence):
    message = Message(data={"text": "..."})
    message.set("intent", {"name": intent, "confidence": 0.95}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": 0.95}], add_to_output=True)
    message.set("response_selector", {"faq": {"response": {
        "intent_response_key": "faq/safety", "confidence": topic_confidence}}}, add_to_output=True)
    return message


def run(message, threshold=0.6):
    return TopicFallback({"retrieval_intent": "faq", "threshold": threshold}).process([message])[0]


def test_an_unclear_topic_falls_back():
    message = run(parsed("faq", 0.4))
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert message.get("intent_ranking")[1]["name"] == "faq"


def test_a_clear_topic_is_answered():
    assert run(parsed("faq", 0.8)).get("intent")["name"] == "faq"


def test_other_intents_are_not_affected():
    assert run(parsed("book_appointment", 0.1)).get("intent")["name"] == "book_appointment"
