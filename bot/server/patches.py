"""Changes to Rasa where it has no seam to extend, for Rasa 3.6.21 only.

Each replaces one function of Rasa's with one that does the same, faster or sooner; they
are applied by the Rasa server's entry point (bot/server/rasa_server.py) and by nothing
else (the action server runs without Rasa). A Rasa upgrade must look at each again, so
they refuse to apply to any other version.

1. Rasa checks every action server response with `jsonschema.validate`, which first
   validates the schema itself against the JSON Schema meta-schema: under load that was a
   third of the Rasa server's time. Here the validator is built once.
2. Rasa waits up to 5 minutes for the action server. A visitor should not: after
   ACTION_SERVER_TIMEOUT_SECONDS the call fails, Rasa logs it and goes on, and the
   visitor keeps whatever the domain's responses already said (FAQ answers, the booking
   link, urgent-care advice need no action server).
3. Rasa finds an event's class by walking every subclass of Event, for every event it
   reads (a conversation from the tracker store, an action server's reply): a fifth of
   reading a conversation back. Here each name's class is looked up once.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, Optional, Type

import jsonschema
import rasa
import rasa.core.actions.action as rasa_actions
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

RASA_VERSION = "3.6.21"  # the version these were written against and tested with
# The booking action asks Cliniko with its own 2.5 s read timeout, which fits inside this.
ACTION_SERVER_TIMEOUT_SECONDS = 5


class UnpatchableRasa(RuntimeError):
    """The installed Rasa is not the one the patches were written for."""


@functools.lru_cache(maxsize=None)
def action_response_validator() -> jsonschema.protocols.Validator:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with the validator built once; same errors."""
    error = jsonschema.exceptions.best_match(action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            "from the Action endpoint is valid."
        )
        raise error
    return True


rasa_resolve_by_type = Event.resolve_by_type
_event_classes: Dict[str, Optional[Type[Event]]] = {}


def resolve_event_type(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Event.resolve_by_type, each name's class remembered; unknown names are not."""
    if type_name not in _event_classes:
        try:
            _event_classes[type_name] = rasa_resolve_by_type(type_name)
        except ValueError:  # unknown: the default, or Rasa's error
            return rasa_resolve_by_type(type_name, default)
    return _event_classes[type_name]


def apply(version: str = rasa.__version__) -> None:
    if version != RASA_VERSION:
        raise UnpatchableRasa(f"bot/server/patches.py was written for Rasa {RASA_VERSION}, not {version}: "
                              "check each patch against the new version before changing RASA_VERSION")
    RemoteAction._validate_action_result = validate_action_result
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = ACTION_SERVER_TIMEOUT_SECONDS
    Event.resolve_by_type = staticmethod(resolve_event_type)
