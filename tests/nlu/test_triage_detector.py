"""The red-flag rule layer on its own: levels, context, spelling, and look-alikes."""
import pytest

from bot.nlu.triage.concepts import CONCEPTS, IDIOMS
from bot.nlu.triage.context import CONTEXT_TRIGGERS
from bot.nlu.triage.detector import TriageDetector, expand
from bot.nlu.triage.flags import RED_FLAGS, Level

E, U, P = Level.EMERGENCY, Level.URGENT, Level.PROMPT


@pytest.fixture(scope="module")
def detector():
    return TriageDetector()


@pytest.mark.parametrize("text, level, flag", [
    ("I have crushing pressure in my chest and my upper back hurts", E, "chest_pain"),
    ("sudden ripping pain through to my back, like something tore", E, "tearing_pain"),
    ("there's a throbbing lump in my tummy and my back is agony", E, "pulsating_mass"),
    ("I passed out from the pain in my back this morning", E, "collapse"),
    ("I can't breathe properly and my back hurts", E, "breathing_difficulty"),
    ("I'm 25 weeks and bleeding a lot", E, "pregnancy_bleeding"),
    ("my groin has gone numb since my back went", U, "saddle_anaesthesia"),
    ("I can't feel the toilet paper when I wipe", U, "saddle_anaesthesia"),
    ("I can't pee properly since my back went", U, "bladder_bowel"),
    ("I don't know when my bladder is full any more", U, "bladder_bowel"),
    ("since I hurt my back I can't get an erection", U, "sexual_dysfunction"),
    ("both my legs feel weak", U, "leg_weakness"),
    ("both my legs have gone numb", U, "neuro_deficit"),
    ("my left foot has started dragging", U, "neuro_deficit"),
    ("I have a fever and back pain", U, "fever_infection"),
    ("I slipped on the ice three days ago and my back is agony", U, "fracture"),
    ("I'm 79 with thin bones and sat down hard, now my back is really sore", U, "fracture"),
    ("I inject drugs and my back has started hurting", U, "infection_risk"),
    ("I'm 34 weeks with contractions in my back", U, "pregnancy_labour"),
    ("the worst back pain of my life came on an hour ago", U, "severe_sudden"),
    ("I had breast cancer and now my back aches", P, "cancer_history"),
    ("I've lost 8kg without trying and my back aches", P, "weight_loss"),
    ("the pain wakes me up every night", P, "night_pain"),
    ("I'm 67 and my back started hurting for the first time last month", P, "age_onset"),
    ("pain between my shoulder blades for weeks, no idea why", P, "thoracic_pain"),
])
def test_each_red_flag_gets_its_level(detector, text, level, flag):
    triage = detector.triage(text)
    assert triage.level == level and flag in triage.flags, triage


@pytest.mark.parametrize("text", [
    # a negation near a symptom that it does not negate
    "I can't shake this fever and my back hurts",
    "I can't stop wetting myself",
    "my legs gave way without warning",
    "no idea why I've lost 8kg, and my back aches",
    "no fever, no injury, but both buttocks have gone numb",
    # misspelt
    "numbnes in my grion",
    "cant pee and back pain",
    "i have a fevr and my spine hurts",
])
def test_negation_is_scoped_and_misspellings_are_read(detector, text):
    assert detector.triage(text).level is not None


@pytest.mark.parametrize("text", [
    "no fever, no numbness, just a stiff back",
    "I've never lost control of my bladder, it's just ordinary back ache",
    "my bladder and bowels are fine, it's a muscle strain",
    "I was in a car crash 10 years ago, fully recovered, and want acupuncture for stress",
    "had a fever last week with flu, all gone now, my back is stiff from bed",
    "my mum had cancer and I have back pain, can acupuncture help?",
    "my dad fell yesterday, can I still come for my back appointment?",
    "what does numbness in the saddle area mean?",
    "what should I do if I ever lose bladder control?",
    "I fell asleep on the sofa and woke up with a stiff back",
    "do you treat hay fever?",
    "I faint at the sight of needles, will I be OK?",
    "my back is killing me after gardening",
    "I've lost weight on purpose with the gym and my back aches a bit",
    "upper back pain from hunching over my laptop",
    "will acupuncture help a slipped disc?",
    "I fell on Sunday, went to A&E, the x-ray was clear",
])
def test_look_alikes_are_not_red_flags(detector, text):
    triage = detector.triage(text)
    assert triage.level is None, triage


def test_a_red_flag_needs_one_person(detector):
    assert detector.triage("my dad had cancer and my back hurts").level is None
    assert detector.triage("my dad had cancer and now his back hurts").level == P
    assert detector.triage("booking for my nan, she's 84 and hurt her back lifting shopping").level == U


def test_the_most_urgent_flag_wins(detector):
    triage = detector.triage("I had cancer 5 years ago and now both my legs are weak, and chest pain")
    assert triage.level == E
    assert {"cancer_history", "neuro_deficit", "chest_pain"} <= set(triage.flags)


def test_each_mention_says_why_it_does_not_count(detector):
    reasons = {m.concept: m.cancelled for m in detector.triage("no fever; a car crash years ago").mentions}
    assert reasons["fever"] == "negated" and reasons["trauma_major"] == "remote"


def test_every_concept_a_flag_uses_exists_and_every_phrase_compiles(detector):
    used = {c for flag in RED_FLAGS for combination in flag.when for c in combination} | \
        {c for flag in RED_FLAGS for c in flag.unless}
    computed = {"age_under_20", "age_over_50", "age_65_or_over"}
    assert used - computed <= set(CONCEPTS)
    phrases = [p for c in CONCEPTS.values() for p in c.phrases] + list(IDIOMS) + \
        [p for ps in CONTEXT_TRIGGERS.values() for p in ps]
    for phrase in phrases:
        for expanded in expand(phrase):
            detector._pattern(expanded)  # raises on a|b alternatives that are not single words


def test_braces_expand_to_phrases():
    assert expand("can't feel {toilet paper|wipe}") == ["can't feel toilet paper", "can't feel wipe"]


def test_the_developers_red_flag_phrasings_all_reach_their_level(detector):
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.evaluation.heldout import level_of
    from tests.conftest import ROOT

    phrasings = load_data(str(ROOT / "tests" / "nlu" / "red_flag_phrasings.yml")).intent_examples
    missed = [(m.get("text"), m.get("intent")) for m in phrasings
              if (detector.triage(m.get("text")).level or 0) < level_of(m.get("intent"))]
    assert len(phrasings) > 100 and not missed


def test_no_training_example_is_taken_for_a_red_flag(detector):
    from bot.evaluation.examples import load_training_data
    from tests.conftest import ROOT

    flagged = [(m.get("text"), detector.triage(m.get("text")).flags) for m in load_training_data(ROOT).intent_examples]
    assert [f for f in flagged if f[1]] == []


def test_the_red_flag_page_lists_every_red_flag_as_the_code_has_it():
    from bot.nlu.triage import docs

    assert docs.main(["--check"]) == 0, "run python -m bot.nlu.triage.docs"
    page = docs.PAGE.read_text()
    assert all(f"`{flag.name}`" in page for flag in RED_FLAGS)


@pytest.mark.parametrize("text", [
    "Just filling in the health questions: HIV - no, immunosuppressants - no, injecting drugs - no. Back pain from painting.",
    "I used to inject drugs but I've been clean for 12 years, my back is sore from a new job",
    "legs heavy and tired after the half marathon, back a bit tight",
    "I lost a bit of weight when I had norovirus last month and gained it back, back sore from driving",
    "What is cauda equina and how would I know if I had it?",
])
def test_screening_answers_past_risks_exertion_and_explained_losses_are_look_alikes(detector, text):
    assert detector.triage(text).level is None


def test_legs_numb_after_exertion_are_still_a_red_flag(detector):
    assert detector.triage("after my run both legs went numb").level == U
