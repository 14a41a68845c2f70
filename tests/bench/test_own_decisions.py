from bot.bench.nlu import REJECTED, AssistantPrediction, Thresholds, choose_thresholds
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
    red_flag = parse([("urgent_symptoms", 1.0), ("faq", 0.9), ("greet", 0.05)], red_flags=["fever"])
    assert AssistantPrediction.from_parse(red_flag).intent == Prediction("faq", 0.9)
    assert AssistantPrediction.from_parse(red_flag).decide(THRESHOLDS) == "urgent_symptoms"
    assert decide([("nlu_fallback", 1.0), ("faq", 0.9)], ("faq/safety", 0.9), unreadable=True) == REJECTED


def test_thresholds_within_noise_of_the_best_go_to_the_most_cautious_pair():
    grid = {Thresholds(0.1, 0.1, 0.1): {"mcc": 0.860}, Thresholds(0.2, 0.3, 0.1): {"mcc": 0.857},
            Thresholds(0.5, 0.5, 0.1): {"mcc": 0.800}}
    assert choose_thresholds(grid) == Thresholds(0.2, 0.3, 0.1)
    grid[Thresholds(0.1, 0.1, 0.1)] = {"mcc": 0.870}
    assert choose_thresholds(grid) == Thresholds(0.1, 0.1, 0.1)
