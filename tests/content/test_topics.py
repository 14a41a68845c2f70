import pytest

from bot.staff.content.topics import ContentError, FaqContent, parse_examples
from tests.conftest import ROOT


def test_reads_every_topic_with_its_examples_and_answer():
    topics = FaqContent(ROOT).topics()
    assert len(topics) == len(list((ROOT / "data" / "faq").glob("*.yml"))) == 32
    safety = topics["safety"]
    assert "Is acupuncture safe?" in safety.examples
    assert safety.answer["metadata"]["question"] in safety.examples


def test_adding_an_example_changes_only_that_line(project):
    path = project / "data/faq/safety.yml"
    before = path.read_text()
    FaqContent(project).add_example("safety", "  is dry   needling safe? ")
    assert path.read_text() == before + "    - is dry needling safe?\n"
    assert "is dry needling safe?" in FaqContent(project).topics()["safety"].examples


def test_a_new_topic_is_one_file_with_its_answer_and_first_question(project):
    path = FaqContent(project).add_topic("dry_needling", "What is dry needling?", "An answer.", ["004: a fact"])
    assert path == project / "data/faq/dry_needling.yml"
    assert path.read_text() == (
        'version: "3.1"\nresponses:\n  utter_faq/dry_needling:\n  - text: An answer.\n    metadata:\n'
        '      question: What is dry needling?\n      sources:\n      - "004: a fact"\n'
        "nlu:\n- intent: faq/dry_needling\n  examples: |\n    - What is dry needling?\n")
    topic = FaqContent(project).topics()["dry_needling"]
    assert topic.examples == ["What is dry needling?"] and topic.answer_text == "An answer."


@pytest.mark.parametrize("topic, question, message", [
    ("nonexistent", "a question", "there is no topic"),
    ("safety", "IS ACUPUNCTURE SAFE", "already an example of topic 'safety'"),
    ("safety", "how many sessions will I need?", "already an example of topic 'number_of_sessions'"),
    ("safety", " ?! ", "the question is empty"),
    ("safety", "/greet", "cannot start with"),
])
def test_bad_examples_are_refused_and_nothing_is_written(project, topic, question, message):
    before = (project / "data/faq/safety.yml").read_text()
    with pytest.raises(ContentError, match=message):
        FaqContent(project).add_example(topic, question)
    assert (project / "data/faq/safety.yml").read_text() == before


@pytest.mark.parametrize("topic, sources, message", [
    ("Dry Needling", ["004: x"], "lower-case"),
    ("safety", ["004: x"], "already exists"),
    ("dry_needling", [], "source"),
    ("dry_needling", ["the internet"], "source"),
    ("dry_needling", ["099: a document nobody listed"], "no document 099 in docs/sources.md"),
    ("dry_needling", ["clinic: opening_times"], "clinic.yml has no setting 'opening_times'"),
])
def test_bad_topics_are_refused(project, topic, sources, message):
    with pytest.raises(ContentError, match=message):
        FaqContent(project).add_topic(topic, "What is dry needling?", "An answer.", sources)
    assert not (project / "data/faq/dry_needling.yml").exists()


def test_examples_block_parsing():
    assert parse_examples("- one\n- two?\n\n  - three\nnot an example\n") == ["one", "two?", "three"]


def test_an_answer_may_rest_on_the_clinic_or_on_a_document_the_clinic_added(project):
    content = FaqContent(project)
    content.add_topic("parking_rules", "Where do I park?", "In the car park.", ["clinic: parking"])
    sources = project / "docs" / "sources.md"
    sources.write_text(sources.read_text().replace("| 013 |", "| 014 | <https://clinic.example/faq> | Our FAQ | parking |\n| 013 |"))
    path = content.add_topic("late_arrival", "What if I'm late?", "We shorten the visit.", ["014: late arrivals"])
    assert '"014: late arrivals"' in path.read_text()
