import base64
from datetime import date, datetime, timezone

import pytest

from actions import cliniko
from actions.cliniko import ClinikoClient, ClinikoError
from tests.http_stand_in import Reply, StandIn

TIMES = {
    "available_times": [
        {"appointment_start": "2026-11-24T15:00:00Z"},
        {"appointment_start": "2026-11-23T09:30:00Z"},
    ],
    "total_entries": 2,
}


@pytest.fixture
def api():
    with StandIn() as stand_in:
        yield stand_in


def client(api):
    return ClinikoClient(f"{api.url}/v1", "secret-key-uk1", "desk@clinic.example")


def times(api):
    return client(api).available_times("11", "22", "33", start=date(2026, 11, 21))


def test_reads_free_times_earliest_first(api):
    api.reply_with(Reply(body=TIMES))
    assert times(api) == [
        datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc),
        datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc),
    ]


def test_request_follows_clinikos_api(api):
    api.reply_with(Reply(body=TIMES))
    times(api)
    request = api.received[0]
    assert request.path == "/v1/businesses/11/practitioners/22/appointment_types/33/available_times"
    # Cliniko allows at most seven days per request.
    assert request.query == {"from": ["2026-11-21"], "to": ["2026-11-27"]}
    user, _, password = base64.b64decode(request.headers["Authorization"].split()[1]).decode().partition(":")
    assert (user, password) == ("secret-key-uk1", "")
    assert "desk@clinic.example" in request.headers["User-Agent"]


def test_a_5xx_is_retried_once(api):
    api.reply_with(Reply(status=503), Reply(body=TIMES))
    assert len(times(api)) == 2
    assert len(api.received) == 2


def test_a_lasting_outage_is_an_error(api):
    api.reply_with(Reply(status=503))
    with pytest.raises(ClinikoError):
        times(api)
    assert len(api.received) == 2


def test_a_refused_key_is_an_error_and_not_retried(api):
    api.reply_with(Reply(status=401, body={"message": "unauthorized"}))
    with pytest.raises(ClinikoError, match="401"):
        times(api)
    assert len(api.received) == 1


def test_a_slow_answer_times_out(api, monkeypatch):
    monkeypatch.setattr(cliniko, "TIMEOUT", (0.5, 0.3))
    api.reply_with(Reply(body=TIMES, delay=2))
    with pytest.raises(ClinikoError):
        times(api)


@pytest.mark.parametrize(
    "body",
    [
        "this is not json",
        {"unexpected": []},
        {"available_times": [{"appointment_start": "tomorrow at nine"}]},
        {"available_times": [{"appointment_start": "2026-11-23T09:30:00"}]},  # no time zone
    ],
)
def test_unusable_answers_are_errors(api, body):
    api.reply_with(Reply(body=body))
    with pytest.raises(ClinikoError):
        times(api)


def test_an_unreachable_server_is_an_error():
    with StandIn() as gone:
        url = gone.url
    with pytest.raises(ClinikoError):
        ClinikoClient(url, "key", "desk@clinic.example").available_times("1", "1", "1", date.today())
