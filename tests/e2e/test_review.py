"""The review loop end to end: real conversations with the running assistant land in its
SQLite tracker store; `bot review` lists the unsure ones, masked and grouped; accepting
one writes it into the topic's file, as `bot faq example` does."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.staff.cli import app
from bot.staff.content.review import ConversationReview
from bot.staff.content.topics import FaqContent
from tests.e2e.chat import say

UNSURE = {
    "is needling any use for a sore heel? call me on 07700 900123":
        "is needling any use for a sore heel? call me on <phone>",
    "would needling do anything for my stiff neck, email jane.doe@example.org":
        "would needling do anything for my stiff neck, email <email>",
    "snorf plix wubble": "snorf plix wubble",
}


def bot(project: Path, *args: str):
    return CliRunner().invoke(app, ["review", "--project", str(project), *args])


@pytest.fixture(scope="module")
def conversations(servers) -> None:
    """Visitors asked a confident question, the unsure ones, and one of them twice."""
    for text in ["Is acupuncture good for back pain?", *UNSURE, "snorf  PLIX wubble!"]:
        say(servers, text, sender=uuid.uuid4().hex)
    say(servers, "/book_appointment")  # a button's payload is the visitor's choice, not a question


@pytest.fixture
def reviewed_project(project, tracker_db, conversations) -> Path:
    """A project copy whose endpoints.yml reads the running servers' tracker store."""
    endpoints = yaml.safe_load((project / "endpoints.yml").read_text())
    endpoints["tracker_store"]["db"] = str(tracker_db)
    (project / "endpoints.yml").write_text(yaml.safe_dump(endpoints))
    return project


def test_unsure_messages_are_listed_masked_by_likely_topic(reviewed_project):
    listed = bot(reviewed_project)
    assert listed.exit_code == 0, listed.output
    for masked in UNSURE.values():
        assert repr(masked) in listed.output
    assert "07700" not in listed.output and "jane.doe" not in listed.output
    assert "Is acupuncture good for back pain?" not in listed.output
    assert "'/book_appointment'" not in listed.output  # a button's payload is no question
    assert "asked 2 times" in listed.output
    pending = {c.text: c for c in ConversationReview(reviewed_project).pending()}
    assert pending[UNSURE["snorf plix wubble"]].fell_back


def test_accepting_a_message_adds_it_masked_to_a_topic_and_ignoring_hides_it(reviewed_project):
    pending = {c.text: c for c in ConversationReview(reviewed_project).pending()}
    heel = pending[UNSURE["is needling any use for a sore heel? call me on 07700 900123"]]
    gibberish = pending[UNSURE["snorf plix wubble"]]

    accepted = bot(reviewed_project, "accept", heel.id, "--topic", "conditions_treated")
    assert accepted.exit_code == 0, accepted.output
    assert heel.text in FaqContent(reviewed_project).topics()["conditions_treated"].examples
    assert (reviewed_project / "data/faq/conditions_treated.yml").read_text().endswith(f"    - {heel.text}\n")

    assert bot(reviewed_project, "ignore", gibberish.id).exit_code == 0
    listed = bot(reviewed_project).output
    assert heel.text not in listed and gibberish.text not in listed
    assert "07700" not in (reviewed_project / "review-decisions.json").read_text()


def test_accepting_needs_an_faq_topic_and_a_pending_message(reviewed_project):
    pending = {c.text: c for c in ConversationReview(reviewed_project).pending()}
    gibberish = pending[UNSURE["snorf plix wubble"]]
    if not gibberish.likely.startswith("faq/"):
        refused = bot(reviewed_project, "accept", gibberish.id)
        assert refused.exit_code == 1 and "--topic" in refused.output
    unknown = bot(reviewed_project, "accept", "0000000000", "--topic", "safety")
    assert unknown.exit_code == 1 and "no message '0000000000' is waiting for review" in unknown.output
    bad_topic = bot(reviewed_project, "accept", gibberish.id, "--topic", "no_such_topic")
    assert bad_topic.exit_code == 1 and "there is no topic 'no_such_topic'" in bad_topic.output
