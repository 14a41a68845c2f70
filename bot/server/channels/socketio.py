"""The website widget's channel: Rasa's socket.io connector, strict about its input.

Differences from Rasa's SocketIOInput, each because the widget needs it:
- every conversation has a session id (the widget keeps it in the browser so a reload
  continues the conversation); a missing or malformed one is replaced by a new one;
- a message is checked like a REST one (text, at most MAX_MESSAGE_CHARS, control
  characters removed, rate-limited); a bad one gets a polite reply instead of being
  dropped in silence;
- each bot message is sent whole, with its buttons as the domain has them (Rasa's output
  raises KeyError on a link button, which has no payload) and its `metadata.style`.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.server.channels.rate_limit import TOO_FAST, VisitorLimits, client_address
from bot.server.channels.rest import BadRequest, is_conversation_id, is_rated, message_style, parse_message

logger = logging.getLogger(__name__)
CANNOT_READ = "Sorry, I couldn't read that message ({reason}). Please type your question again."
FAILED = "Sorry, something went wrong on our side. Please try again in a moment."


class WidgetOutput(SocketIOOutput):
    """Answers go to the socket that asked, not to every socket of the conversation (Rasa's
    room): a visitor's tabs share the conversation, and the tab that asked stores each answer
    once where the other tabs read it (the browser's storage)."""

    def __init__(self, sio: Any, bot_message_evt: Text, reply_to: Optional[Text] = None) -> None:
        super().__init__(sio, bot_message_evt)
        self.reply_to = reply_to

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await self._send_message(self.reply_to or recipient_id, widget_message(message))


def widget_message(message: Dict[Text, Any]) -> Dict[Text, Any]:
    """What the widget shows: the text, the buttons (payload or link) and the style."""
    shown: Dict[Text, Any] = {"text": message.get("text") or ""}
    if message.get("buttons"):
        shown["buttons"] = message["buttons"]
    style = message_style(message)
    if style:
        shown["style"] = style
    if is_rated(message):
        shown["rate"] = True
    return shown


class WidgetChannel(SocketIOInput):
    """In credentials.yml as `bot.server.channels.socketio.WidgetChannel`; socket.io at /socket.io."""

    def __init__(self, *args: Any, limits: Optional[VisitorLimits] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or VisitorLimits()

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WidgetChannel":
        channel = super().from_credentials(credentials)
        channel.limits = VisitorLimits.from_credentials(credentials)
        return channel

    def get_output_channel(self) -> Optional[WidgetOutput]:
        return WidgetOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio

        # Registering an event again replaces Rasa's handler for it.
        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not is_conversation_id(session_id):
                session_id = uuid.uuid4().hex
            sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            try:
                if not isinstance(data, dict):
                    raise BadRequest("it was not a message")
                incoming = parse_message(data, sender_key="session_id")
            except BadRequest as error:
                await self._reply(sid, CANNOT_READ.format(reason=error))
                return
            if not self.limits.allow(incoming.sender, self._address(sid), incoming.text):
                await self._reply(sid, TOO_FAST)
                return
            output = WidgetOutput(sio, self.bot_message_evt, reply_to=sid)
            try:
                await on_new_message(UserMessage(incoming.text, output, incoming.sender,
                                                 input_channel=self.name(), metadata=incoming.metadata))
            except Exception:  # the visitor is told, and the connection stays up
                logger.exception("Could not answer a widget message.")
                await self._reply(sid, FAILED)

        return blueprint

    def _address(self, sid: Text) -> Text:
        """The visitor's address, as seen when the socket connected."""
        request = (self.sio.get_environ(sid, namespace=self.namespace) or {}).get("sanic.request")
        return client_address(request) if request is not None else sid

    async def _reply(self, sid: Text, text: Text) -> None:
        await self.sio.emit(self.bot_message_evt, {"text": text, "style": "error"}, room=sid, namespace=self.namespace)
