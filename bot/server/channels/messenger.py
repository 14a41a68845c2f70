"""Facebook Messenger: Rasa's connector, made strict and fitted to Messenger's limits.

- A request must be signed with the app secret (`X-Hub-Signature-256`, or the older
  SHA-1 `X-Hub-Signature`), compared in constant time; anything else gets 403. Rasa's
  own connector answers 200 "not validated" and fails with a 500 on a malformed header.
- Buttons are Messenger buttons where Messenger allows them (at most 3, titles of at most
  20 characters, text of at most 640); otherwise numbered options, as on SMS.
- Texts are split to Messenger's 2000 characters.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from fbmessenger.elements import Text as FBText
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.server.channels.plain_text import chosen_option, split, with_options
from bot.server.channels.webhook import webhook_blueprint

logger = logging.getLogger(__name__)
MAX_TEXT = 2000
MAX_BUTTONS, MAX_BUTTON_TITLE, MAX_BUTTON_TEXT = 3, 20, 640

ChoiceResolver = Callable[[Text, Text], Awaitable[Optional[Text]]]  # (sender, text) -> payload


class MessengerOutput(MessengerBot):
    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split(text, MAX_TEXT):
            self.send(recipient_id, FBText(text=part))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        if fits_messenger_buttons(text, buttons):
            await super().send_text_with_buttons(recipient_id, text, [dict(b) for b in buttons], **kwargs)
        else:
            await self.send_text_message(recipient_id, with_options(text, buttons))


def fits_messenger_buttons(text: Text, buttons: List[Dict[Text, Any]]) -> bool:
    return (len(buttons) <= MAX_BUTTONS and len(text) <= MAX_BUTTON_TEXT
            and all(len(b.get("title", "")) <= MAX_BUTTON_TITLE for b in buttons))


class ClinicMessenger(Messenger):
    def __init__(self, page_access_token: Text, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                 choose: ChoiceResolver, api_base_url: Optional[Text] = None) -> None:
        super().__init__(page_access_token, on_new_message)
        self.choose = choose
        if api_base_url:  # a proxy, or a test's stand-in, instead of graph.facebook.com
            self.client.graph_url = api_base_url.rstrip("/")

    async def _handle_user_message(self, text: Text, sender_id: Text, metadata: Optional[Dict[Text, Any]]) -> None:
        # Rasa's version, with our output channel and numbered options understood
        out_channel = MessengerOutput(self.client)
        text = await self.choose(sender_id, text) or text
        try:
            await self.on_new_message(UserMessage(text, out_channel, sender_id, input_channel=self.name(),
                                                  metadata=metadata))
        except Exception:
            logger.exception("Could not answer a Messenger message.")


class MessengerChannel(FacebookInput):
    """In credentials.yml as `bot.server.channels.messenger.MessengerChannel`; the webhook to give
    Facebook is https://<your server>/webhooks/facebook/webhook."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials["verify"], credentials["secret"], credentials["page-access-token"],
                   credentials.get("api_base_url"))

    def __init__(self, fb_verify: Text, fb_secret: Text, fb_access_token: Text,
                 api_base_url: Optional[Text] = None) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.api_base_url = api_base_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("fb_webhook")

        @webhook.route("/webhook", methods=["GET"])
        async def verification(request: Request) -> HTTPResponse:
            if request.args.get("hub.verify_token") != self.fb_verify:
                return response.json({"error": "wrong verify token"}, status=403)
            return response.text(request.args.get("hub.challenge", ""))

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not signed_by(self.fb_secret, request.body or b"", request.headers):
                logger.warning("Refused a Messenger webhook request with a missing or wrong signature.")
                return response.json({"error": "invalid signature"}, status=403)
            try:
                payload = request.json
            except SanicException:
                payload = None
            if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
                return response.json({"error": "expected a Messenger webhook event"}, status=400)
            messenger = ClinicMessenger(self.fb_access_token, on_new_message,
                                        lambda sender, text: chosen_option(request, sender, text), self.api_base_url)
            await messenger.handle(payload, self.get_metadata(request))
            return response.text("EVENT_RECEIVED")

        return webhook


def signed_by(secret: Text, body: bytes, headers: Any) -> bool:
    """Whether the body carries the app secret's HMAC, SHA-256 preferred."""
    for header, algorithm in (("X-Hub-Signature-256", hashlib.sha256), ("X-Hub-Signature", hashlib.sha1)):
        method, _, signature = (headers.get(header) or "").partition("=")
        if signature:
            expected = hmac.new(secret.encode(), body, algorithm).hexdigest()
            return method == algorithm().name and hmac.compare_digest(signature, expected)
    return False
