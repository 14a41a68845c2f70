"""The clinic console in a real browser, with its own assistant started by the same Servers
as `make run` (so publishing changes no other test's model). After the first command
(`bot staff add`), nothing needs a terminal: an owner adds an editor's account and sets
the clinic's prices; the editor turns a question a visitor asked into an example from the
missed-questions queue, trains a draft, tries it, publishes it, and the website widget
answers it the new way."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Dict

import pytest
from playwright.sync_api import Page, expect

from bot.clinic import load_clinic_settings
from bot.ops.serve import Servers, free_port
from bot.staff.content.topics import FaqContent
from tests.conftest import ARTIFACTS, ROOT
from tests.e2e.chat import say
from tests.e2e.conftest import started
from tests.e2e.test_widget import ask, bot_messages, open_chat

PASSWORD = "a-long-staff-password"
PRICES = "A first visit is $95; follow-up visits are $75."
MISSED = "do u do anything for a sore heel"
WITH_PHONE = "is it any good for a sore heel? text me on 07700 900123"
WITH_PHONE_MASKED = "is it any good for a sore heel? text me on <phone>"
PUBLISH_TIMEOUT_MS = 12 * 60_000  # training and the check on a busy 2-core CI machine


@pytest.fixture(scope="module")
def console_project(model, tmp_path_factory) -> Path:
    """A copy of the project for the console to change, with the trained model as its live
    one; Rasa's training cache and the spaCy pipeline are the checkout's, so publishing
    retrains only what changed, as it does in a clinic."""
    project = tmp_path_factory.mktemp("console-project")
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("domain.yml", "config.yml", "clinic.yml", "credentials.yml", "endpoints.yml"):
        shutil.copy2(ROOT / name, project / name)
    (project / "tests/heldout").mkdir(parents=True)
    shutil.copy2(ROOT / "tests/heldout/visitor_questions.yml", project / "tests/heldout")
    (project / "models").mkdir()
    shutil.copy2(model, project / "models/clinic.tar.gz")
    for shared in (".rasa", "build"):
        (project / shared).symlink_to(ROOT / shared)
    return project


@pytest.fixture(scope="module")
def console_environment(console_project, tmp_path_factory) -> Dict[str, str]:
    """What the console and `bot staff` read: their own database, the project copy."""
    return {"CONSOLE_DATA_DIR": str(tmp_path_factory.mktemp("console-data")), "CONSOLE_PROJECT": str(console_project),
            "CLINIC_SETTINGS": str(console_project / "clinic.yml")}  # the servers' and the console's


@pytest.fixture(scope="module")
def assistant(console_project, console_environment, tmp_path_factory):
    tracker_db = tmp_path_factory.mktemp("console-trackers") / "conversations.db"
    running = started(lambda: Servers(console_project / "models/clinic.tar.gz", free_port(), free_port(),
                                      log_dir=ARTIFACTS / "console-logs", tracker_db=tracker_db,
                                      widget_port=free_port(), console_port=free_port(), draft_port=free_port()),
                      console_environment)
    yield running
    running.stop()


def bot_staff_add(environment, name: str, role: str) -> None:
    """The only terminal command: the password typed at its prompt (here, on its input)."""
    added = subprocess.run([sys.executable, "-m", "bot.staff.cli", "staff", "add", name, "--role", role],
                           input=f"{PASSWORD}\n{PASSWORD}\n", text=True, capture_output=True,
                           env={**os.environ, **environment}, timeout=120)
    assert added.returncode == 0, added.stderr


@pytest.fixture(scope="module")
def staff(assistant, console_environment, browser):
    """The owner from the terminal, once; the editor by the owner, on the Staff page."""
    bot_staff_add(console_environment, "olivia", "owner")
    context = browser.new_context()
    page = sign_in(context.new_page(), assistant, "olivia")
    page.get_by_role("link", name="Staff").click()
    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Role", exact=True).select_option("editor")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Add the account").click()
    expect(page.get_by_role("status")).to_contain_text("Added eddie as editor")
    page.screenshot(path=str(ARTIFACTS / "console-staff.png"), full_page=True)
    context.close()


def sign_in(page: Page, assistant: Servers, name: str) -> Page:
    page.goto(f"{assistant.console_url}/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Answers")).to_be_visible()
    return page


@pytest.fixture
def signed_in(browser, assistant, staff):
    contexts = []

    def signed_in_as(name: str, **options) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        return sign_in(context.new_page(), assistant, name)

    yield signed_in_as
    for context in contexts:
        context.close()


def test_the_owner_fills_in_the_clinics_prices_and_the_assistant_says_them_at_once(signed_in, assistant,
                                                                                    console_project):
    before = " ".join(m.get("text", "") for m in say(assistant, "how much is a session?"))
    assert PRICES not in before
    page = signed_in("olivia")
    page.get_by_role("link", name="Clinic settings").click()
    page.get_by_label("Prices").fill(PRICES)
    page.screenshot(path=str(ARTIFACTS / "console-clinic-settings.png"), full_page=True)
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status")).to_contain_text("Saved 1 setting")
    assert load_clinic_settings(console_project / "clinic.yml").prices == PRICES
    after = " ".join(m.get("text", "") for m in say(assistant, "how much is a session?"))
    assert PRICES in after  # no retraining, no restart


def test_an_editor_adds_a_missed_question_publishes_and_the_widget_answers_it(
        signed_in, browser, assistant, console_project):
    for question in (MISSED, WITH_PHONE):
        say(assistant, question, sender=uuid.uuid4().hex)
    page = signed_in("eddie", viewport={"width": 390, "height": 844})  # a phone, between patients
    expect(page.get_by_role("link", name="Clinic settings")).to_have_count(0)
    page.get_by_role("link", name="Missed questions").click()
    expect(page.get_by_role("row").filter(has_text=WITH_PHONE_MASKED)).to_be_visible()
    assert "07700" not in page.content()
    row = page.get_by_role("row").filter(has_text=MISSED)
    page.screenshot(path=str(ARTIFACTS / "console-missed-questions.png"), full_page=True)
    row.get_by_label("Topic").select_option("other_conditions")
    row.get_by_role("button", name="Add as example").click()
    expect(page.get_by_role("status")).to_contain_text("Added as an example of other_conditions")
    expect(page.get_by_role("row").filter(has_text=MISSED)).to_have_count(0)
    assert MISSED in FaqContent(console_project).topics()["other_conditions"].examples

    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Train a draft to try first").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text(re.compile("Draft ready to try|Not published|Failed"), timeout=PUBLISH_TIMEOUT_MS)
    assert "Draft ready to try" in status.inner_text(), page.inner_text("main")
    publication = page.url

    page.get_by_role("link", name="Try it").first.click()
    expect(page.get_by_text("loading the newest draft")).to_have_count(0, timeout=120_000)  # it refreshes
    expect(page.get_by_text("You are talking to the newest draft")).to_be_visible()
    page.get_by_label("Your message").fill(MISSED)
    page.get_by_role("button", name="Send").click()
    conversation = page.get_by_role("list", name="Conversation with the draft assistant")
    expect(conversation.get_by_role("listitem").last).to_contain_text(other_conditions_answer(console_project))
    page.screenshot(path=str(ARTIFACTS / "console-try-it.png"), full_page=True)

    page.goto(publication)
    page.get_by_role("button", name="Publish this draft").click()
    expect(status).to_contain_text("visitors get the new answers now", timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "console-publish-result.png"), full_page=True)

    visitor = browser.new_page()
    visitor.goto(f"{assistant.widget_url}/")
    open_chat(visitor)
    ask(visitor, MISSED)
    expect(bot_messages(visitor).last).to_contain_text(other_conditions_answer(console_project), timeout=30_000)
    visitor.get_by_role("group", name="Was this answer helpful?").get_by_role("button", name="👍 Yes").click()
    expect(bot_messages(visitor).last).to_contain_text("Thank you for telling us")
    visitor.screenshot(path=str(ARTIFACTS / "console-widget-after-publish.png"))
    visitor.close()

    page.get_by_role("link", name="Insights").click()
    expect(page.get_by_role("img", name="Conversations and messages per day")).to_be_visible()
    assert page.evaluate("typeof window.Chart") == "function"  # the chart library, served by the console
    expect(page.get_by_role("row").filter(has_text="other_conditions")).to_contain_text("1 helpful")
    page.screenshot(path=str(ARTIFACTS / "console-insights.png"), full_page=True)

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("row").filter(has_text="missed question")).to_contain_text("eddie")
    expect(page.get_by_role("row").filter(has_text="publish")).to_contain_text("eddie")


def other_conditions_answer(project: Path) -> str:
    """The answer's first words, as the widget shows them (the rest names the condition)."""
    return FaqContent(project).topics()["other_conditions"].answer_text.split("{")[0].strip()[:40]
