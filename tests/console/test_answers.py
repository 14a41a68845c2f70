"""Answers: editing a topic writes its file as staff would, checks as `bot check` does,
records who changed what, and never loses a change made by someone else meanwhile."""
import json

import pytest

from bot.staff import publishing
from bot.staff.console.clinic_form import version_of
from bot.staff.console.models import ChangeRecord
from bot.staff.content.checks import MAX_ANSWER_CHARS
from bot.staff.content.topics import FaqContent

pytestmark = pytest.mark.django_db


def topic_form(client, name):
    return client.get(f"/topics/{name}/").context["form"].initial


def test_the_answers_page_lists_every_topic_with_its_example_count(editor, console_project):
    page = editor.get("/").content.decode()
    for topic in FaqContent(console_project).topics().values():
        assert f'href="/topics/{topic.name}/"' in page
    assert "<td>31</td>" in page  # safety's examples


def test_an_edit_keeps_the_rest_of_the_file_and_is_recorded(editor, console_project):
    path = console_project / "data/faq/safety.yml"
    initial = topic_form(editor, "safety")
    questions = initial["questions"] + "\nare the needles safe for someone my age"
    questions = questions.replace("is acupuncture saf\n", "")
    answer = "Acupuncture is generally considered safe with a qualified practitioner. Ask us anything."
    response = editor.post("/topics/safety/", {**initial, "questions": questions, "answer": answer})
    assert response.status_code == 302
    text = path.read_text()
    assert FaqContent(console_project).topics()["safety"].answer_text == answer
    assert "- are the needles safe for someone my age\n" in text and "- is acupuncture saf\n" not in text
    assert "    buttons:\n    - title: Should I see a doctor first?" in text  # untouched
    assert 'version: "3.1"' in text
    changes = [(c.made_by, c.kind, c.detail) for c in ChangeRecord.objects.all()]
    assert ("eddie", "answer", answer) in changes
    assert ("eddie", "example", "added: are the needles safe for someone my age") in changes
    assert ("eddie", "example", "removed: is acupuncture saf") in changes
    assert "eddie" in editor.get("/history/").content.decode()


@pytest.mark.parametrize("change, message", [
    ({"answer": "x" * (MAX_ANSWER_CHARS + 1)}, f"at most {MAX_ANSWER_CHARS} characters"),
    ({"sources": "999: a document that does not exist"}, "there is no document 999"),
    ({"sources": "clinic: shoe_size"}, "clinic.yml has no setting"),
    ({"questions": "how many sessions will I need?"}, "already an example of topic"),
    ({"questions": "is it safe\nIs it safe?"}, "in the list twice"),
    ({"questions": "   "}, "This field is required"),
    ({"buttons": "Book now"}, "then |, then what it sends"),
    ({"buttons": "Book | /restart"}, "a button can send /book_appointment"),
    ({"buttons": "Our page | https://clinic"}, "not a complete web address"),
    ({"buttons": "a | /book_appointment\nb | /human_handoff\nc | /clinic_contact\nd | Is it safe?"},
     "At most 3 buttons"),
])
def test_a_wrong_edit_is_refused_next_to_its_field_and_nothing_is_written(editor, console_project, change, message):
    path = console_project / "data/faq/safety.yml"
    before = path.read_text()
    response = editor.post("/topics/safety/", {**topic_form(editor, "safety"), **change})
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert path.read_text() == before
    assert not ChangeRecord.objects.exists()


def test_the_second_of_two_staff_editing_a_topic_is_told_and_keeps_their_text(editor, owner, console_project):
    first, second = topic_form(editor, "safety"), topic_form(owner, "safety")
    assert editor.post("/topics/safety/", {**first, "answer": "First edit."}).status_code == 302
    response = owner.post("/topics/safety/", {**second, "answer": "Second edit."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this topic after you opened it" in page and "Second edit." in page
    assert "First edit." in (console_project / "data/faq/safety.yml").read_text()


def test_a_new_topic_from_the_console_is_a_file_like_bot_faq_add(editor, console_project):
    response = editor.post("/topics/new/", {
        "name": "gift_cards", "question": "do you sell gift cards?",
        "answer": "We do: ask at reception.", "sources": "clinic: gift_vouchers"})
    assert response.status_code == 302
    topic = FaqContent(console_project).topics()["gift_cards"]
    assert topic.examples == ["do you sell gift cards?"] and topic.answer_text == "We do: ask at reception."
    assert ChangeRecord.objects.get().kind == "topic"


def test_a_topic_file_broken_on_disk_gets_a_clear_page_not_a_crash(editor, console_project):
    (console_project / "data/faq/safety.yml").write_text("responses:\n  utter_faq/safety: [\n")
    response = editor.get("/")
    assert response.status_code == 503
    assert "data/faq/safety.yml" in response.content.decode()


def test_the_version_is_the_file_as_it_was(editor, console_project):
    assert topic_form(editor, "safety")["version"] == version_of(console_project / "data/faq/safety.yml")


def test_saving_an_unchanged_topic_leaves_its_file_byte_for_byte(editor, console_project):
    path = console_project / "data/faq/prices.yml"
    before = path.read_text()
    assert editor.post("/topics/prices/", topic_form(editor, "prices")).status_code == 302
    assert path.read_text() == before
    assert not ChangeRecord.objects.exists()


def test_follow_up_buttons_are_edited_as_lines_and_written_where_rasa_reads_them(editor, console_project):
    path = console_project / "data/faq/safety.yml"
    initial = topic_form(editor, "safety")
    assert initial["buttons"] == "Should I see a doctor first? | Do I need to see a doctor before acupuncture?"
    buttons = "Book a visit | /book_appointment\nBook online | {booking_url}\nHow many sessions? | how many sessions"
    assert editor.post("/topics/safety/", {**initial, "buttons": buttons}).status_code == 302
    answer = FaqContent(console_project).topics()["safety"].answer
    assert answer["buttons"] == [{"title": "Book a visit", "payload": "/book_appointment"},
                                 {"title": "Book online", "type": "web_url", "url": "{booking_url}"},
                                 {"title": "How many sessions?", "payload": "how many sessions"}]
    assert list(answer) == ["text", "buttons", "metadata"]
    assert 'url: "{booking_url}"' in path.read_text()
    assert ChangeRecord.objects.get(kind="answer").detail.startswith("buttons: Book a visit | /book_appointment")

    assert editor.post("/topics/safety/", {**topic_form(editor, "safety"), "buttons": ""}).status_code == 302
    assert "buttons" not in FaqContent(console_project).topics()["safety"].answer


def test_each_topic_shows_the_live_models_held_out_score_once_a_check_has_worked_it_out(editor, console_project):
    assert "Scores appear here after the next" in editor.get("/").content.decode()
    live = console_project / publishing.LIVE
    live.parent.mkdir(parents=True, exist_ok=True)
    live.write_bytes(b"a model")
    scores = console_project / publishing.SCORES_DIR / f"{publishing.current_fingerprint(live)}.json"
    scores.parent.mkdir(parents=True)
    scores.write_text(json.dumps({"faq/safety": [5, 6], "faq/prices": [4, 4]}))
    page = editor.get("/").content.decode()
    assert '<span class="warn">5 of 6</span>' in page and "<span>4 of 4</span>" in page
