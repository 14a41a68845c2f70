"""Try it: staff talk to the draft assistant before visitors do.

The draft assistant is a Rasa server of its own (bot/ops/serve.py starts it on localhost,
with the REST channel alone and conversations kept in memory), which pulls the newest
draft from the console as the live one pulls the live model. Its messages go through
Rasa's REST channel, as a website visitor's do when the widget falls back to it.
"""
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests
from django.conf import settings

from bot.staff import publishing

REPLY_SECONDS = 60  # the first message after a draft is loaded can wait on the action server
LOADED_FILE = "draft-loaded"  # in the console's data directory: the draft fingerprint the server has


class DraftUnavailable(RuntimeError):
    """The draft assistant did not answer; the message says what staff can do."""


def note_loaded(fingerprint: str) -> None:
    """The draft server asked with this fingerprint: it has that model loaded."""
    path = settings.DATA_DIR / LOADED_FILE
    if loaded_fingerprint() != fingerprint:
        path.write_text(fingerprint)


def loaded_fingerprint() -> str:
    path = settings.DATA_DIR / LOADED_FILE
    return path.read_text().strip() if path.exists() else ""


def model_path() -> Path:
    """The model "Try it" talks to: the newest draft, else the live one."""
    draft = settings.PROJECT / publishing.DRAFT
    return draft if draft.exists() else settings.PROJECT / publishing.LIVE


def model_to_try() -> Optional[Dict[str, Any]]:
    """That model, and whether the draft server has loaded it yet."""
    model = model_path()
    if not model.exists():
        return None
    fingerprint = publishing.current_fingerprint(model)
    return {"is_draft": model == settings.PROJECT / publishing.DRAFT, "loaded": loaded_fingerprint() == fingerprint}


def send(sender: str, text: str) -> List[Dict[str, Any]]:
    """The draft assistant's replies to one message, as Rasa's REST channel gives them."""
    if not settings.DRAFT_URL:
        raise DraftUnavailable("Try it is not set up here: the console was started without a draft assistant "
                               "(CONSOLE_DRAFT_URL). `make run` starts one.")
    try:
        answer = requests.post(f"{settings.DRAFT_URL}/webhooks/rest/webhook",
                               json={"sender": sender, "message": text}, timeout=REPLY_SECONDS)
    except requests.RequestException as error:
        raise DraftUnavailable("The draft assistant is not answering; it may be starting or loading a new "
                               "draft. Try again in a minute.") from error
    if answer.status_code == 429:
        raise DraftUnavailable("That was a lot of messages in a minute; wait a moment and try again.")
    if not answer.ok:
        raise DraftUnavailable(f"The draft assistant could not answer (HTTP {answer.status_code}).")
    return [reply for reply in answer.json() if isinstance(reply, dict)]
