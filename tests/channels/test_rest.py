import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.server.channels.rest import MAX_MESSAGE_CHARS, BadRequest, StyledCollectingOutputChannel, parse_body
from bot.server.channels.socketio import widget_message


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def test_a_good_body():
    incoming = parse_body(body(sender="visitor-1", message="is it safe?", metadata={"page": "/"}))
    assert (incoming.sender, incoming.text, incoming.metadata) == ("visitor-1", "is it safe?", {"page": "/"})


def test_control_characters_become_spaces_but_lines_stay():
    assert parse_body(body(sender="v", message="back\x00pain\x1b[31m\nand\tneck\x7f")).text == \
        "back pain [31m\nand\tneck "


@pytest.mark.parametrize("raw, status, says", [
    (b"", 400, "must be JSON"),
    (b"{not json", 400, "must be JSON"),
    (b"\xff\xfe", 400, "must be JSON"),
    (b"[1, 2]", 400, "must be a JSON object"),
    (b'"hello"', 400, "must be a JSON object"),
    (body(message="hi"), 400, '"sender"'),
    (body(sender="", message="hi"), 400, '"sender"'),
    (body(sender=7, message="hi"), 400, '"sender"'),
    (body(sender="x" * 129, message="hi"), 400, '"sender"'),
    (body(sender="a\x00b", message="hi"), 400, '"sender"'),
    (body(sender="v"), 400, '"message" must be text'),
    (body(sender="v", message=["hi"]), 400, '"message" must be text'),
    (body(sender="v", message="x" * (MAX_MESSAGE_CHARS + 1)), 413, "longer than"),
    (body(sender="v", message="hi", metadata=[1]), 400, '"metadata"'),
])
def test_bad_bodies_say_what_is_wrong(raw, status, says):
    with pytest.raises(BadRequest, match=says) as raised:
        parse_body(raw)
    assert raised.value.status == status


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=8)


@given(st.binary(max_size=300) | JSON.map(lambda v: json.dumps(v).encode())
       | st.fixed_dictionaries({"sender": JSON | st.text(), "message": JSON | st.text()},
                               optional={"metadata": JSON}).map(lambda v: json.dumps(v).encode()))
def test_any_body_is_either_a_clean_message_or_a_clear_4xx(raw):
    try:
        incoming = parse_body(raw)
    except BadRequest as error:
        assert error.status in (400, 413) and str(error)
    else:
        assert len(incoming.text) <= MAX_MESSAGE_CHARS
        assert not any(ord(c) < 32 and c not in "\t\n" for c in incoming.text + incoming.sender)


URGENT = {"text": "See a doctor today.", "metadata": {"style": "urgent"}, "utter_action": "utter_urgent_care"}
LINK = {"title": "Book online", "type": "web_url", "url": "https://example.com/book"}


def test_a_responses_style_reaches_the_widget_over_rest_and_socket():
    collector = StyledCollectingOutputChannel()
    asyncio.run(collector.send_response("visitor", dict(URGENT)))
    asyncio.run(collector.send_response("visitor", {"text": "Book here", "buttons": [LINK], "metadata": {}}))
    assert collector.messages == [{"recipient_id": "visitor", "text": "See a doctor today.", "style": "urgent"},
                                  {"recipient_id": "visitor", "text": "Book here", "buttons": [LINK]}]
    assert widget_message(URGENT) == {"text": "See a doctor today.", "style": "urgent"}
    assert widget_message({"text": "Book here", "buttons": [LINK], "metadata": {"style": ["odd"]}}) == {
        "text": "Book here", "buttons": [LINK]}
