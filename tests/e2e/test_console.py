"""The clinic console in a real browser, started by the same Servers as `make run`: an owner
made with `bot staff add` signs in and sets the clinic's prices; an editor turns a question
a visitor really asked into an example of a topic from the missed-questions queue."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from playwright.sync_api import Page, expect

from bot.clinic import load_clinic_settings
from bot.staff.content.topics import FaqContent
from tests.conftest import ARTIFACTS
from tests.e2e.chat import say

PASSWORD = "a-long-staff-password"
PRICES = "A first visit is $95; follow-up visits are $75."
MISSED = "do u do anything for a sore heel? text me on 07700 900123"
MISSED_MASKED = "do u do anything for a sore heel? text me on <phone>"


def bot_staff_add(environment, name: str, role: str) -> None:
    """The only terminal command: the password typed at its prompt (here, on its input)."""
    added = subprocess.run([sys.executable, "-m", "bot.staff.cli", "staff", "add", name, "--role", role],
                           input=f"{PASSWORD}\n{PASSWORD}\n", text=True, capture_output=True,
                           env={**os.environ, **environment}, timeout=120)
    assert added.returncode == 0, added.stderr


@pytest.fixture(scope="module")
def staff(servers, console_environment):
    bot_staff_add(console_environment, "olivia", "owner")
    bot_staff_add(console_environment, "eddie", "editor")


@pytest.fixture
def signed_in(browser, servers, staff):
    contexts = []

    def sign_in(name: str, **options) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{servers.console_url}/")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Answers")).to_be_visible()
        return page

    yield sign_in
    for context in contexts:
        context.close()


def test_the_owner_fills_in_the_clinics_prices(signed_in, console_project):
    page = signed_in("olivia")
    page.get_by_role("link", name="Clinic settings").click()
    page.get_by_label("Prices").fill(PRICES)
    page.screenshot(path=str(ARTIFACTS / "console-clinic-settings.png"), full_page=True)
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_role("status")).to_contain_text("Saved 1 setting")
    assert load_clinic_settings(console_project / "clinic.yml").prices == PRICES


def test_an_editor_adds_a_missed_question_as_an_example(signed_in, servers, console_project):
    say(servers, MISSED, sender=uuid.uuid4().hex)
    page = signed_in("eddie", viewport={"width": 390, "height": 844})  # a phone, between patients
    expect(page.get_by_role("link", name="Clinic settings")).to_have_count(0)
    page.get_by_role("link", name="Missed questions").click()
    row = page.get_by_role("row").filter(has_text=MISSED_MASKED)
    expect(row).to_be_visible()
    assert "07700" not in page.content()
    page.screenshot(path=str(ARTIFACTS / "console-missed-questions.png"), full_page=True)
    row.get_by_label("Topic").select_option("other_conditions")
    row.get_by_role("button", name="Add as example").click()
    expect(page.get_by_role("status")).to_contain_text("Added as an example of other_conditions")
    expect(page.get_by_role("row").filter(has_text=MISSED_MASKED)).to_have_count(0)
    assert MISSED_MASKED in FaqContent(console_project).topics()["other_conditions"].examples
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("row").filter(has_text="eddie")).to_contain_text("missed question")
    page.screenshot(path=str(ARTIFACTS / "console-history.png"), full_page=True)
