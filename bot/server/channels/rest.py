"""The REST channel (the website widget's fallback, and scripts), strict about its input.

Rasa's own REST channel answers an empty body or a JSON array with a 500. Here a body
that is not `{"sender": "<id>", "message": "<text>"}` gets a 400 saying what is wrong, a
message longer than MAX_MESSAGE_CHARS a 413, messages past the rate limits a 429, and
control characters are replaced by spaces before the assistant sees the text. Replies keep
their response's style (urgent, advice) for the widget. Streaming replies are not offered.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.contract import MAX_MESSAGE_CHARS
from bot.server.channels.rate_limit import TOO_FAST, VisitorLimits, client_address
from bot.server.channels.webhook import webhook_blueprint

logger = logging.getLogger(__name__)
MAX_SENDER_CHARS = 128
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


class BadRequest(ValueError):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str
    metadata: Optional[Dict[str, Any]]


def parse_body(body: bytes) -> Incoming:
    """The sender, message and metadata of a request body, or BadRequest saying what is wrong."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest('the body must be JSON: {"sender": "<conversation id>", "message": "<text>"}') from None
    if not isinstance(data, dict):
        raise BadRequest('the body must be a JSON object: {"sender": "<conversation id>", "message": "<text>"}')
    return parse_message(data, sender_key="sender")


def parse_message(data: Dict[str, Any], sender_key: str) -> Incoming:
    """The conversation id (under `sender_key`), text and metadata of a message, checked and cleaned."""
    sender, text, metadata = data.get(sender_key), data.get("message"), data.get("metadata")
    if not is_conversation_id(sender):
        raise BadRequest(f'"{sender_key}" must be a conversation id: text of 1 to {MAX_SENDER_CHARS} characters')
    if not isinstance(text, str):
        raise BadRequest('"message" must be text')
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadRequest(f'"message" is longer than {MAX_MESSAGE_CHARS} characters', status=413)
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest('"metadata" must be a JSON object')
    return Incoming(sender, CONTROL_CHARACTERS.sub(" ", text), metadata)


def is_conversation_id(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_SENDER_CHARS \
        and not CONTROL_CHARACTERS.search(value)


class StyledCollectingOutputChannel(CollectingOutputChannel):
    """Rasa's collecting channel, keeping a response's `metadata.style` (urgent, advice) on
    each message, and marking an answer the widget asks the visitor to rate, so the widget
    shows them the same way over REST as over socket.io."""

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        style, rate = message_style(message), is_rated(message)
        first_new = len(self.messages)
        await super().send_response(recipient_id, message)
        for sent in self.messages[first_new:]:
            sent.update({"style": style} if style else {})
            sent.update({"rate": True} if rate else {})


def message_style(message: Dict[str, Any]) -> Optional[str]:
    """How a response asks to be shown (`metadata: {style: ...}` in the domain), if it does."""
    metadata = message.get("metadata")
    style = metadata.get("style") if isinstance(metadata, dict) else None
    return style if isinstance(style, str) else None


def is_rated(message: Dict[str, Any]) -> bool:
    """An answer with sources (an FAQ topic's): the widget asks "Was this helpful?" under it."""
    metadata = message.get("metadata")
    return isinstance(metadata, dict) and bool(metadata.get("sources"))


class RestChannel(RestInput):
    """In credentials.yml as `bot.server.channels.rest.RestChannel`; POST /webhooks/rest/webhook.
    Too many messages from one conversation or address get a 429."""

    def __init__(self, limits: Optional[VisitorLimits] = None) -> None:
        self.limits = limits or VisitorLimits()

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "RestChannel":
        return cls(VisitorLimits.from_credentials(credentials))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = webhook_blueprint("rest_webhook")

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                incoming = parse_body(request.body or b"")
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            if not self.limits.allow(incoming.sender, client_address(request), incoming.text):
                return response.json({"error": TOO_FAST}, status=429)
            collector = StyledCollectingOutputChannel()
            try:
                await on_new_message(UserMessage(incoming.text, collector, incoming.sender,
                                                 input_channel=self.name(), metadata=incoming.metadata))
            except Exception:  # the visitor gets what was said before the failure, never a 500
                logger.exception("Could not answer a REST message.")
            return response.json(collector.messages)

        return webhook
