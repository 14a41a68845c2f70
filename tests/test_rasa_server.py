import pytest
import rasa.core.actions.action as rasa_actions
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_server import ACTION_SERVER_TIMEOUT_SECONDS, apply_fixes

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
