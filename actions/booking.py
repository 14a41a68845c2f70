"""Booking: the next free times when the clinic has set up Cliniko.

The booking link itself is a domain response sent before this action (data/rules/booking.yml).
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any, Dict, List, Text
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import clinic as settings
from actions.cliniko import ClinikoClient, ClinikoError

logger = logging.getLogger(__name__)

TIMES_SHOWN = 3


def upcoming_times(clinic: settings.ClinicSettings) -> List[datetime]:
    """The next free appointment times in the clinic's time zone; [] if unavailable."""
    credentials = settings.cliniko_credentials()
    if clinic.cliniko is None or credentials is None:
        return []
    zone = ZoneInfo(clinic.timezone)
    client = ClinikoClient(credentials.base_url, credentials.api_key, clinic.email)
    try:
        times = client.available_times(
            clinic.cliniko.business_id,
            clinic.cliniko.practitioner_id,
            clinic.cliniko.appointment_type_id,
            start=datetime.now(zone).date(),
        )
    except ClinikoError as error:
        logger.warning("Showing the booking link only: %s", error)
        return []
    return [time.astimezone(zone) for time in times[:TIMES_SHOWN]]


def describe_times(times: List[datetime]) -> Text:
    return "\n".join(f"• {time:%A %-d %B, %-I:%M %p}" for time in times)


class ActionOfferBooking(Action):
    def name(self) -> Text:
        return "action_offer_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        clinic = settings.clinic()
        # requests is blocking: keep it off the action server's event loop.
        times = await asyncio.to_thread(upcoming_times, clinic)
        if times:
            dispatcher.utter_message(response="utter_booking_times", times=describe_times(times))
        return []
