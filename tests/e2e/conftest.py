"""The assistant's real servers, started once for every end-to-end test, as `make run`
starts them (the widget's demo page too) but on free ports, with their own SQLite tracker
store, and with the messaging channels on, their outbound API replaced by a local stand-in."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Dict

import pytest
import yaml
from playwright.sync_api import sync_playwright

from bot.ops.serve import Servers, free_port
from tests.conftest import ARTIFACTS, ROOT
from tests.http_stand_in import Reply, StandIn


@pytest.fixture(scope="session")
def tracker_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("trackers") / "conversations.db"


CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing of Chromium's own reaching out to the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, for the widget's and the console's pages."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    # Module-scoped: Playwright's event loop must be gone before other tests use asyncio.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


API_TOKEN = "test-api-token"
# Made-up account details: the channels only need them to sign and to address requests.
CHANNEL_ENVIRONMENT = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "test-auth-token",
    "TWILIO_SMS_NUMBER": "+15550100100",
    "TWILIO_WHATSAPP_NUMBER": "whatsapp:+15550100101",
    "MESSENGER_VERIFY_TOKEN": "test-verify-token",
    "MESSENGER_APP_SECRET": "test-app-secret",
    "MESSENGER_PAGE_ACCESS_TOKEN": "test-page-token",
    "TELEGRAM_ACCESS_TOKEN": "123456789:AAtest-token-for-the-stand-in-0000000",
    "TELEGRAM_WEBHOOK_URL": "https://clinic.example.com/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "test-secret-token",
}
CHANNELS = ("bot.server.channels.twilio.TwilioChannel", "bot.server.channels.twilio.TwilioWhatsAppChannel",
            "bot.server.channels.messenger.MessengerChannel")
WEBSITE_CHANNELS = ("bot.server.channels.rest.RestChannel", "bot.server.channels.socketio.WidgetChannel")
# Telegram's API answers every call with {"ok": true, "result": ...}: a sent message here
TELEGRAM_REPLY = {"ok": True, "result": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}


@pytest.fixture(scope="session")
def provider_api():
    """Stands in for the providers' APIs (Twilio's, Messenger's), recording what the assistant sent."""
    with StandIn() as stand_in:
        stand_in.reply_with(Reply(201, {"sid": "SM" + "0" * 32, "status": "queued"}))
        yield stand_in


@pytest.fixture(scope="session")
def telegram_api():
    with StandIn() as stand_in:
        stand_in.reply_with(Reply(200, TELEGRAM_REPLY))
        yield stand_in


@pytest.fixture(scope="session")
def servers(model, tracker_db, provider_api, telegram_api, tmp_path_factory):
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    for channel in CHANNELS:
        credentials[channel]["api_base_url"] = provider_api.url
    credentials["bot.server.channels.telegram.TelegramChannel"]["api_base_url"] = telegram_api.url
    for channel in WEBSITE_CHANNELS:  # every test visitor writes from 127.0.0.1
        credentials[channel]["messages_per_minute_per_address"] = 100_000
    path = tmp_path_factory.mktemp("channels") / "credentials.yml"
    path.write_text(yaml.safe_dump(credentials))
    running = started(lambda: Servers(model, free_port(), free_port(), log_dir=ARTIFACTS / "e2e-logs",
                                      tracker_db=tracker_db, credentials=path, api_token=API_TOKEN,
                                      widget_port=free_port()), CHANNEL_ENVIRONMENT)
    yield running
    running.stop()


def started(make_servers: Callable[[], Servers], environment: Dict[str, str]) -> Servers:
    """Servers made and started with these variables set, for their processes to inherit;
    this process's environment is put back afterwards."""
    before = dict(os.environ)
    os.environ.update(environment)
    try:
        servers = make_servers()
        servers.start()
    finally:
        os.environ.clear()
        os.environ.update(before)
    return servers

