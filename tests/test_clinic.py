import pytest
import yaml

import bot.clinic as settings
from bot.clinic import SettingsError, load_clinic_settings
from tests.conftest import TEST_CLINIC
from tests.conftest import ROOT


def test_the_committed_settings_file_is_valid():
    clinic = load_clinic_settings(ROOT / "clinic.yml")
    assert clinic.booking_url.startswith("https://")
    assert clinic.emergency_number


def test_settings_come_from_the_file_named_by_the_environment(clinic_file):
    clinic_file(name="Riverside Acupuncture")
    assert settings.clinic().name == "Riverside Acupuncture"
    assert settings.clinic().template_values()["emergency_number"] == "112"


def test_a_changed_file_is_read_again_and_a_broken_change_keeps_the_last_good_settings(clinic_file, caplog):
    path = clinic_file(prices="A visit is $80.")
    assert settings.clinic().prices == "A visit is $80."
    clinic_file(prices="A visit is $85, follow-ups $70.")  # as the console saves it, no restart
    assert settings.clinic().prices == "A visit is $85, follow-ups $70."
    path.write_text(path.read_text().replace("Europe/London", "Mars/Olympus"))
    assert settings.clinic().prices == "A visit is $85, follow-ups $70."
    assert "the last good ones stay in use" in caplog.text


@pytest.mark.parametrize(
    "change, complaint",
    [
        ({"booking_url": "not a link"}, "booking_url"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"phone_number": "123"}, "phone_number"),  # a typo in a key is not ignored
        ({"keep_conversations_days": 0}, "keep_conversations_days"),
        ({"website_origins": ["https://www.example-clinic.com/contact"]}, "scheme and host only"),
        ({"website_origins": ["www.example-clinic.com"]}, "not a web origin"),
        ({"session_minutes": {"first_visit": 90}}, "set both first_visit and follow_up, or neither"),
        ({"session_minutes": {"first_visit": 90, "follow_up": 5000}}, "follow_up"),
        ({"prices": "First visit {price}"}, "prices"),  # braces would be read as a placeholder
        ({"prices": "x" * 401}, "prices"),
        ({"services": {"free_consultation": "maybe"}}, "free_consultation"),
        ({"services": {"acupressure": True}}, "acupressure"),
        ({"confirmed_answers": ["prices"]}, "not an answer to confirm"),
    ],
)
def test_invalid_settings_say_what_is_wrong(tmp_path, change, complaint):
    path = tmp_path / "clinic.yml"
    path.write_text(yaml.safe_dump({**TEST_CLINIC, **change}))
    with pytest.raises(SettingsError, match=complaint):
        load_clinic_settings(path)


def test_facts_not_set_are_none_for_conditions_and_nothing_in_text():
    clinic = settings.ClinicSettings.parse_obj(TEST_CLINIC)
    assert clinic.facts()["prices"] is None and clinic.template_values()["prices"] == ""
    assert clinic.facts()["other_services"] is None and clinic.facts()["free_consultation"] is None
    assert list(clinic.facts()) == settings.ClinicSettings.fact_names()


def test_facts_read_as_the_clinic_wrote_them():
    clinic = settings.ClinicSettings.parse_obj({
        **TEST_CLINIC, "prices": "  $95 a visit.  ", "languages": ["English", "Mandarin", "Cantonese"],
        "services": {"cupping": True, "tuina": False, "dry_needling": True}, "session_minutes": {"first_visit": 90, "follow_up": 60}})
    facts = clinic.facts()
    assert facts["prices"] == "$95 a visit."
    assert facts["languages"] == "English, Mandarin and Cantonese"
    assert facts["other_services"] == "cupping and dry needling"
    assert (facts["first_visit_minutes"], facts["follow_up_minutes"]) == (90, 60)


def test_missing_key_is_reported(tmp_path):
    path = tmp_path / "clinic.yml"
    path.write_text(yaml.safe_dump({k: v for k, v in TEST_CLINIC.items() if k != "emergency_number"}))
    with pytest.raises(SettingsError, match="emergency_number"):
        load_clinic_settings(path)


def test_unreadable_yaml_is_reported(tmp_path):
    path = tmp_path / "clinic.yml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(SettingsError, match="cannot read"):
        load_clinic_settings(path)


def test_no_cliniko_credentials_without_a_key(monkeypatch):
    monkeypatch.delenv("CLINIKO_API_KEY", raising=False)
    assert settings.cliniko_credentials() is None


@pytest.mark.parametrize(
    "key, url",
    [
        ("abc123-uk1", "https://api.uk1.cliniko.com/v1"),
        ("abc123", "https://api.au1.cliniko.com/v1"),
    ],
)
def test_cliniko_shard_comes_from_the_key(monkeypatch, key, url):
    monkeypatch.setenv("CLINIKO_API_KEY", key)
    monkeypatch.delenv("CLINIKO_API_URL", raising=False)
    assert settings.cliniko_credentials().base_url == url
