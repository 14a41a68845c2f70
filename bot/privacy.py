"""Masking what identifies a patient (phone numbers, email addresses) in what we keep and log."""
from __future__ import annotations

import logging
import re
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Any run of 7 or more digits, spaced or punctuated as people write phone numbers in any
# country; masking a date or an order number too is the safe side of the mistake.
PHONE = re.compile(r"[+(]{0,2}\d(?:[\s().-]{0,3}\d){6,}")


def mask(text: str) -> str:
    return PHONE.sub("<phone>", EMAIL.sub("<email>", text))


def mask_logs() -> None:
    """Masks every log record this process writes, whatever logs it (Rasa, structlog,
    Sanic, our own code), before any handler formats it."""
    make_record = logging.getLogRecordFactory()

    def masked_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.msg, record.args = mask(record.getMessage()), ()
        return record

    logging.setLogRecordFactory(masked_record)
