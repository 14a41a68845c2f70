from actions.fallback import ActionFallbackSuggestions, consecutive_fallbacks
from tests.actions.conftest import faq_message, run, tracker


def user(intent):
    return {"event": "user", "text": "...", "parse_data": {"intent": {"name": intent}}}


BOT = {"event": "bot", "text": "..."}


def test_suggests_the_likeliest_topics_by_their_questions(clinic_file, domain):
    latest = {**faq_message("safety", ["safety", "number_of_sessions", "herniated_disc", "practitioners"]),
              "intent": {"name": "nlu_fallback"}}
    [message], _ = run(ActionFallbackSuggestions(),
                       tracker(latest, events=[user("nlu_fallback")]), domain)
    assert message["response"] == "utter_fallback_suggestions"
    assert [b["payload"] for b in message["buttons"]] == [
        "Is acupuncture safe?",
        "How many sessions will I need?",
        "Can acupuncture help a herniated disc?",
    ]
    assert all(b["title"] == b["payload"] for b in message["buttons"])


def test_without_a_ranking_it_still_answers(clinic_file, domain):
    [message], _ = run(ActionFallbackSuggestions(),
                       tracker({"intent": {"name": "nlu_fallback"}}, events=[user("nlu_fallback")]),
                       domain)
    assert message["response"] == "utter_fallback_suggestions"
    assert message["buttons"] == []


def test_a_second_failure_in_a_row_hands_off(clinic_file, domain):
    events = [user("nlu_fallback"), BOT, user("nlu_fallback")]
    [message], _ = run(ActionFallbackSuggestions(),
                       tracker({"intent": {"name": "nlu_fallback"}}, events=events), domain)
    assert message["response"] == "utter_handoff"


def test_failures_separated_by_an_understood_message_do_not_add_up():
    events = [user("nlu_fallback"), BOT, user("greet"), BOT, user("nlu_fallback")]
    assert consecutive_fallbacks(tracker(events=events)) == 1
    assert consecutive_fallbacks(tracker(events=[user("nlu_fallback"), BOT, user("nlu_fallback"), BOT])) == 2
    assert consecutive_fallbacks(tracker(events=[])) == 0
