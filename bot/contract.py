"""What the Rasa server, the action server and the staff tools all read the same way.

The names of the labels a parse can end in, how to read an FAQ answer's topic out of a
parse result, how two questions are compared, and the least a topic needs to be learnt, how a model is fingerprinted.
Plain Python (no Rasa): the action server, which runs without Rasa, imports it too.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

PROJECT_ROOT = Path(__file__).resolve().parent.parent  # the project this package belongs to

FAQ_INTENT = "faq"  # the retrieval intent of every FAQ topic: "faq/<topic>"
OUT_OF_SCOPE = "out_of_scope"
NLU_FALLBACK = "nlu_fallback"  # Rasa's DEFAULT_NLU_FALLBACK_INTENT_NAME (a test holds them equal)
NOT_COVERED = "not_covered"  # near the clinic's domain, and no topic answers it
OTHER_LANGUAGE = "other_language"
FEEDBACK = "feedback"  # "Was this helpful?" under an answer: a payload with `helpful` yes or no
# Labels that answer nothing: the visitor is told plainly that the assistant can't help here.
DECLINED = frozenset({OUT_OF_SCOPE, NLU_FALLBACK, NOT_COVERED, OTHER_LANGUAGE})
DISCLAIMER_RESPONSE = "utter_medical_disclaimer"  # added to health answers by the NLG, sent by no rule
MIN_EXAMPLES_PER_TOPIC = 10  # fewer and the classifier cannot learn a topic
MAX_MESSAGE_CHARS = 2000  # several paragraphs; a longer "question" is a paste or an attack

Parse = Mapping[str, Any]  # a parse result, as Rasa's HTTP API and the tracker give it


def faq_selection(parse: Parse, intent: str = FAQ_INTENT) -> Dict[str, Any]:
    """The response selector's part of a parse for a retrieval intent: "response" (the
    chosen topic and its confidence) and "ranking"; empty when there is none."""
    return (parse.get("response_selector") or {}).get(intent) or {}


def chosen_topic(parse: Parse, intent: str = FAQ_INTENT) -> Optional[Tuple[str, float]]:
    """("faq/<topic>", confidence) of the topic the response selector chose, if any."""
    response = faq_selection(parse, intent).get("response") or {}
    key = response.get("intent_response_key")
    return (key, response.get("confidence") or 0.0) if key else None


def ranked_topics(parse: Parse) -> List[str]:
    """The FAQ topics ("faq/<topic>") in the response selector's order."""
    return [entry["intent_response_key"] for entry in faq_selection(parse).get("ranking") or []
            if entry.get("intent_response_key")]


def predicted_label(parse: Parse) -> str:
    """What the assistant answers with: "faq/<topic>" for an FAQ answer, else the intent."""
    intent = (parse.get("intent") or {}).get("name") or ""
    topic = chosen_topic(parse) if intent == FAQ_INTENT else None
    return topic[0] if topic else intent


def normalise(text: str) -> str:
    """Case, punctuation and spacing do not make two questions (or a reply and a button) different."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def model_fingerprint(path: Path) -> Optional[str]:
    """A model file's SHA-256: the console's model server sends it as the ETag, and the Rasa
    server gives it back (If-None-Match) to be sent only a model it does not have."""
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as model:
        for block in iter(lambda: model.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
