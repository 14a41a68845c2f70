"""The red-flag rules on many phrasings: what must be caught, and what must not."""
import pytest

from bot.nlu.red_flags import CONCEPTS, RED_FLAGS, RedFlagDetector


@pytest.fixture(scope="module")
def detect():
    return RedFlagDetector().detect


CAUGHT = {
    "saddle_numbness": [
        "my groin is numb",
        "I can't feel my groin",
        "I can’t feel my groin at all",  # curly apostrophe
        "I cannot feel anything between my legs",
        "numbness in my inner thighs and bottom",
        "tingling around my genitals since this morning",
        "pins and needles in my private parts",
        "My saddle area has gone NUMB",
        "could this be saddle anaesthesia?",
        "worried about cauda equina",
        "lost feeling in my buttocks",
    ],
    "bladder_or_bowel_control": [
        "I've lost control of my bladder",
        "can't control my bowels anymore",
        "I cannot hold my urine",
        "I wet myself this morning",
        "I can't pee since my back went",
        "unable to urinate and my back hurts",
        "I'm incontinent since the injury",
        "I pooped myself and my back is agony",
        "leaking urine and back pain",
        "I keep peeing myself",
    ],
    "progressive_leg_weakness": [
        "my legs are getting weaker",
        "my left leg keeps giving way",
        "my knee buckles when I walk",
        "I have foot drop",
        "I'm dragging my right foot",
        "I can't lift my foot properly",
        "my legs gave way and I collapsed",
        "losing strength in my legs",
        "the weakness in my legs is getting worse",
        "suddenly my legs feel weak",
    ],
    "fever": [
        "I have a fever and back pain",
        "back pain with a high temperature",
        "I'm feverish and my spine aches",
        "chills and lower back pain",
    ],
    "recent_trauma": [
        "I fell off a ladder today",
        "I had a bad fall yesterday and my back hurts",
        "car crash this morning, back is sore",
        "I was hit by a car an hour ago",
        "I just fell down the stairs",
    ],
    "cancer_history": [
        "I had breast cancer and now my back hurts",
        "history of cancer and new back pain",
        "I'm on chemo and my back aches",
        "my prostate cancer is in remission but my back hurts",
        "I was diagnosed with lymphoma last year",
    ],
    "unexplained_weight_loss": [
        "I've lost weight without trying",
        "losing weight for no reason and my back aches",
        "unexplained weight loss",
        "I lost a lot of weight and I don't know why",
    ],
    "pain_with_vomiting": [
        "severe back pain and vomiting",
        "my back hurts so much I threw up",
        "I keep throwing up and my lower back is in agony",
    ],
    "sudden_or_worsening_severe_pain": [
        "suddenly I have excruciating pain in my lower back",
        "this is the worst pain I've ever had and it came on all of a sudden",
        "the pain is unbearable and it's getting worse",
    ],
    "chest_pain": [
        "chest pain spreading to my back",
        "I have a pain in my chest",
        "my chest is tight and my upper back hurts",
    ],
    "breathing_difficulty": [
        "I can't breathe properly",
        "short of breath with back pain",
        "I'm struggling to breathe",
    ],
}

NOT_CAUGHT = [
    "Is acupuncture good for back pain?",
    "How many sessions will I need?",
    "Can acupuncture help sciatica?",
    "I was in a car accident last year and my back still hurts, can you help?",
    "Can cancer cause back pain?",
    "Does acupuncture help cancer patients?",
    "What are the warning signs that I should see a doctor?",
    "Is it normal to feel tingling during treatment?",
    "I feel cold and my knees are weak, is that kidney yang deficiency?",
    "Can acupuncture help me lose weight?",
    "my back pain is making me miserable",
    "I have no numbness and no fever, just stiffness",
    "I don't have a fever",
    "I haven't lost control of my bladder, it's just a dull ache",
    "I've never had cancer",
    "no tingling, no weakness, only pain when I sit",
    "Is strength training good for my back?",
    "what exercises help back pain",
    "I hurt my back lifting a box on Monday",
    "weak knees and night sweats, what does TCM say?",
    "my back pain is getting worse, how many sessions do I need?",
    "my back pain is unbearable, can acupuncture help?",
    "I had a sudden twinge in my back while lifting",
]


@pytest.mark.parametrize(
    "flag, text", [(flag, text) for flag, texts in CAUGHT.items() for text in texts]
)
def test_red_flag_is_caught(detect, flag, text):
    assert flag in detect(text)


@pytest.mark.parametrize("text", NOT_CAUGHT)
def test_everyday_questions_and_negations_are_not_red_flags(detect, text):
    assert detect(text) == []


def test_a_negation_only_covers_its_own_clause(detect):
    assert detect("no fever, but I can't control my bladder") == ["bladder_or_bowel_control"]


def test_every_red_flag_is_tested_and_every_concept_is_used():
    assert set(CAUGHT) == set(RED_FLAGS)
    used = {concept for alternatives in RED_FLAGS.values() for combo in alternatives for concept in combo}
    assert used == set(CONCEPTS)
