from datetime import datetime, timedelta, timezone

import pytest

from actions.booking import ActionOfferBooking, describe_times
from tests.actions.conftest import run, tracker
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


# The booking link itself is utter_booking_link, sent by the rule before this action.
def test_without_a_provider_it_adds_nothing_to_the_link(clinic_file, monkeypatch):
    monkeypatch.delenv("CLINIKO_API_KEY", raising=False)
    assert run(ActionOfferBooking(), tracker()) == ([], [])


def test_a_key_without_cliniko_ids_adds_nothing(clinic_file, monkeypatch):
    monkeypatch.setenv("CLINIKO_API_KEY", "key-uk1")
    assert run(ActionOfferBooking(), tracker()) == ([], [])


def test_with_cliniko_it_shows_the_next_free_times_in_the_clinics_time_zone(cliniko):
    soon = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    starts = [soon + timedelta(hours=h) for h in (5, 1, 3, 2)]
    cliniko.reply_with(Reply(body={"available_times": [
        {"appointment_start": start.isoformat().replace("+00:00", "Z")} for start in starts
    ]}))
    [message], _ = run(ActionOfferBooking(), tracker())
    assert message["response"] == "utter_booking_times"
    # The three earliest, in London time, not UTC.
    from zoneinfo import ZoneInfo
    london = [start.astimezone(ZoneInfo("Europe/London")) for start in sorted(starts)[:3]]
    assert message["times"] == describe_times(london)


def test_when_cliniko_fails_the_link_is_enough(cliniko):
    cliniko.reply_with(Reply(status=500))
    assert run(ActionOfferBooking(), tracker()) == ([], [])


def test_no_free_times_means_the_link_alone(cliniko):
    cliniko.reply_with(Reply(body={"available_times": []}))
    assert run(ActionOfferBooking(), tracker()) == ([], [])


def test_times_read_naturally():
    london = timezone(timedelta(0))
    text = describe_times([datetime(2026, 11, 23, 9, 30, tzinfo=london)])
    assert text == "• Monday 23 November, 9:30 AM"
