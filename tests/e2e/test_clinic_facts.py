"""A clinic fills in clinic.yml and the running assistant says its facts: no retraining,
no other file touched. Until then it says "our team can tell you" (the default servers)."""
import uuid

import pytest
import yaml

from bot.ops.serve import Servers, free_port
from tests.conftest import ARTIFACTS, ROOT
from tests.e2e.chat import say

FACTS = {
    "prices": "A first visit is $95 and follow-ups are $75.",
    "insurance": "We give you a superbill to claim with your insurer.",
    "cancellation_policy": "Please give us 24 hours' notice to cancel.",
    "parking": "Park free behind the building.",
}
QUESTIONS = {
    "prices": "how much does a session cost?",
    "insurance": "do you take insurance?",
    "cancellation_policy": "what is your cancellation policy?",
    "parking": "is there parking at the clinic?",
}


def texts(replies):
    return "\n".join(reply.get("text", "") for reply in replies)


@pytest.fixture(scope="module")
def servers_with_facts(model, tmp_path_factory):
    directory = tmp_path_factory.mktemp("clinic")
    settings = directory / "clinic.yml"
    settings.write_text(yaml.safe_dump({**yaml.safe_load((ROOT / "clinic.yml").read_text()), **FACTS}))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLINIC_SETTINGS", str(settings))  # the server processes inherit it
        running = Servers(model, free_port(), free_port(), log_dir=ARTIFACTS / "e2e-logs-facts",
                          tracker_db=directory / "conversations.db")
        running.start()
    yield running
    running.stop()


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_the_clinics_own_facts_are_answered(servers_with_facts, fact):
    reply = texts(say(servers_with_facts, QUESTIONS[fact], uuid.uuid4().hex))
    assert FACTS[fact] in reply and "not medical advice" not in reply


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_without_the_facts_the_assistant_says_whom_to_ask(servers, fact):
    clinic = yaml.safe_load((ROOT / "clinic.yml").read_text())
    reply = texts(say(servers, QUESTIONS[fact], uuid.uuid4().hex))
    assert FACTS[fact] not in reply and clinic["phone"] in reply
