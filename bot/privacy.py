"""Masking what identifies a patient (phone numbers, email addresses) in what we keep."""
from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Any run of 7 or more digits, spaced or punctuated as people write phone numbers in any
# country; masking a date or an order number too is the safe side of the mistake.
PHONE = re.compile(r"[+(]{0,2}\d(?:[\s().-]{0,3}\d){6,}")


def mask(text: str) -> str:
    return PHONE.sub("<phone>", EMAIL.sub("<email>", text))
