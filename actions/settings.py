"""Everything the action server reads from outside its code, read in one place.

- `clinic.yml` (or the file named by CLINIC_SETTINGS): the clinic's own details.
- Environment: CLINIKO_API_KEY and, for tests or proxies, CLINIKO_API_URL.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, HttpUrl, PositiveInt, ValidationError, validator

DEFAULT_SETTINGS_FILE = Path(__file__).resolve().parent.parent / "clinic.yml"
ORIGIN = re.compile(r"https?://[^/\s]+")  # scheme and host[:port], as browsers send it


class SettingsError(RuntimeError):
    """The settings file is missing or invalid; the message says what to fix."""


class ClinikoSettings(BaseModel, extra="forbid"):
    business_id: str
    practitioner_id: str
    appointment_type_id: str


class ClinicSettings(BaseModel, extra="forbid"):
    name: str
    booking_url: HttpUrl
    phone: str
    email: str
    address: str
    hours: str
    emergency_number: str
    timezone: str = "UTC"
    keep_conversations_days: PositiveInt = 90
    website_origins: List[str] = []
    cliniko: Optional[ClinikoSettings] = None

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/London)") from None
        return value

    @validator("website_origins", each_item=True)
    def _is_origin(cls, value: str) -> str:
        if not ORIGIN.fullmatch(value):
            raise ValueError(f"{value!r} is not a web origin: write scheme and host only, "
                             f"e.g. https://www.example-clinic.com")
        return value

    def template_values(self) -> Dict[str, str]:
        """Values that responses in the domain may use, e.g. `{booking_url}`."""
        values = self.dict(exclude={"cliniko", "timezone", "keep_conversations_days", "website_origins"})
        return {key: str(value) for key, value in values.items()}


class ClinikoCredentials(BaseModel):
    api_key: str
    base_url: str


def load_clinic_settings(path: Path) -> ClinicSettings:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"cannot read clinic settings {path}: {error}") from error
    try:
        return ClinicSettings.parse_obj(raw or {})
    except ValidationError as error:
        raise SettingsError(f"invalid clinic settings in {path}:\n{error}") from error


@lru_cache(maxsize=1)
def clinic() -> ClinicSettings:
    """The clinic's settings, read once per process."""
    return load_clinic_settings(Path(os.environ.get("CLINIC_SETTINGS", DEFAULT_SETTINGS_FILE)))


def cliniko_credentials() -> Optional[ClinikoCredentials]:
    """Credentials for Cliniko's API, or None when no key is set."""
    api_key = os.environ.get("CLINIKO_API_KEY", "").strip()
    if not api_key:
        return None
    # Cliniko keys end with their shard ("...-uk1"); keys without one live on au1.
    shard = api_key.rsplit("-", 1)[1] if "-" in api_key else "au1"
    base_url = os.environ.get("CLINIKO_API_URL") or f"https://api.{shard}.cliniko.com/v1"
    return ClinikoCredentials(api_key=api_key, base_url=base_url.rstrip("/"))
