"""SMS and WhatsApp through Twilio: Rasa's Twilio connector, made safe for patients.

- Every request must carry a valid `X-Twilio-Signature` (HMAC of the URL and the form
  with the account's auth token); anything else is refused with 403 and never reaches
  the assistant. Behind a proxy, the signed URL is rebuilt from X-Forwarded-Proto/-Host.
- Buttons become numbered options, and "2" or the option's words choose one.
- Replies are split to Twilio's 1600-character limit.
- A failure while answering is logged and answered 204, never a 500 that Twilio retries.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.server.channels.plain_text import chosen_option, split, with_options
from bot.server.channels.webhook import webhook_blueprint

logger = logging.getLogger(__name__)
MAX_BODY = 1600  # Twilio refuses longer SMS and WhatsApp bodies


class TwilioTextOutput(TwilioOutput):
    def __init__(self, account_sid: Text, auth_token: Text, twilio_number: Text,
                 api_base_url: Optional[Text] = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.api_base_url = api_base_url

    def get_hostname(self, uri: str) -> str:
        """Twilio's API, or the address configured instead (a regional proxy, a test's stand-in)."""
        if not self.api_base_url:
            return super().get_hostname(uri)
        parts = urlsplit(uri)
        return self.api_base_url.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split(text, MAX_BODY):
            await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": part})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, with_options(text, buttons))


class TwilioChannel(TwilioInput):
    """In credentials.yml as `bot.server.channels.twilio.TwilioChannel`; the webhook to give Twilio
    is https://<your server>/webhooks/twilio/webhook."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials["account_sid"], credentials["auth_token"], credentials["twilio_number"],
                   credentials.get("api_base_url"))

    def __init__(self, account_sid: Text, auth_token: Text, twilio_number: Text,
                 api_base_url: Optional[Text] = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.api_base_url = api_base_url
        self.validator = RequestValidator(auth_token)

    def get_output_channel(self) -> OutputChannel:
        return TwilioTextOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_base_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint(f"{self.name()}_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            form = {key: request.form.get(key) for key in request.form}
            if not self.validator.validate(signed_url(request), form, request.headers.get("X-Twilio-Signature", "")):
                logger.warning("Refused a Twilio webhook request with a missing or wrong signature.")
                return response.json({"error": "invalid signature"}, status=403)
            sender, text = form.get("From"), (form.get("Body") or "").replace("¡", "@")  # carriers garble @
            if not sender:
                return response.json({"error": "no sender"}, status=400)
            text = await chosen_option(request, sender, text) or text
            try:
                await on_new_message(UserMessage(text, self.get_output_channel(), sender,
                                                 input_channel=self.name(), metadata=self.get_metadata(request)))
            except Exception:  # the visitor already has nothing better than silence; Twilio must not retry
                logger.exception("Could not answer a Twilio message.")
            return response.text("", status=204)

        return webhook


def signed_url(request: Request) -> str:
    """The URL Twilio called, which it signed: as seen by the proxy in front, if any."""
    scheme = request.headers.get("X-Forwarded-Proto", request.scheme)
    host = request.headers.get("X-Forwarded-Host", request.host)
    query = f"?{request.query_string}" if request.query_string else ""
    return f"{scheme}://{host}{request.path}{query}"


class TwilioWhatsAppChannel(TwilioChannel):
    """WhatsApp through Twilio, on its own number; webhook /webhooks/twilio_whatsapp/webhook."""

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"
