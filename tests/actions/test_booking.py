from datetime import datetime, timedelta, timezone

import pytest

from actions.booking import ActionOfferBooking, describe_times
from tests.actions.conftest import TEST_CLINIC, run, tracker
from tests.http_stand_in import Reply, StandIn

CLINIKO_IDS = {"business_id": "1", "practitioner_id": "2", "appointment_type_id": "3"}


@pytest.fixture
def cliniko(clinic_file, monkeypatch):
    """Cliniko configured and answered by a local stand-in."""
    clinic_file(cliniko=CLINIKO_IDS)
    with StandIn() as api:
        monkeypatch.setenv("CLINIKO_API_KEY", "key-uk1")
        monkeypatch.setenv("CLINIKO_API_URL", f"{api.url}/v1")
        yield api


def test_without_a_provider_it_offers_the_clinics_booking_link(clinic_file, monkeypatch):
    monkeypatch.delenv("CLINIKO_API_KEY", raising=False)
    messages, events = run(ActionOfferBooking(), tracker())
    assert events == []
    [message] = messages
    assert message["response"] == "utter_booking_link"
    assert message["booking_url"] == TEST_CLINIC["booking_url"]


def test_a_key_without_cliniko_ids_still_offers_the_link(clinic_file, monkeypatch):
    monkeypatch.setenv("CLINIKO_API_KEY", "key-uk1")
    [message], _ = run(ActionOfferBooking(), tracker())
    assert message["response"] == "utter_booking_link"


def test_with_cliniko_it_shows_the_next_free_times_in_the_clinics_time_zone(cliniko):
    soon = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    starts = [soon + timedelta(hours=h) for h in (5, 1, 3, 2)]
    cliniko.reply_with(Reply(body={"available_times": [
        {"appointment_start": start.isoformat().replace("+00:00", "Z")} for start in starts
    ]}))
    [message], _ = run(ActionOfferBooking(), tracker())
    assert message["response"] == "utter_booking_times"
    assert message["booking_url"] == TEST_CLINIC["booking_url"]
    # The three earliest, in London time, not UTC.
    from zoneinfo import ZoneInfo
    london = [start.astimezone(ZoneInfo("Europe/London")) for start in sorted(starts)[:3]]
    assert message["times"] == describe_times(london)


def test_when_cliniko_fails_it_falls_back_to_the_link(cliniko):
    cliniko.reply_with(Reply(status=500))
    [message], _ = run(ActionOfferBooking(), tracker())
    assert message["response"] == "utter_booking_link"


def test_no_free_times_means_the_link(cliniko):
    cliniko.reply_with(Reply(body={"available_times": []}))
    [message], _ = run(ActionOfferBooking(), tracker())
    assert message["response"] == "utter_booking_link"


def test_times_read_naturally():
    london = timezone(timedelta(0))
    text = describe_times([datetime(2026, 11, 23, 9, 30, tzinfo=london)])
    assert text == "• Monday 23 November, 9:30 AM"
