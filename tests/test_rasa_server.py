from pathlib import Path

import pytest
import yaml
import rasa.core.actions.action as rasa_actions
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_server import ACTION_SERVER_TIMEOUT_SECONDS, apply_fixes, with_configured_channels

VALID = {"events": [{"event": "slot", "name": "disclaimer_shown", "value": True}],
         "responses": [{"response": "utter_medical_disclaimer"}]}


@pytest.fixture
def action(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(rasa_actions, "DEFAULT_REQUEST_TIMEOUT", rasa_actions.DEFAULT_REQUEST_TIMEOUT)
    apply_fixes()
    return RemoteAction("action_medical_disclaimer", None)


def test_action_server_responses_are_checked_as_rasa_checks_them(action):
    assert action._validate_action_result(VALID)
    assert action._validate_action_result({})
    for invalid in ({"events": [{"event": "no_such_event"}]}, {"responses": "not a list"}, {"events": {}}):
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(invalid)


def test_the_action_server_gets_seconds_not_minutes(action):
    assert rasa_actions.DEFAULT_REQUEST_TIMEOUT == ACTION_SERVER_TIMEOUT_SECONDS <= 10


def test_channels_missing_their_variables_are_left_off(tmp_path, monkeypatch):
    credentials = tmp_path / "credentials.yml"
    credentials.write_text("rest:\nbot.channels.telegram.TelegramChannel:\n  access_token: ${TELEGRAM_ACCESS_TOKEN}\n")
    monkeypatch.delenv("TELEGRAM_ACCESS_TOKEN", raising=False)
    argv = with_configured_channels(["rasa", "run", "--credentials", str(credentials), "--port", "5005"])
    assert argv[:3] == ["rasa", "run", "--credentials"] and argv[4:] == ["--port", "5005"]
    assert yaml.safe_load(Path(argv[3]).read_text()) == {"rest": None}
    assert with_configured_channels(["rasa", "run"]) == ["rasa", "run"]
