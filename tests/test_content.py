"""The FAQ content contract: topics, buttons and held-out data. What staff can break
(duplicates, answers, sources, links) is `bot check`, tested in tests/content/."""
from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Set

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from bot.contract import MIN_EXAMPLES_PER_TOPIC, normalise
from bot.evaluation.examples import load_training_data
from tests.conftest import HELDOUT, ROOT

# The topic names are a contract that evaluation and reporting rely on.
TOPICS = {
    # back pain and acupuncture, from the documents
    "acupuncture_for_back_pain", "how_acupuncture_works", "number_of_sessions",
    "conditions_treated", "causes_of_back_pain", "acute_vs_chronic", "other_treatments",
    "self_care", "safety", "with_conventional_care", "research_evidence", "herniated_disc",
    "tcm_organ_patterns", "chronic_pain_effects", "what_is_acupuncture", "see_a_doctor_first",
    # the clinic itself, from clinic.yml
    "free_consultation", "practitioners", "prices", "payment_methods", "insurance",
    "session_length", "cancellation_policy", "getting_here", "preparing_for_a_visit",
    "languages_spoken", "gift_vouchers",
    # general practice, for the clinic to confirm
    "needles", "does_it_hurt", "after_treatment",
    # precautions, and what the documents do not cover
    "precautions", "other_conditions",
}

DOCUMENTS = ROOT.parent / "shared" / "documents"
COPIED_WORDS = 6  # a run this long shared with a source document counts as copied


@pytest.fixture(scope="module")
def training():
    return load_training_data(ROOT)


@pytest.fixture(scope="module")
def answers(training) -> Dict[str, dict]:
    return {name.split("/", 1)[1]: variations[0] for name, variations in training.responses.items()}


def examples_by_label(data) -> Dict[str, List[str]]:
    grouped = defaultdict(list)
    for message in data.intent_examples:
        grouped[message.get_full_intent()].append(message.get("text"))
    return grouped


def test_every_topic_has_examples_and_one_answer(training, answers):
    topics = {label.split("/", 1)[1] for label in examples_by_label(training) if label.startswith("faq/")}
    assert topics == TOPICS
    assert set(answers) == TOPICS


def test_every_topic_has_enough_examples(training):
    counts = {label: len(texts) for label, texts in examples_by_label(training).items()}
    thin = {topic: counts[f"faq/{topic}"] for topic in TOPICS if counts[f"faq/{topic}"] < MIN_EXAMPLES_PER_TOPIC}
    assert not thin, f"topics with fewer than {MIN_EXAMPLES_PER_TOPIC} examples: {thin}"


def button_payloads(training) -> List[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
    return [button["payload"]
            for variations in [*domain.values(), *training.responses.values()]
            for variation in variations
            for button in variation.get("buttons", []) if "payload" in button]


def test_button_payloads_are_intents_or_known_questions(training):
    domain_intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    examples = {text for texts in examples_by_label(training).values() for text in texts}
    for payload in button_payloads(training):
        if payload.startswith("/"):
            assert payload[1:] in domain_intents, payload
        else:
            assert payload in examples, f"button payload {payload!r} is not a training example"


def test_heldout_questions_are_not_in_training(training):
    trained: Set[str] = {normalise(m.get("text")) for m in training.intent_examples}
    heldout = [m.get("text") for m in load_data(str(HELDOUT)).intent_examples]
    leaked = [text for text in heldout if normalise(text) in trained]
    assert not leaked


def word_runs(text: str, length: int) -> Set[tuple]:
    words = normalise(text).split()
    return {tuple(words[i:i + length]) for i in range(len(words) - length + 1)}


@pytest.mark.skipif(not DOCUMENTS.is_dir(), reason="the source documents are not beside the project")
def test_answers_are_in_our_own_words(answers):
    source_runs = set()
    for document in DOCUMENTS.glob("*.txt"):
        source_runs |= word_runs(document.read_text(), COPIED_WORDS)
    for topic, answer in answers.items():
        copied = word_runs(answer["text"], COPIED_WORDS) & source_runs
        assert not copied, f"{topic} repeats the source: {[' '.join(run) for run in copied]}"
