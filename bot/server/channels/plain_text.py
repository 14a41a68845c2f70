"""Replies on channels that show only text (SMS, WhatsApp through Twilio).

Quick-reply buttons become numbered options in the message, and the visitor answers
with the number or the option's words. Which options were offered is read from the
conversation itself (the last bot message in the tracker), so it survives restarts and
works whichever server replica takes the answer. Long replies are split at paragraph,
sentence or word boundaries to fit the channel's limit.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic.request import Request

from bot.contract import normalise

CHOOSE = "Reply with a number to choose."
NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


def with_options(text: str, buttons: List[Dict[str, Any]]) -> str:
    """The text followed by the buttons: numbered choices, then links not in the text."""
    choices = [b for b in buttons if b.get("payload")]
    lines = [f"{number}. {button['title']}" for number, button in enumerate(choices, 1)]
    lines += [f"{b['title']}: {b['url']}" for b in buttons if b.get("url") and b["url"] not in text]
    if choices:
        lines.append(CHOOSE)
    return "\n\n".join([text, "\n".join(lines)]) if lines else text


def chosen_payload(reply: str, buttons: List[Dict[str, Any]]) -> Optional[str]:
    """The payload of the option the reply names, by its number or its words."""
    choices = [b for b in buttons if b.get("payload")]
    number = NUMBER.match(reply)
    if number and 1 <= int(number.group(1)) <= len(choices):
        return choices[int(number.group(1)) - 1]["payload"]
    wanted = normalise(reply)
    return next((b["payload"] for b in choices if wanted and normalise(b["title"]) == wanted), None)


def offered_buttons(tracker: Optional[DialogueStateTracker]) -> List[Dict[str, Any]]:
    """The buttons of the bot's messages since the visitor last wrote."""
    buttons: List[Dict[str, Any]] = []
    for event in reversed(tracker.events if tracker else []):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            buttons = list(event.data.get("buttons") or []) + buttons
    return buttons


async def chosen_option(request: Request, sender: str, text: str) -> Optional[str]:
    """The payload of the option the visitor's reply chooses, if it chooses one."""
    tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
    return chosen_payload(text, offered_buttons(tracker))


def split(text: str, limit: int) -> List[str]:
    """Parts of at most `limit` characters, cut at the largest boundary that fits."""
    parts: List[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit + 1]
        cut = max(window.rfind("\n\n"), window.rfind(". ") + 1, window.rfind("\n"))
        if cut <= limit // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return parts + ([rest] if rest else [])
