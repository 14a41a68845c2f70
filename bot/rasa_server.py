"""Rasa's own command line, with fixes for running the assistant's servers.

`bot.serve`, `bot.cluster` and the container image start the Rasa server through this
module (`python -m bot.rasa_server run ...`); the action server runs without Rasa
(`bot.action_server`).

1. Rasa checks every action server response with `jsonschema.validate`, which first
   validates the schema itself against the JSON Schema meta-schema: under load that was a
   third of the Rasa server's time. Here the validator is built once.
2. Rasa waits up to 5 minutes for the action server. A visitor should not: after
   ACTION_SERVER_TIMEOUT_SECONDS the call fails, Rasa logs it and goes on, and the
   visitor keeps whatever the domain's responses already said (FAQ answers, the booking
   link, urgent-care advice need no action server).
3. Rasa refuses to start when a channel in the credentials file names an unset
   ${VARIABLE}. Here such channels are left off, so a clinic sets the variables of the
   channels it uses and no others.
4. Phone numbers and emails are masked in every line the server logs (bot.privacy).
5. Messages of concurrent conversations are understood together, in one run of the NLU
   graph off the event loop (bot.batched_parsing): the Rasa server's largest saving.
6. Rasa finds an event's class by walking every subclass of Event, for every event it
   reads (a conversation from the tracker store, an action server's reply): a fifth of
   reading a conversation back. Here each name's class is looked up once.
7. Rasa orders a model's graph anew at every run of it, for each message and each
   predicted action; here each graph's order is worked out once (bot.graph_runner).
8. One BLAS thread. The server's work runs in parallel across conversations; OpenBLAS's
   own threads, spinning between the classifier's tiny matrix products, took a core's
   share of the CPU from it.
"""
from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Type

import jsonschema
import rasa.core.actions.action as rasa_actions
import yaml
from rasa.__main__ import main as rasa_main
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from threadpoolctl import threadpool_limits

from bot import batched_parsing, graph_runner
from bot.privacy import mask_logs
from bot.serve import configured_channels

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


def apply_fixes() -> None:
    RemoteAction._validate_action_result = validate_action_result
    rasa_actions.DEFAULT_REQUEST_TIMEOUT = ACTION_SERVER_TIMEOUT_SECONDS
    batched_parsing.install()
    graph_runner.install()
    Event.resolve_by_type = staticmethod(resolve_event_type)


def with_configured_channels(argv: List[str]) -> List[str]:
    """argv, its --credentials file replaced by one holding only the configured channels."""
    if "--credentials" not in argv:
        return argv
    position = argv.index("--credentials") + 1
    channels, _ = configured_channels(Path(argv[position]), os.environ)
    with tempfile.NamedTemporaryFile("w", prefix="credentials-", suffix=".yml", delete=False) as handle:
        yaml.safe_dump(channels, handle)
    return [*argv[:position], handle.name, *argv[position + 1:]]


if __name__ == "__main__":
    mask_logs()
    apply_fixes()
    threadpool_limits(1, user_api="blas")
    given = sys.argv
    sys.argv = with_configured_channels(given)
    try:
        rasa_main()
    finally:
        if sys.argv is not given:
            Path(sys.argv[sys.argv.index("--credentials") + 1]).unlink(missing_ok=True)
