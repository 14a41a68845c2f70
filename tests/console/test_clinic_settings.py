"""Clinic settings as a form: validated by the model the assistant loads, written round-trip."""
import pytest

from bot.clinic import load_clinic_settings
from bot.staff.console.models import ChangeRecord

pytestmark = pytest.mark.django_db
PRICES = "A first visit is $95; follow-up visits are $75."


def settings_form(client):
    form = client.get("/clinic/").context["form"]
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}


def test_the_owner_sets_the_prices_and_the_file_keeps_its_comments(owner, console_project):
    path = console_project / "clinic.yml"
    response = owner.post("/clinic/", {**settings_form(owner), "prices": PRICES, "services.cupping": "true",
                                       "session_minutes.first_visit": "90", "session_minutes.follow_up": "60",
                                       "languages": "English\nMandarin"})
    assert response.status_code == 302
    settings = load_clinic_settings(path)
    assert settings.prices == PRICES and settings.services.cupping is True
    assert settings.session_minutes.first_visit == 90 and settings.languages == ["English", "Mandarin"]
    text = path.read_text()
    assert "# The number to call in a medical emergency where the clinic is." in text
    assert "free_consultation: ~" in text or "free_consultation: null" in text  # left as not set
    assert {c.subject for c in ChangeRecord.objects.all()} >= {"prices", "services.cupping", "languages"}


@pytest.mark.parametrize("change, message", [
    ({"timezone": "Mars/Olympus"}, "unknown time zone"),
    ({"session_minutes.first_visit": "90"}, "or neither"),
    ({"booking_url": "not a web address"}, "invalid or missing URL scheme"),
    ({"prices": "x" * 401}, "400"),
])
def test_a_wrong_setting_is_refused_and_the_file_is_unchanged(owner, console_project, change, message):
    path = console_project / "clinic.yml"
    before = path.read_text()
    response = owner.post("/clinic/", {**settings_form(owner), **change})
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert path.read_text() == before


def test_a_form_left_as_it_was_leaves_the_file_byte_for_byte(owner, console_project):
    path = console_project / "clinic.yml"
    before = path.read_text()
    assert owner.post("/clinic/", settings_form(owner)).status_code == 302
    assert path.read_text() == before


def test_a_settings_file_broken_on_disk_gets_a_clear_page(owner, console_project):
    (console_project / "clinic.yml").write_text("name: [unclosed\n")
    response = owner.get("/clinic/")
    assert response.status_code == 503 and "clinic.yml is not valid YAML" in response.content.decode()
