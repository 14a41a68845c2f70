"""A small client for Cliniko's API: the next free appointment times.

API reference: https://github.com/redguava/cliniko-api (sections/available_times.md).
Only reads are made; a slow or failing Cliniko must never hold up a conversation, so
every call has short timeouts and one retry, and errors become `ClinikoError`.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import List

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# (connect, read) seconds. A refused connection or a 5xx is retried once; a read that
# timed out is not. A slow Cliniko thus costs under 5 s, inside the 5 s the Rasa server
# gives the action server (bot/server/patches.py); the booking link has gone out before.
TIMEOUT = (1.0, 2.5)
MAX_DAYS_PER_REQUEST = 7  # Cliniko refuses wider `from`..`to` windows.


class ClinikoError(RuntimeError):
    """Cliniko could not be reached or answered something unusable."""


class ClinikoClient:
    def __init__(self, base_url: str, api_key: str, contact_email: str) -> None:
        self._base_url = base_url
        self._session = requests.Session()
        self._session.auth = (api_key, "")
        self._session.headers.update(
            {
                "Accept": "application/json",
                # Cliniko requires an app name and a contact address in the User-Agent.
                "User-Agent": f"Clinic FAQ assistant ({contact_email})",
            }
        )
        retry = Retry(total=1, read=0, backoff_factor=0.3, status_forcelist=(502, 503, 504),
                      allowed_methods=("GET",), raise_on_status=False)
        self._session.mount("http://", HTTPAdapter(max_retries=retry))
        self._session.mount("https://", HTTPAdapter(max_retries=retry))

    def available_times(
        self, business_id: str, practitioner_id: str, appointment_type_id: str, start: date
    ) -> List[datetime]:
        """Free start times (aware datetimes) in the week from `start`, earliest first."""
        url = (
            f"{self._base_url}/businesses/{business_id}/practitioners/{practitioner_id}"
            f"/appointment_types/{appointment_type_id}/available_times"
        )
        end = start + timedelta(days=MAX_DAYS_PER_REQUEST - 1)
        params = {"from": start.isoformat(), "to": end.isoformat()}
        try:
            response = self._session.get(url, params=params, timeout=TIMEOUT)
            response.raise_for_status()
            entries = response.json()["available_times"]
            times = [_parse_time(entry["appointment_start"]) for entry in entries]
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            raise ClinikoError(f"available times from Cliniko: {error}") from error
        return sorted(times)


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError(f"appointment time without a time zone: {value!r}")
    return parsed
