from bot.serve import channels_off_text, configured_channels
from tests.conftest import ROOT

TWILIO = {"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "token", "TWILIO_SMS_NUMBER": "+15550100100"}


def test_channels_are_off_until_every_variable_they_name_is_set():
    on, off = configured_channels(ROOT / "credentials.yml", {})
    assert list(on) == ["bot.channels.rest.RestChannel"]
    assert off["bot.channels.twilio.TwilioChannel"] == ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_SMS_NUMBER"]
    on, off = configured_channels(ROOT / "credentials.yml", TWILIO)
    assert on["bot.channels.twilio.TwilioChannel"]["auth_token"] == "${TWILIO_AUTH_TOKEN}"  # Rasa fills it in
    assert channels_off_text({k: v for k, v in off.items() if "WhatsApp" in k}) == (
        "\n    TwilioWhatsAppChannel: set TWILIO_WHATSAPP_NUMBER")
    assert channels_off_text({}) == " none"
