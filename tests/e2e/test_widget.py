"""The website chat widget in a real browser (Debian's Chromium, driven by Playwright),
on the demo page `make run` serves, against the real running servers."""
from __future__ import annotations

import json

import pytest
import requests
import yaml
from playwright.sync_api import Page, expect

from bot.clinic import load_clinic_settings
from tests.conftest import ARTIFACTS, ROOT
from tests.e2e.conftest import API_TOKEN

CLINIC = load_clinic_settings(ROOT / "clinic.yml")
ANSWER_TIMEOUT_MS = 30_000


def answer(topic: str) -> str:
    """The FAQ answer staff wrote for a topic, as the widget shows it (folded text)."""
    content = yaml.safe_load((ROOT / "data" / "faq" / f"{topic}.yml").read_text())
    return content["responses"][f"utter_faq/{topic}"][0]["text"]


@pytest.fixture
def open_page(browser, servers):
    """Opens the demo page in a fresh browser profile (own storage); fails the test on a script error."""
    contexts, errors = [], []

    def open_page(**options) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(error))
        page.goto(f"{servers.widget_url}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"script errors on the page: {errors}"


def open_chat(page: Page) -> None:
    page.get_by_role("button", name=f"Chat with {CLINIC.name}").click()
    expect(page.get_by_role("dialog", name=f"Chat with {CLINIC.name}")).to_be_visible()


def ask(page: Page, question: str) -> None:
    page.get_by_role("textbox", name="Your question").fill(question)
    page.keyboard.press("Enter")


def bot_messages(page: Page):
    return page.locator(".message--bot")


def test_a_visitor_asks_chooses_a_reply_books_and_comes_back(open_page, servers):
    page = open_page()
    expect(page.get_by_role("dialog")).to_be_hidden()
    open_chat(page)
    expect(bot_messages(page).first).to_contain_text(f"virtual assistant of {CLINIC.name}")  # the greeting

    ask(page, "how many sessions will i need for my back?")
    expect(page.locator(".message--user").last).to_contain_text("how many sessions will i need for my back?")
    expect(bot_messages(page).filter(has_text=answer("number_of_sessions"))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    expect(bot_messages(page).last).to_contain_text("not medical advice")
    expect(page.get_by_role("textbox", name="Your question")).to_have_value("")

    page.get_by_role("button", name="Book an appointment").click()  # a quick reply sends its payload
    expect(page.locator(".message--user .bubble").last).to_have_text("Book an appointment")
    booking = page.get_by_role("dialog").get_by_role("link", name="Book online")
    expect(booking).to_have_attribute("href", str(CLINIC.booking_url), timeout=ANSWER_TIMEOUT_MS)
    expect(booking).to_have_attribute("target", "_blank")
    expect(page.get_by_role("button", name="Book an appointment")).to_have_count(0)  # used replies go
    page.screenshot(path=str(ARTIFACTS / "widget-conversation.png"))

    shown = page.locator(".message").all_inner_texts()
    page.reload()
    expect(page.get_by_role("dialog")).to_be_visible()  # still open, with the whole conversation
    assert page.locator(".message").all_inner_texts() == shown
    ask(page, "is it safe?")
    expect(bot_messages(page).filter(has_text=answer("safety"))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)

    # one conversation on the server, before and after the reload
    session_id = page.evaluate(f"JSON.parse(localStorage.getItem('clinic-chat:{servers.rasa_url}')).sessionId")
    tracker = requests.get(f"{servers.rasa_url}/conversations/{session_id}/tracker",
                           params={"token": API_TOKEN}, timeout=30).json()
    said = [event["text"] for event in tracker["events"] if event["event"] == "user"]
    assert said == ["how many sessions will i need for my back?", "/book_appointment", "is it safe?"]


def test_red_flag_advice_stands_out_and_is_announced(open_page):
    page = open_page()
    open_chat(page)
    ask(page, "I have sudden numbness in my groin and can't control my bladder")
    urgent = page.locator(".message--urgent")
    expect(urgent.first).to_contain_text("needs a doctor today", timeout=ANSWER_TIMEOUT_MS)
    expect(urgent.last).to_contain_text(CLINIC.emergency_number)
    expect(page.get_by_role("alert").first).to_be_visible()
    assert urgent.first.evaluate("node => getComputedStyle(node.querySelector('.bubble')).borderLeftWidth") == "6px"


def test_a_deleted_conversation_is_forgotten_by_the_browser_too(open_page, servers):
    page = open_page()
    open_chat(page)
    ask(page, "is acupuncture safe? my number is 07700 900123")
    expect(bot_messages(page).filter(has_text=answer("safety"))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    ask(page, "please delete my data")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(bot_messages(page).last).to_contain_text("has been deleted", timeout=ANSWER_TIMEOUT_MS)
    kept = page.evaluate(f"localStorage.getItem('clinic-chat:{servers.rasa_url}')")
    assert "07700" not in kept and "acupuncture safe" not in kept
    page.reload()
    expect(page.locator(".message")).to_have_count(1)
    expect(bot_messages(page).first).to_contain_text("has been deleted")


def test_the_widget_answers_over_rest_when_the_socket_cannot_connect(open_page):
    page = open_page()
    page.route("**/socket.io/**", lambda route: route.abort())
    open_chat(page)
    ask(page, "What is acupuncture?")
    expect(bot_messages(page).filter(has_text=answer("what_is_acupuncture"))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)


def test_when_the_assistant_cannot_be_reached_the_clinics_phone_and_the_emergency_number_are_shown(open_page):
    page = open_page()
    page.route("**/socket.io/**", lambda route: route.abort())
    page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    open_chat(page)
    ask(page, "my back hurts and I can't feel my legs")
    error = bot_messages(page).last
    expect(error).to_contain_text("can't reach the assistant", timeout=ANSWER_TIMEOUT_MS)
    expect(error).to_contain_text(CLINIC.phone)
    expect(error).to_contain_text(f"call {CLINIC.emergency_number}")


def test_when_the_assistant_stops_answering_mid_conversation_the_phone_and_emergency_number_are_shown(open_page):
    page = open_page()
    open_chat(page)
    ask(page, "What is acupuncture?")
    expect(bot_messages(page).filter(has_text=answer("what_is_acupuncture"))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    page.route("**/socket.io/**", lambda route: route.abort())  # the server goes quiet
    ask(page, "my back hurts and I can't feel my legs")
    error = bot_messages(page).last
    expect(error).to_contain_text("can't reach the assistant", timeout=ANSWER_TIMEOUT_MS + 10_000)
    expect(error).to_contain_text(CLINIC.phone)
    expect(error).to_contain_text(f"call {CLINIC.emergency_number}")


def test_typed_text_and_answers_are_shown_as_text_never_as_html(open_page):
    page = open_page()
    hostile = '<img src=x onerror="window.injected=1"><b>bold</b>'
    # a server (or a proxy) sending markup and a script link: shown as text, link dropped
    page.route("**/webhooks/rest/webhook", lambda route: route.fulfill(
        content_type="application/json", headers={"Access-Control-Allow-Origin": "*"},
        body=json.dumps([{"text": hostile, "buttons": [{"title": "Click", "url": "javascript:window.injected=2"},
                                                       {"title": "Fine", "url": "https://example.com/"}]}])))
    page.route("**/socket.io/**", lambda route: route.abort())
    open_chat(page)
    ask(page, hostile)
    expect(page.locator(".message--user .bubble").last).to_have_text(hostile)
    expect(bot_messages(page).last.locator(".bubble")).to_have_text(hostile, timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("img, b").count() == 0
    expect(page.get_by_role("link", name="Click")).to_have_count(0)
    expect(page.get_by_role("link", name="Fine")).to_have_attribute("href", "https://example.com/")
    assert page.evaluate("window.injected") is None


def test_the_chat_works_from_the_keyboard(open_page):
    page = open_page()
    launcher = page.get_by_role("button", name=f"Chat with {CLINIC.name}")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    box = page.get_by_role("textbox", name="Your question")
    expect(box).to_be_focused()
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("second line")
    expect(box).to_have_value("first line\nsecond line")
    expect(page.locator(".message--user")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_on_a_phone_the_open_chat_fills_the_screen(open_page):
    page = open_page(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    open_chat(page)
    ask(page, "How does acupuncture relieve pain?")
    expect(bot_messages(page).filter(has_text=answer("how_acupuncture_works"))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)
    panel = page.get_by_role("dialog").bounding_box()
    assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, 375, 667)
    page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))
    page.get_by_role("button", name="Close chat").click()
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_the_embed_tag_sets_name_colour_and_greeting(open_page):
    page = open_page()
    open_chat(page)
    header = page.get_by_role("dialog").locator(".header")
    expect(header.get_by_role("heading")).to_have_text(CLINIC.name)
    assert header.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(91, 74, 46)"  # data-color
    expect(page.get_by_role("dialog")).to_contain_text(f"call {CLINIC.emergency_number}")


AXE = ROOT / "widget" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
# Where the latest answer starts and how far the log is scrolled, in the log's own pixels.
LOG_POSITION = """log => {
  const questions = log.querySelectorAll('.message--user');
  const answer = questions[questions.length - 1].nextElementSibling;
  const top = answer.getBoundingClientRect().top - log.getBoundingClientRect().top;
  return {answerTop: top, shown: log.clientHeight, scrolled: log.scrollTop, end: log.scrollHeight - log.clientHeight};
}"""


def ask_and_wait(page: Page, question: str, topic: str) -> None:
    ask(page, question)
    expect(bot_messages(page).filter(has_text=answer(topic))).to_have_count(1, timeout=ANSWER_TIMEOUT_MS)


def log_position(page: Page):
    return page.get_by_role("dialog").locator(".log").evaluate(LOG_POSITION)


def test_after_a_reload_the_open_chat_shows_its_latest_answer(open_page):
    page = open_page(viewport={"width": 1000, "height": 600})
    open_chat(page)
    ask_and_wait(page, "What is acupuncture?", "what_is_acupuncture")
    ask_and_wait(page, "is it safe?", "safety")
    ask_and_wait(page, "how many sessions will I need?", "number_of_sessions")
    page.reload()
    expect(page.get_by_role("dialog")).to_be_visible()
    position = log_position(page)
    assert position["scrolled"] > 0 and 0 <= position["answerTop"] < position["shown"], position


def test_a_long_answer_is_shown_from_its_start(open_page):
    page = open_page(viewport={"width": 1000, "height": 480})  # a log shorter than the answer
    open_chat(page)
    ask_and_wait(page, "What is acupuncture?", "what_is_acupuncture")
    expect(bot_messages(page).last).to_contain_text("not medical advice")  # the answer's last part is in too
    position = log_position(page)
    assert position["scrolled"] < position["end"], position  # not scrolled to the end...
    assert 0 <= position["answerTop"] <= 16, position  # ...but to the answer's first line


def test_two_tabs_show_one_conversation_each_question_and_answer_once(open_page, servers):
    first = open_page()
    second = first.context.new_page()
    second.goto(f"{servers.widget_url}/")
    open_chat(first)
    open_chat(second)
    ask_and_wait(first, "What is acupuncture?", "what_is_acupuncture")
    ask_and_wait(second, "is it safe?", "safety")
    for page in (first, second):
        expect(bot_messages(page).filter(has_text=answer("what_is_acupuncture"))).to_have_count(1)
        expect(bot_messages(page).filter(has_text=answer("safety"))).to_have_count(1)
        expect(page.locator(".message--user .bubble")).to_have_text(["What is acupuncture?", "is it safe?"])
    assert second.locator(".message").all_inner_texts() == first.locator(".message").all_inner_texts()


def test_a_suggested_reply_chosen_from_the_keyboard_leaves_the_cursor_in_the_input(open_page):
    page = open_page()
    open_chat(page)
    ask(page, "please delete my data")
    keep = page.get_by_role("button", name="No, keep it")
    keep.focus(timeout=ANSWER_TIMEOUT_MS)
    page.keyboard.press("Enter")
    expect(page.locator(".message--user .bubble").last).to_have_text("No, keep it")
    expect(page.get_by_role("textbox", name="Your question")).to_be_focused()


def wheel_moves_the_page(page: Page) -> bool:
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.move(180, 300)
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(300)
    return page.evaluate("window.scrollY") > 0


def test_on_a_phone_the_chat_is_a_modal_with_big_enough_text_and_targets_and_the_page_stays_still(open_page):
    page = open_page(**PHONE)
    assert wheel_moves_the_page(page)  # the demo page is taller than the phone
    open_chat(page)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_have_attribute("aria-modal", "true")
    assert not wheel_moves_the_page(page)
    box = dialog.get_by_role("textbox", name="Your question")
    assert box.evaluate("node => parseFloat(getComputedStyle(node).fontSize)") >= 16  # iOS zooms in below 16 px
    ask(page, "please delete my data")
    expect(dialog.get_by_role("button", name="No, keep it")).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    for control in (*dialog.locator(".quick-reply").all(), dialog.get_by_role("button", name="Close chat"),
                    dialog.get_by_role("button", name="Send")):
        size = control.bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44, (control.inner_text(), size)
    box.focus()
    for _ in range(12):  # Tab goes round the dialog's controls, never to the page behind
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "clinic-chat-host"
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert wheel_moves_the_page(page)


def test_on_a_wide_screen_the_chat_is_not_modal(open_page):
    page = open_page()
    open_chat(page)
    expect(page.get_by_role("dialog")).not_to_have_attribute("aria-modal", "true")


def test_before_anything_is_typed_the_chat_says_what_is_kept_and_for_how_long(open_page):
    page = open_page()
    open_chat(page)
    privacy = page.get_by_role("dialog").locator(".privacy")
    expect(privacy).to_contain_text(f"kept for {CLINIC.keep_conversations_days} days")
    expect(privacy).to_contain_text("delete my data")


@pytest.mark.parametrize("device", [{}, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_critical_serious_or_moderate_problem_with_the_chat_open(open_page, device):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make widget` installs axe-core from widget/package-lock.json")
    page = open_page(**device)
    open_chat(page)
    ask_and_wait(page, "how many sessions will I need?", "number_of_sessions")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, where: v.nodes.map(n => n.target)}))""")
    assert [v for v in violations if v["impact"] in ("critical", "serious", "moderate")] == []
