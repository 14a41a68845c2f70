"""The draft assistant's files: the live server's actions and answers, none of its stores,
Rasa's REST channel alone, and the console's token filled in by Rasa, never written down."""
from __future__ import annotations

import pytest
from rasa.core.utils import AvailableEndpoints

from bot.ops import draft_server
from bot.server.credentials import REST_CHANNEL
from tests.conftest import ROOT

TOKEN = "a-token-only-the-environment-holds"


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(draft_server, "FILES", tmp_path)
    endpoints = draft_server.write("endpoints-5006.yml", draft_server.draft_endpoints(
        draft_server.read(ROOT / "endpoints.production.yml"), "http://127.0.0.1:8090"))
    credentials = draft_server.write("credentials-5006.yml", draft_server.draft_credentials(
        draft_server.read(ROOT / "credentials.yml")))
    return endpoints, credentials


def test_the_draft_assistant_shares_actions_and_answers_but_no_store(files, monkeypatch):
    endpoints, _ = files
    assert TOKEN not in endpoints.read_text()
    monkeypatch.setenv("CONSOLE_MODEL_TOKEN", TOKEN)
    monkeypatch.setenv("ACTION_SERVER_URL", "http://10.0.0.5:5055/webhook")
    read = AvailableEndpoints.read_endpoints(str(endpoints))  # as the Rasa server reads it
    assert read.action.url == "http://10.0.0.5:5055/webhook"
    assert read.nlg.type == "bot.server.nlg.ClinicResponseGenerator"
    assert read.tracker_store is None and read.lock_store is None and read.event_broker is None
    assert read.model.url == "http://127.0.0.1:8090/models/draft"
    assert read.model.headers == {"Authorization": f"Bearer {TOKEN}"}


def test_the_draft_assistant_has_the_rest_channel_alone(files):
    _, credentials = files
    assert list(draft_server.read(credentials)) == [REST_CHANNEL]
    assert draft_server.read(credentials)[REST_CHANNEL] == draft_server.read(ROOT / "credentials.yml")[REST_CHANNEL]


def test_without_the_token_it_says_what_to_set(monkeypatch):
    monkeypatch.delenv("CONSOLE_MODEL_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="Set CONSOLE_MODEL_TOKEN"):
        draft_server.main(["--console", "http://127.0.0.1:8090"])
