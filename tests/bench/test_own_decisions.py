from bot.bench.nlu import REJECTED, AssistantPrediction, Thresholds, choose_thresholds, own_right
from bot.bench.scoring import Prediction

THRESHOLDS = Thresholds(intent=0.5, topic=0.4, ambiguity=0.1)


def parse(intents, topic=None, **extra):
    return {
        "intent_ranking": [{"name": name, "confidence": confidence} for name, confidence in intents],
        "response_selector": {"faq": {"response": {"intent_response_key": topic[0], "confidence": topic[1]}}}
        if topic else {},
        **extra,
    }


def decide(*args, **kwargs):
    return AssistantPrediction.from_parse(parse(*args, **kwargs)).decide(THRESHOLDS)


def test_a_confident_faq_gets_its_topic():
    assert decide([("faq", 0.9), ("greet", 0.05)], ("faq/safety", 0.7)) == "faq/safety"


def test_an_unclear_topic_is_declined():
    assert decide([("faq", 0.9), ("greet", 0.05)], ("faq/safety", 0.3)) == REJECTED


def test_low_or_ambiguous_intents_are_declined_as_the_fallback_classifier_would():
    assert decide([("greet", 0.45), ("faq", 0.1)]) == REJECTED
    assert decide([("greet", 0.52), ("goodbye", 0.45)]) == REJECTED
    assert decide([("greet", 0.6), ("goodbye", 0.3)]) == "greet"


def test_rule_components_outrank_the_classifier():
    # Rules put their own intent on top; the classifier's runner-up is what is measured.
    red_flag = parse([("red_flag_urgent", 1.0), ("faq", 0.9), ("greet", 0.05)], intent={"name": "red_flag_urgent"})
    assert AssistantPrediction.from_parse(red_flag).intent == Prediction("faq", 0.9)
    assert AssistantPrediction.from_parse(red_flag).decide(THRESHOLDS) == "red_flag_urgent"
    other_language = parse([("other_language", 1.0), ("faq", 0.9)], intent={"name": "other_language"})
    assert AssistantPrediction.from_parse(other_language).decide(THRESHOLDS) == "other_language"
    assert decide([("nlu_fallback", 1.0), ("faq", 0.9)], ("faq/safety", 0.9), unreadable=True) == REJECTED


def test_questions_without_an_answer_are_declined_like_unrelated_ones():
    assert decide([("not_covered", 0.9), ("faq", 0.05)]) == REJECTED
    assert decide([("out_of_scope", 0.9), ("faq", 0.05)]) == REJECTED


def test_a_red_flag_is_right_at_its_level_or_a_more_urgent_one():
    assert own_right("red_flag_urgent", "red_flag_emergency")
    assert not own_right("red_flag_urgent", "red_flag_prompt")
    assert own_right("faq/safety", "faq/safety") and not own_right("faq/safety", "faq/prices")


def scores(wrong, declined):
    return {"confidently_wrong": wrong, "answerable_declined": declined}


def test_thresholds_cost_a_wrong_answer_three_declines_and_noise_goes_to_the_cautious_side():
    grid = {Thresholds(0.1, 0.1, 0.1): scores(0.040, 0.010),   # cost 0.130
            Thresholds(0.2, 0.3, 0.1): scores(0.030, 0.041),   # cost 0.131, within noise
            Thresholds(0.5, 0.5, 0.1): scores(0.010, 0.150)}   # cost 0.180
    assert choose_thresholds(grid) == Thresholds(0.2, 0.3, 0.1)
    grid[Thresholds(0.1, 0.1, 0.1)] = scores(0.030, 0.010)   # cost 0.100: clearly cheaper
    assert choose_thresholds(grid) == Thresholds(0.1, 0.1, 0.1)
