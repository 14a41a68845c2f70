import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.server.channels.plain_text import CHOOSE, chosen_payload, offered_buttons, split, with_options

BUTTONS = [
    {"title": "How many sessions will I need?", "payload": "How many sessions will I need?"},
    {"title": "Book an appointment", "payload": "/book_appointment"},
    {"title": "Book online", "type": "web_url", "url": "https://example.com/book"},
]


def test_buttons_become_numbered_options_and_links():
    assert with_options("Yes, it can help.", BUTTONS) == (
        "Yes, it can help.\n\n1. How many sessions will I need?\n2. Book an appointment\n"
        f"Book online: https://example.com/book\n{CHOOSE}")
    # a link already in the text is not repeated; no choices, no "reply with a number"
    assert with_options("Book at https://example.com/book", BUTTONS[2:]) == "Book at https://example.com/book"


@pytest.mark.parametrize("reply, payload", [
    ("2", "/book_appointment"), (" 1. ", "How many sessions will I need?"), ("2)", "/book_appointment"),
    ("book an APPOINTMENT!", "/book_appointment"), ("3", None), ("0", None), ("2 sessions", None), ("", None),
])
def test_a_reply_chooses_by_number_or_words(reply, payload):
    assert chosen_payload(reply, BUTTONS) == payload


def test_the_options_are_those_offered_since_the_visitor_last_wrote():
    old = [{"title": "Old", "payload": "/old"}]
    tracker = DialogueStateTracker.from_events("s", [
        UserUttered("hi"), BotUttered("a", data={"buttons": old}),
        UserUttered("is it safe"), ActionExecuted("utter_faq"), BotUttered("b", data={"buttons": BUTTONS[:1]}),
        BotUttered("c", data={"buttons": BUTTONS[1:2]}),
    ])
    assert offered_buttons(tracker) == BUTTONS[:2]
    assert offered_buttons(None) == []


def test_long_replies_are_split_at_the_best_boundary():
    paragraph = "First sentence is here. " * 30
    parts = split(paragraph.strip() + "\n\n" + "Second paragraph.", 300)
    assert all(len(part) <= 300 for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts).split() == (paragraph + "Second paragraph.").split()
    assert split("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert split("short", 1600) == ["short"]
