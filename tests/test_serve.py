from pathlib import Path

import pytest
import yaml
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.clinic import load_clinic_settings
from bot.ops.serve import Servers, channels_off_text
from bot.server.credentials import configured_channels
from tests.conftest import ROOT

TWILIO = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "token", "TWILIO_SMS_NUMBER": "+15550100100"}


def test_channels_are_off_until_every_variable_they_name_is_set():
    on, off = configured_channels(ROOT / "credentials.yml", {})
    assert list(on) == ["bot.server.channels.socketio.WidgetChannel", "bot.server.channels.rest.RestChannel"]
    assert off["bot.server.channels.twilio.TwilioChannel"] == ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_SMS_NUMBER"]
    on, off = configured_channels(ROOT / "credentials.yml", TWILIO)
    assert on["bot.server.channels.twilio.TwilioChannel"]["auth_token"] == "${TWILIO_AUTH_TOKEN}"  # Rasa fills it in
    assert channels_off_text({k: v for k, v in off.items() if "WhatsApp" in k}) == (
        "\n    TwilioWhatsAppChannel: set TWILIO_WHATSAPP_NUMBER")
    assert channels_off_text({}) == " none"


def test_browsers_may_reach_the_assistant_only_from_the_clinics_sites_and_the_demo_page():
    clinic = load_clinic_settings(ROOT / "clinic.yml").copy(update={"website_origins": ["https://clinic.example"]})
    assert Servers(Path("model"), 5005, 5055).allowed_origins(clinic) == ["https://clinic.example"]
    assert Servers(Path("model"), 5005, 5055, widget_port=8080).allowed_origins(clinic) == [
        "https://clinic.example", "http://localhost:8080", "http://127.0.0.1:8080"]


def test_the_production_profile_is_chosen_by_its_endpoints_file_and_the_environment(monkeypatch):
    for name, value in {"ACTION_SERVER_URL": "http://elsewhere:5055/webhook", "DB_HOST": "db.internal",
                        "DB_PORT": "5432", "DB_NAME": "clinic", "DB_USER": "clinic", "DB_PASSWORD": "secret",
                        "REDIS_HOST": "redis.internal", "REDIS_PORT": "6379", "REDIS_PASSWORD": ""}.items():
        monkeypatch.setenv(name, value)
    servers = Servers(Path("model"), 5005, 5055, endpoints=ROOT / "endpoints.production.yml")
    endpoints = servers._endpoints_config()
    assert endpoints["tracker_store"]["dialect"] == "postgresql" and endpoints["tracker_store"]["url"] == "db.internal"
    assert endpoints["lock_store"] == {"type": "bot.server.lock_store.AtomicRedisLockStore", "url": "redis.internal",
                                      "port": "6379", "password": "", "db": 1}
    # its own action server, sent the domain only for actions that need it
    assert endpoints["action_endpoint"] == {"url": "http://localhost:5055/webhook", "enable_selective_domain": True}
    assert Servers(Path("model"), 5005, 5055)._endpoints_config()["tracker_store"]["dialect"] == "sqlite"


@pytest.mark.parametrize("endpoints_file", ["endpoints.yml", "endpoints.production.yml"])
def test_only_the_action_that_reads_the_domain_is_sent_it(endpoints_file):
    endpoint = EndpointConfig.from_dict(yaml.safe_load((ROOT / endpoints_file).read_text())["action_endpoint"])
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("visitor", domain.slots)
    for action, gets_domain in [("action_fallback_suggestions", True), ("action_offer_booking", False)]:
        body = RemoteAction(action, endpoint)._action_call_format(tracker, domain)
        assert ("domain" in body) is gets_domain, action
