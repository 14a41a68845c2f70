"""Try it without a draft assistant to talk to: a clear message, and nothing lost. (The
conversation with a real draft assistant is in tests/e2e/test_console.py.)"""
import socket

import pytest

from bot.contract import MAX_MESSAGE_CHARS

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_without_a_draft_assistant_try_it_says_how_to_get_one(editor, settings):
    settings.DRAFT_URL = ""
    page = editor.post("/try/", {"message": "is it safe?"}, follow=True).content.decode()
    assert "Try it is not set up here" in page and "make run" in page


def test_a_draft_assistant_that_does_not_answer_gets_a_polite_message_and_the_question_is_not_lost(editor, settings):
    settings.DRAFT_URL = f"http://127.0.0.1:{closed_port()}"
    page = editor.post("/try/", {"message": "is it safe?"}, follow=True).content.decode()
    assert "The draft assistant is not answering" in page
    assert "Ask a question as a visitor would" in page  # no half-recorded exchange


@pytest.mark.parametrize("message, told", [
    ("", "This field is required"), ("   ", "This field is required"),
    ("x" * (MAX_MESSAGE_CHARS + 1), f"at most {MAX_MESSAGE_CHARS} characters"),
])
def test_an_empty_or_overlong_message_is_refused_politely(editor, settings, message, told):
    settings.DRAFT_URL = f"http://127.0.0.1:{closed_port()}"
    response = editor.post("/try/", {"message": message}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert told in page and "not answering" not in page


def test_try_it_is_for_signed_in_staff_only(client):
    assert client.get("/try/").status_code == 302
    assert client.post("/try/start-again/").status_code == 302
