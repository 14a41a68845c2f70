"""Telegram: Rasa's connector, with Telegram's own request check and its limits.

- Telegram sends the secret token chosen when the webhook was set in the
  `X-Telegram-Bot-Api-Secret-Token` header; a request without it gets 403. (Rasa's
  connector instead asks Telegram for the bot's name on every message, which proves
  nothing about who sent the request.) GET /webhooks/telegram/set_webhook registers the
  webhook with the secret.
- Buttons are inline buttons, one per row, links as link buttons; a payload longer than
  Telegram's 64 bytes of callback data makes them numbered options instead.
- Texts are split to Telegram's 4096 characters.
"""
from __future__ import annotations

import hmac
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.server.channels.plain_text import chosen_option, split, with_options
from bot.server.channels.webhook import webhook_blueprint

logger = logging.getLogger(__name__)
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64  # bytes
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramClinicOutput(TelegramOutput):
    def __init__(self, access_token: Text, api_base_url: Optional[Text] = None) -> None:
        # TelegramOutput passes only the token on; the server is aiogram's Bot's own argument
        super(TelegramOutput, self).__init__(
            access_token, server=TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        for part in split(text, MAX_TEXT):
            await self.send_message(recipient_id, part)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        if any(len(b.get("payload", "").encode()) > MAX_CALLBACK_DATA for b in buttons):
            await self.send_text_message(recipient_id, with_options(text, buttons))
            return
        keyboard = InlineKeyboardMarkup()
        for button in buttons:
            keyboard.row(InlineKeyboardButton(button["title"], url=button["url"]) if button.get("url")
                         else InlineKeyboardButton(button["title"], callback_data=button["payload"]))
        parts = split(text, MAX_TEXT)
        for part in parts[:-1]:
            await self.send_message(recipient_id, part)
        await self.send_message(recipient_id, parts[-1], reply_markup=keyboard)


class TelegramChannel(TelegramInput):
    """In credentials.yml as `bot.server.channels.telegram.TelegramChannel`; the webhook is
    https://<your server>/webhooks/telegram/webhook, set by GET .../set_webhook."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials["access_token"], credentials["webhook_url"], credentials["secret_token"],
                   credentials.get("api_base_url"))

    def __init__(self, access_token: Text, webhook_url: Text, secret_token: Text,
                 api_base_url: Optional[Text] = None) -> None:
        super().__init__(access_token, verify=None, webhook_url=webhook_url, debug_mode=False)
        self.secret_token = secret_token
        self.api_base_url = api_base_url

    def get_output_channel(self) -> OutputChannel:
        return TelegramClinicOutput(self.access_token, self.api_base_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = webhook_blueprint("telegram_webhook")

        @webhook.route("/set_webhook", methods=["GET", "POST"])
        async def set_webhook(_: Request) -> HTTPResponse:
            # aiogram 2.15 predates the secret token, so the Bot API method is called as it is
            ok = await self.get_output_channel().request(
                "setWebhook", {"url": self.webhook_url, "secret_token": self.secret_token})
            return response.json({"webhook_set": bool(ok)}, status=200 if ok else 502)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), self.secret_token):
                logger.warning("Refused a Telegram webhook request without the secret token.")
                return response.json({"error": "invalid secret token"}, status=403)
            try:
                update = Update(**request.json)
            except (SanicException, TypeError):
                return response.json({"error": "expected a Telegram update"}, status=400)
            sender, text = self._sender_and_text(update)
            if sender is None or text is None:
                return response.text("success")  # stickers, photos, joins: nothing to answer
            text = await chosen_option(request, sender, text) or text
            try:
                await on_new_message(UserMessage(text, self.get_output_channel(), sender,
                                                 input_channel=self.name(), metadata=self.get_metadata(request)))
            except Exception:  # Telegram would resend the update again and again
                logger.exception("Could not answer a Telegram message.")
            return response.text("success")

        return webhook

    def _sender_and_text(self, update: Update) -> Tuple[Optional[Text], Optional[Text]]:
        if self._is_button(update):
            return str(update.callback_query.message.chat.id), update.callback_query.data
        message = update.edited_message if self._is_edited_message(update) else update.message
        if message is None or message.text is None:
            return None, None
        return str(message.chat.id), message.text
