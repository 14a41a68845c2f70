"""Talking to the running assistant as a website visitor does: the REST channel."""
from __future__ import annotations

import uuid
from typing import Any, Dict, List

import requests

from bot.serve import Servers


def say(servers: Servers, text: str, sender: str = "") -> List[Dict[str, Any]]:
    response = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender or uuid.uuid4().hex, "message": text},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()
