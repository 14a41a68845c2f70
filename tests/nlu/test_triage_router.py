"""The triage router in the pipeline: the rule layer's level, the last word."""
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.triage.router import TriageRouter


def classified(text, intent="faq", confidence=0.9):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": confidence}], add_to_output=True)
    return message


def route(message):
    return TriageRouter().process([message])[0]


def test_a_red_flag_overrides_an_faq_prediction_and_keeps_the_ranking_below():
    result = route(classified("I can't control my bladder, how many sessions?"))
    assert result.get("intent") == {"name": "red_flag_urgent", "confidence": 1.0}
    assert result.get("triage") == {"level": "urgent", "flags": ["bladder_bowel"]}
    assert [r["name"] for r in result.get("intent_ranking")] == ["red_flag_urgent", "faq"]


def test_a_red_flag_overrides_a_fallback_and_a_misspelling_is_read():
    assert route(classified("numb grion... numb groin", "nlu_fallback", 1.0)).get("intent")["name"] == "red_flag_urgent"


def test_each_level_has_its_intent():
    assert route(classified("crushing chest pain")).get("intent")["name"] == "red_flag_emergency"
    assert route(classified("I had cancer and my back aches")).get("intent")["name"] == "red_flag_prompt"


def test_other_messages_are_left_alone():
    result = route(classified("no fever, no numbness: is acupuncture safe?"))
    assert result.get("intent") == {"name": "faq", "confidence": 0.9}
    assert result.get("triage") is None
    assert "triage" not in result.as_dict_nlu()
