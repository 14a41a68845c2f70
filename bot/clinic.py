"""Everything the action server reads from outside its code, read in one place.

- `clinic.yml` (or the file named by CLINIC_SETTINGS): the clinic's own details.
- Environment: CLINIKO_API_KEY and, for tests or proxies, CLINIKO_API_URL.
"""
from __future__ import annotations

import os
import re
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConstrainedStr, HttpUrl, PositiveInt, ValidationError, conint, root_validator, validator

from bot.contract import PROJECT_ROOT

logger = logging.getLogger(__name__)

DEFAULT_SETTINGS_FILE = PROJECT_ROOT / "clinic.yml"
ORIGIN = re.compile(r"https?://[^/\s]+")  # scheme and host[:port], as browsers send it


class SettingsError(RuntimeError):
    """The settings file is missing or invalid; the message says what to fix."""


class ClinikoSettings(BaseModel, extra="forbid"):
    business_id: str
    practitioner_id: str
    appointment_type_id: str


class Fact(ConstrainedStr):
    """A fact in the clinic's words, shown to visitors as written: a sentence or two."""
    strip_whitespace = True
    min_length = 1
    max_length = 400  # with the answer around it, one chat bubble
    regex = re.compile(r"[^{}]*\Z")  # braces would be read as a placeholder (pydantic matches from the start)


class SessionMinutes(BaseModel, extra="forbid"):
    first_visit: Optional[conint(ge=10, le=240)] = None
    follow_up: Optional[conint(ge=10, le=240)] = None

    @root_validator(skip_on_failure=True)
    def _both_or_neither(cls, values: Dict[str, Any]) -> Dict[str, Any]:
        if (values["first_visit"] is None) != (values["follow_up"] is None):
            raise ValueError("set both first_visit and follow_up, or neither")
        return values


class Services(BaseModel, extra="forbid"):
    """What the clinic offers besides acupuncture: true, false, or not set (~)."""
    free_consultation: Optional[bool] = None
    cupping: Optional[bool] = None
    tuina: Optional[bool] = None
    herbal_medicine: Optional[bool] = None
    moxibustion: Optional[bool] = None
    electro_acupuncture: Optional[bool] = None
    dry_needling: Optional[bool] = None

    def offered(self) -> List[str]:
        """The treatments besides acupuncture that the clinic says it offers, by name."""
        return [SERVICE_NAMES[name] for name, offered in self if offered and name in SERVICE_NAMES]


SERVICE_NAMES = {
    "cupping": "cupping", "tuina": "tuina (Chinese therapeutic massage)", "herbal_medicine": "Chinese herbal medicine",
    "moxibustion": "moxibustion", "electro_acupuncture": "electro-acupuncture", "dry_needling": "dry needling",
}
# Settings that no response shows as they are: the structured ones appear through
# DERIVED_FACTS; website_origins, cliniko and the rest are for the servers.
NOT_SHOWN = frozenset({"timezone", "keep_conversations_days", "privacy_url", "website_origins", "cliniko",
                       "session_minutes", "services", "confirmed_answers"})
DERIVED_FACTS = ("first_visit_minutes", "follow_up_minutes", "free_consultation", "other_services")
# Answers written for the clinic from general practice rather than from a document; each
# is served, and `bot check` lists it as not yet confirmed until `confirmed_answers` names it.
ANSWERS_TO_CONFIRM = ("needles", "does_it_hurt", "after_treatment")


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
    privacy_url: Optional[HttpUrl] = None
    website_origins: List[str] = []
    cliniko: Optional[ClinikoSettings] = None
    # What visitors ask about the clinic itself; not set (None) means "ask our team".
    prices: Optional[Fact] = None
    payment_methods: Optional[Fact] = None
    insurance: Optional[Fact] = None
    session_minutes: SessionMinutes = SessionMinutes()
    cancellation_policy: Optional[Fact] = None
    parking: Optional[Fact] = None
    directions: Optional[Fact] = None
    accessibility: Optional[Fact] = None
    what_to_wear: Optional[Fact] = None
    what_to_bring: Optional[Fact] = None
    languages: List[Fact] = []
    gift_vouchers: Optional[Fact] = None
    practitioners: Optional[Fact] = None
    services: Services = Services()
    conditions_seen: List[Fact] = []
    confirmed_answers: List[str] = []

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

    @validator("confirmed_answers", each_item=True)
    def _answer_to_confirm(cls, value: str) -> str:
        if value not in ANSWERS_TO_CONFIRM:
            raise ValueError(f"{value!r} is not an answer to confirm; these are: {', '.join(ANSWERS_TO_CONFIRM)}")
        return value

    def facts(self) -> Dict[str, Any]:
        """What responses may use and test, by name (`fact_names()`): the clinic's details
        and facts as written, None where not set; lists read as a phrase ("English and
        Mandarin"); the structured settings through the values derived from them."""
        shown = {key: getattr(self, key) for key in self.__fields__ if key not in NOT_SHOWN}
        derived = (self.session_minutes.first_visit, self.session_minutes.follow_up,
                   self.services.free_consultation, self.services.offered())
        return {**{key: shown_value(value) for key, value in shown.items()},
                **{key: shown_value(value) for key, value in zip(DERIVED_FACTS, derived, strict=True)}}

    @classmethod
    def fact_names(cls) -> List[str]:
        return [key for key in cls.__fields__ if key not in NOT_SHOWN] + list(DERIVED_FACTS)

    def template_values(self) -> Dict[str, str]:
        """Values that responses may use as `{booking_url}`, `{prices}`, ...: a fact that is
        not set reads as nothing, so a sentence built on it is left out, not wrong."""
        return {key: "" if value is None else str(value) for key, value in self.facts().items()}


def shown_value(value: Any) -> Any:
    """A setting as a response shows it: lists as a phrase ("a, b and c"), an empty list as
    not set (None); text as text; numbers and true/false as they are, for conditions."""
    if isinstance(value, list):
        return (value[0] if len(value) == 1 else f"{', '.join(value[:-1])} and {value[-1]}") if value else None
    return str(value) if isinstance(value, str) else value


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


def settings_file() -> Path:
    return Path(os.environ.get("CLINIC_SETTINGS", DEFAULT_SETTINGS_FILE))


class SettingsFile:
    """clinic.yml as a running server reads it: again whenever the file changes (the staff
    console saves it), so answers use new facts without a restart. A change that breaks
    the file is logged and the last good settings stay: no answer fails over it."""

    def __init__(self) -> None:
        self._version: Optional[Tuple[Path, int, int]] = None
        self._settings: Optional[ClinicSettings] = None

    def current(self) -> ClinicSettings:
        path = settings_file()
        status = path.stat() if path.exists() else None
        version = (path, status.st_mtime_ns, status.st_size) if status else (path, 0, 0)
        if version != self._version:
            try:
                self._settings = load_clinic_settings(path)
            except SettingsError:
                if self._settings is None or self._version[0] != path:
                    raise
                logger.exception("clinic settings %s are invalid; the last good ones stay in use", path)
            self._version = version
        return self._settings


_SETTINGS_FILE = SettingsFile()


def clinic() -> ClinicSettings:
    """The clinic's settings, as the file says now (a stat per call; read when it changed)."""
    return _SETTINGS_FILE.current()


def cliniko_credentials() -> Optional[ClinikoCredentials]:
    """Credentials for Cliniko's API, or None when no key is set."""
    api_key = os.environ.get("CLINIKO_API_KEY", "").strip()
    if not api_key:
        return None
    # Cliniko keys end with their shard ("...-uk1"); keys without one live on au1.
    shard = api_key.rsplit("-", 1)[1] if "-" in api_key else "au1"
    base_url = os.environ.get("CLINIKO_API_URL") or f"https://api.{shard}.cliniko.com/v1"
    return ClinikoCredentials(api_key=api_key, base_url=base_url.rstrip("/"))
