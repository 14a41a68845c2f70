import logging

import pytest
from rasa.shared.core.events import UserUttered

from bot.privacy import mask, mask_logs
from bot.server.tracker_store import masked


@pytest.mark.parametrize("text, masked", [
    ("call me on 07700 900123 please", "call me on <phone> please"),
    ("my cell is (555) 010-0199", "my cell is <phone>"),
    ("whatsapp +44 20 7946 0958 or jane.doe+clinic@mail.example.co.uk",
     "whatsapp <phone> or <email>"),
    ("555.010.0100", "<phone>"),
    ("I had 3 sessions in 2008 for 45 minutes", "I had 3 sessions in 2008 for 45 minutes"),
])
def test_phone_numbers_and_emails_are_masked(text, masked):
    assert mask(text) == masked


def test_a_visitor_message_is_stored_masked_with_its_understanding():
    event = UserUttered("text me on 07700 900123", {"name": "handoff", "confidence": 0.9},
                        parse_data={"text": "text me on 07700 900123", "intent": {"name": "handoff"}},
                        timestamp=12.5, input_channel="rest", message_id="m1")
    stored = masked(event)
    assert stored.text == "text me on <phone>" and stored.parse_data["text"] == "text me on <phone>"
    assert (stored.intent_name, stored.timestamp, stored.input_channel, stored.message_id) == (
        "handoff", 12.5, "rest", "m1")
    plain = UserUttered("hello")
    assert masked(plain) is plain


def test_everything_logged_is_masked_whoever_logs_it(caplog):
    previous = logging.getLogRecordFactory()
    mask_logs()
    try:
        with caplog.at_level(logging.DEBUG):
            logging.getLogger("rasa.core.processor").debug("Received %r", "call 07700 900123 or jo@example.com")
            logging.getLogger("structlog").info('{"parse_data_text": "mail jo@example.com"}')
    finally:
        logging.setLogRecordFactory(previous)
    assert caplog.messages == ["Received 'call <phone> or <email>'", '{"parse_data_text": "mail <email>"}']
