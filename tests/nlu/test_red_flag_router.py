from rasa.shared.nlu.training_data.message import Message

from bot.nlu.red_flag_router import RedFlagRouter


def classified(text, intent, confidence):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": intent, "confidence": confidence},
                                   {"name": "urgent_symptoms", "confidence": 0.01}], add_to_output=True)
    return message


def route(message):
    return RedFlagRouter(RedFlagRouter.get_default_config()).process([message])[0]


def test_a_red_flag_overrides_an_faq_prediction():
    message = route(classified("I can't control my bladder, how many sessions?", "faq", 0.97))
    assert message.get("intent") == {"name": "urgent_symptoms", "confidence": 1.0}
    assert message.get("red_flags") == ["bladder_or_bowel_control"]
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "urgent_symptoms"
    assert [r["name"] for r in ranking].count("urgent_symptoms") == 1


def test_a_red_flag_overrides_a_fallback():
    message = route(classified("numb grion... numb groin", "nlu_fallback", 0.5))
    assert message.get("intent")["name"] == "urgent_symptoms"


def test_other_messages_are_left_alone():
    message = route(classified("is acupuncture safe?", "faq", 0.9))
    assert message.get("intent") == {"name": "faq", "confidence": 0.9}
    assert message.get("red_flags") is None


def test_the_flags_are_part_of_the_parse_result():
    message = route(classified("I have a fever", "faq", 0.6))
    assert "red_flags" in message.as_dict_nlu()
