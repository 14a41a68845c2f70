import jsonschema
import pytest
import rasa.core.actions.action as rasa_actions
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.server import patches
from bot.server.patches import (
    ACTION_SERVER_TIMEOUT_SECONDS,
    UnpatchableRasa,
    action_response_validator,
    rasa_resolve_by_type,
    resolve_event_type,
)

VALID = {"events": [{"event": "slot", "name": "language", "value": "es"}],
         "responses": [{"response": "utter_booking_times", "times": "Tuesday 9am"}]}


@pytest.fixture
def action(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(rasa_actions, "DEFAULT_REQUEST_TIMEOUT", rasa_actions.DEFAULT_REQUEST_TIMEOUT)
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])  # the staticmethod itself
    patches.apply()
    return RemoteAction("action_offer_booking", None)


def test_action_server_responses_are_checked_as_rasa_checks_them_with_the_schema_checked_once(action, monkeypatch):
    schema_checks = []
    check_schema = jsonschema.validators.Draft202012Validator.check_schema.__func__
    for validator in set(jsonschema.validators._VALIDATORS.values()):
        monkeypatch.setattr(validator, "check_schema",
                            classmethod(lambda cls, schema: schema_checks.append(cls) or check_schema(cls, schema)))
    action_response_validator.cache_clear()
    for _ in range(3):
        assert action._validate_action_result(VALID)
    assert len(schema_checks) == 1  # Rasa's own jsonschema.validate checks the schema on every call
    assert action._validate_action_result(VALID)
    assert action._validate_action_result({})
    for invalid in ({"events": [{"event": "no_such_event"}]}, {"responses": "not a list"}, {"events": {}}):
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(invalid)


def test_the_action_server_gets_seconds_not_minutes(action):
    assert rasa_actions.DEFAULT_REQUEST_TIMEOUT == ACTION_SERVER_TIMEOUT_SECONDS <= 10


def test_event_classes_are_found_as_rasa_finds_them():
    for event_class in all_subclasses(Event):
        assert resolve_event_type(event_class.type_name) is rasa_resolve_by_type(event_class.type_name)
    assert resolve_event_type("topic") is None  # Rasa's old TopicSet events
    assert resolve_event_type("no_such_event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        resolve_event_type("no_such_event")


def test_the_patches_refuse_another_rasa(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    before = RemoteAction._validate_action_result
    with pytest.raises(UnpatchableRasa, match="written for Rasa 3.6.21, not 3.7.0"):
        patches.apply("3.7.0")
    assert RemoteAction._validate_action_result is before
