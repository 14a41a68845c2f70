"""How many messages one conversation, and one network address, may send per minute.

Kept in memory by each Rasa server process: with several replicas, each counts its own
share, so put the same limit at the proxy too (docs/website-widget.md). Behind a proxy,
set SANIC_PROXIES_COUNT (Sanic reads it) so the visitor's address, not the proxy's, is counted.
A message describing a red flag is never held back: safety advice is not rate-limited.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Any, Callable, Deque, Dict, Mapping, Optional

from sanic.request import Request

from bot.nlu.triage.detector import shared_detector

TOO_FAST = ("You're sending messages faster than I can answer. Please wait a minute, "
            "then ask again.")
WINDOW_S = 60.0
PER_CONVERSATION = 20  # unless credentials.yml says otherwise
PER_ADDRESS = 120
FORGET_AFTER_KEYS = 10_000  # past this many, keys with nothing in the window are dropped


class SlidingWindow:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._sent: Dict[str, Deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = self._clock()
        if len(self._sent) > FORGET_AFTER_KEYS:
            self._sent = {k: times for k, times in self._sent.items() if times and now - times[-1] < WINDOW_S}
        times = self._sent.setdefault(key, deque())
        while times and now - times[0] >= WINDOW_S:
            times.popleft()
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True


class VisitorLimits:
    """Per conversation and per address; set in credentials.yml under the channel."""

    def __init__(self, per_conversation: int = PER_CONVERSATION, per_address: int = PER_ADDRESS,
                 clock: Callable[[], float] = time.monotonic):
        self.by_conversation = SlidingWindow(per_conversation, clock)
        self.by_address = SlidingWindow(per_address, clock)

    @classmethod
    def from_credentials(cls, credentials: Optional[Mapping[str, Any]]) -> "VisitorLimits":
        credentials = credentials or {}
        return cls(int(credentials.get("messages_per_minute_per_conversation", PER_CONVERSATION)),
                   int(credentials.get("messages_per_minute_per_address", PER_ADDRESS)))

    def allow(self, conversation: str, address: str, text: str = "") -> bool:
        """Within both limits; or a red flag, which is answered whatever the count."""
        within = self.by_conversation.allow(conversation) and self.by_address.allow(address)
        return within or shared_detector().triage(text).level is not None


def client_address(request: Request) -> str:
    """The visitor's address: from the proxy's headers when Sanic is told to trust them."""
    return request.remote_addr or request.ip
