"""The domain's responses, filled in with the clinic's details inside the Rasa server.

endpoints.yml names this class as the `nlg`. What it adds to Rasa's templated responses:

- The clinic's details and facts from clinic.yml (`{booking_url}`, `{phone}`, `{prices}`,
  ...) fill any response, so the booking link, contact details, urgent-care numbers and
  the clinic's own answers reach the visitor without the action server, even when it is
  down. Values an action passes take precedence.
- A response's variations may depend on those facts exactly as Rasa's conditional
  variations depend on slots: `condition: [{type: slot, name: prices, value: null}]` is
  the variation for a clinic that has not set its prices. So the answer says the clinic's
  own facts, or "ask our team", without retraining.
- `{asked_condition}`: the condition the visitor named (the entity ruler's `condition`),
  or "that", so an answer can name what it cannot speak about.
- The first health answer of a conversation (an answer that cites a document) carries
  the medical disclaimer; later ones do not repeat it.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.clinic import clinic
from bot.contract import DISCLAIMER_RESPONSE
from bot.sources import cites_a_document

NO_CONDITION_NAMED = "that"
SPACES = re.compile(r"[ \t]{2,}")  # left where a fact that is not set read as nothing


class ClinicResponseGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig], domain: Domain) -> None:
        super().__init__(domain.responses)
        clinic()  # a missing or invalid clinic.yml stops the server at start, not at its first answer

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        settings = clinic()  # as clinic.yml says now: the console's changes need no restart
        conditions = {**tracker.current_slot_values(), **settings.facts()}
        values = {**settings.template_values(), "asked_condition": asked_condition(tracker), **kwargs}
        message = self.generate_from_slots(utter_action, conditions, output_channel, **values)
        if message is None:
            return None
        if message.get("text"):
            message["text"] = SPACES.sub(" ", message["text"]).strip()
        if is_health_answer(message) and not disclaimer_shown(tracker):
            # Rasa sets `responses` when it loads the model, after creating the generator.
            disclaimer = self.responses[DISCLAIMER_RESPONSE][0]["text"]
            message["text"] = f"{message['text']}\n\n{disclaimer}"
            message["metadata"] = {**message.get("metadata", {}), "disclaimer": True}
        return message


def asked_condition(tracker: DialogueStateTracker) -> str:
    """The first condition named in the visitor's latest message, as they wrote it."""
    entities = (tracker.latest_message.entities if tracker.latest_message else None) or []
    named = [entity.get("value") for entity in entities if entity.get("entity") == "condition"]
    return str(named[0]).lower() if named else NO_CONDITION_NAMED


def is_health_answer(message: Dict[Text, Any]) -> bool:
    """Answers about health cite a document; answers about the clinic cite the clinic."""
    return cites_a_document((message.get("metadata") or {}).get("sources") or [])


def disclaimer_shown(tracker: DialogueStateTracker) -> bool:
    """Whether this conversation session has had the disclaimer already."""
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            return False
        if isinstance(event, BotUttered) and (event.metadata.get("metadata") or {}).get("disclaimer"):
            return True
    return False
