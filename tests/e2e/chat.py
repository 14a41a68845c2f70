"""Talking to the running assistant as a website visitor does: the REST channel."""
from __future__ import annotations

import uuid
from typing import Any, Dict, List

import requests

from bot.ops.serve import Servers


def say(servers: Servers, text: str, sender: str = "") -> List[Dict[str, Any]]:
    return say_to(servers.rasa_url, text, sender)


def say_to(url: str, text: str, sender: str = "") -> List[Dict[str, Any]]:
    """The same, to any Rasa server or proxy in front of several."""
    response = requests.post(
        f"{url}/webhooks/rest/webhook",
        json={"sender": sender or uuid.uuid4().hex, "message": text},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()
