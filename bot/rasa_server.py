"""Rasa's own command line, with two fixes to how Rasa 3.6 calls the action server.

`bot.serve` starts the Rasa server through this module (`python -m bot.rasa_server run ...`).

1. Rasa checks every action server response with `jsonschema.validate`, which first
   validates the schema itself against the JSON Schema meta-schema: under load that was a
   third of the Rasa server's time. Here the validator is built once.
2. Rasa waits up to 5 minutes for the action server. A visitor should not: after
   ACTION_SERVER_TIMEOUT_SECONDS the call fails, Rasa logs it and goes on, and the
   visitor keeps whatever the domain's responses already said (FAQ answers, the booking
   link, urgent-care advice need no action server).
"""
from __future__ import annotations

import functools
from typing import Any, Dict

import jsonschema
import rasa.core.actions.action as rasa_actions
from rasa.__main__ import main as rasa_main
from rasa.core.actions.action import RemoteAction

# The booking action asks Cliniko with its own 2.5 s read timeout, which fits inside this.
ACTION_SERVER_TIMEOUT_SECONDS = 5


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


def apply_fixes() -> None:
    RemoteAction._validate_action_result = validate_action_result
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = ACTION_SERVER_TIMEOUT_SECONDS


if __name__ == "__main__":
    apply_fixes()
    rasa_main()
