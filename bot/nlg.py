"""The domain's responses, filled in with the clinic's details inside the Rasa server.

endpoints.yml names this class as the `nlg`. Any response may use the clinic's details
from clinic.yml (`{booking_url}`, `{phone}`, `{emergency_number}`, ...), so the booking
link, contact details and urgent-care numbers reach the visitor without the action
server, even when it is down. Values an action passes take precedence.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions.settings import clinic


class ClinicResponseGenerator(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig], domain: Domain) -> None:
        super().__init__(domain.responses)
        self._clinic_values = clinic().template_values()

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        return await super().generate(utter_action, tracker, output_channel, **{**self._clinic_values, **kwargs})
