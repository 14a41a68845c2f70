"""The FAQ content staff edit: topics, their example questions and their answers.

A topic `safety` is one file, `data/faq/safety.yml`: its answer `utter_faq/safety` (with
the question shown on buttons and the sources) and its example questions, intent
`faq/safety`. Rasa reads both parts from the training data. Edits go through ruamel's
round-trip mode, so comments, key order and block style survive: a staff member's file is
changed, never re-dumped.
"""
from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString

from bot.contract import normalise
from bot.sources import SOURCE_FORMATS, document_numbers, source_problem

FAQ_DIR = Path("data/faq")
TOPIC_NAME = re.compile(r"[a-z][a-z0-9_]{2,59}")
ANSWER_LINE = 84  # long answers are folded over lines of this width, as staff write them
# What a follow-up button may do besides sending a question: the intents a visitor may
# start from a button, and the clinic link clinic.yml holds.
BUTTON_INTENTS = {"/book_appointment": "start booking", "/human_handoff": "reach a person",
                  "/clinic_contact": "give the clinic's contact details"}
CLINIC_LINKS = frozenset({"{booking_url}"})
BUTTON_SEPARATOR = " | "
MAX_BUTTONS = 3  # WhatsApp shows at most three reply buttons; the other channels more
MAX_BUTTON_TITLE = 40


class ContentError(ValueError):
    """A change that would make the content wrong; the message says what to do."""


class UnreadableContent(ContentError):
    """A topic file that is not valid YAML (edited by hand, say): nothing can use it until fixed."""


@dataclass
class Topic:
    name: str
    path: Path  # the file that holds it
    examples: List[str] = field(default_factory=list)
    # utter_faq/<name>: the first is the answer given when no condition applies; any
    # others have a condition (on a clinic fact, e.g. prices not set)
    variations: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def answer(self) -> Optional[Dict[str, Any]]:
        return self.variations[0] if self.variations else None

    @property
    def answer_text(self) -> str:
        return (self.answer or {}).get("text", "")


@dataclass(frozen=True)
class TopicContent:
    """Everything staff write for a topic, as a spreadsheet holds it; `buttons` None leaves
    the answer's follow-up buttons as they are (the spreadsheet has no column for them)."""
    name: str
    questions: Tuple[str, ...]
    answer: str
    sources: Tuple[str, ...]
    buttons: Optional[Tuple[Dict[str, str], ...]] = None


def button_line(button: Dict[str, Any]) -> str:
    """A button as staff write it: `Title | what it sends` (a question, an intent or a link)."""
    return f"{button.get('title', '')}{BUTTON_SEPARATOR}{button.get('url') or button.get('payload', '')}"


def parse_button(line: str) -> Dict[str, str]:
    """`Title | target` as Rasa's button: a link, one of BUTTON_INTENTS, or a question."""
    title, separator, target = (part.strip() for part in line.partition(BUTTON_SEPARATOR.strip()))
    if not separator or not title or not target:
        raise ContentError(f"{line!r}: write the button's text, then |, then what it sends, "
                           "e.g. 'How many sessions? | How many sessions will I need?'")
    if len(title) > MAX_BUTTON_TITLE:
        raise ContentError(f"{title!r}: a button's text is at most {MAX_BUTTON_TITLE} characters")
    if target in CLINIC_LINKS or target.startswith(("http://", "https://")):
        if target not in CLINIC_LINKS and not is_web_address(target):
            raise ContentError(f"{target!r} is not a complete web address")
        return {"title": title, "type": "web_url", "url": target}
    if target.startswith("/") and target not in BUTTON_INTENTS:
        raise ContentError(f"{target!r}: a button can send {', '.join(BUTTON_INTENTS)}, a question or a link")
    return {"title": title, "payload": target if target in BUTTON_INTENTS else FaqContent.clean_question(target)}


def is_web_address(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and "." in parsed.netloc and " " not in url


def round_trip() -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # keep long lines as they are
    yaml.indent(mapping=2, sequence=2, offset=0)
    # ruamel writes None as nothing; the clinic-fact conditions say `value: null`, and an
    # unchanged file must come back unchanged
    yaml.representer.add_representer(type(None), _null)
    return yaml


def _null(representer, _data):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def load_document(path: Path) -> Any:
    try:
        return round_trip().load(path.read_text(encoding="utf-8"))
    except YAMLError as error:
        raise UnreadableContent(f"{path} is not valid YAML, so no topic can be read until it is fixed: "
                                f"{error}") from error


def parse_examples(block: str) -> List[str]:
    """Rasa's `examples: |` block: one `- question` per line."""
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def answer_scalar(text: str) -> Any:
    """A multi-line answer as a `|` block, a long one folded (`>-`) as staff write it."""
    if "\n" in text:
        return LiteralScalarString(text + "\n")
    lines = textwrap.wrap(text, ANSWER_LINE, break_long_words=False, break_on_hyphens=False)
    if len(lines) < 2 or " ".join(lines) != text:
        return text
    folded = FoldedScalarString(text)
    folded.fold_pos = [sum(len(line) + 1 for line in lines[:i]) + len(lines[i]) for i in range(len(lines) - 1)]
    return folded


def examples_block(questions: Sequence[str]) -> LiteralScalarString:
    return LiteralScalarString("".join(f"- {question}\n" for question in questions))


class FaqContent:
    """The FAQ topics of one project directory."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.directory = project / FAQ_DIR

    def path(self, topic: str) -> Path:
        return self.directory / f"{topic}.yml"

    def topics(self) -> Dict[str, Topic]:
        topics: Dict[str, Topic] = {}
        for path in sorted(self.directory.glob("*.yml")):
            document = load_document(path) or {}
            for item in document.get("nlu") or []:
                intent = item.get("intent", "")
                if intent.startswith("faq/"):
                    topic = topics.setdefault(intent[4:], Topic(intent[4:], path))
                    topic.examples += parse_examples(item.get("examples", ""))
            for name, variations in (document.get("responses") or {}).items():
                if name.startswith("utter_faq/") and variations:
                    topics.setdefault(name[10:], Topic(name[10:], path)).variations = list(variations)
        return dict(sorted(topics.items()))

    def add_example(self, topic: str, question: str) -> Path:
        question = self.clean_question(question)
        path = self.path(topic)
        if not path.exists():
            raise ContentError(f"there is no topic {topic!r}; `bot faq list` shows them, `bot faq add` makes one")
        self._refuse_known_question(question)
        document = load_document(path)
        item = next((i for i in document.get("nlu") or [] if i.get("intent") == f"faq/{topic}"), None)
        if item is None:
            raise ContentError(f"{path} has no `intent: faq/{topic}` entry")
        block = str(item.get("examples", ""))
        item["examples"] = LiteralScalarString(block.rstrip("\n") + f"\n- {question}\n")
        path.write_text(self._dumps(document))
        return path

    def add_topic(self, topic: str, question: str, answer: str, sources: Sequence[str]) -> Path:
        if not TOPIC_NAME.fullmatch(topic):
            raise ContentError(f"{topic!r}: a topic name is 3-60 lower-case letters, digits or _, "
                               "starting with a letter, e.g. `dry_needling`")
        if topic in self.topics():
            raise ContentError(f"topic {topic!r} already exists; add questions with `bot faq example`")
        question, answer = self.clean_question(question), answer.strip()
        if not answer:
            raise ContentError("the answer is empty")
        if not sources:
            raise ContentError(f"give each fact's source as {SOURCE_FORMATS}")
        documents = document_numbers(self.project)
        bad_sources = [problem for problem in map(lambda s: source_problem(s, documents), sources) if problem]
        if bad_sources:
            raise ContentError("; ".join(bad_sources))
        self._refuse_known_question(question)

        path = self.path(topic)
        path.write_text(self._dumps(new_topic_document(topic, question, answer, sources)))
        return path

    def replace_topics(self, contents: Sequence[TopicContent]) -> List[Path]:
        """Gives each topic exactly this content (a new topic gets a file); writes only the
        files that change, and only once every new file has been prepared."""
        existing = self.topics()
        planned = {}
        for content in contents:
            path = existing[content.name].path if content.name in existing else self.path(content.name)
            before = path.read_text() if path.exists() else None
            document = round_trip().load(before) if before else new_topic_document(
                content.name, content.questions[0], content.answer, content.sources)
            after = self._dumps(with_content(document, content))
            if after != before:
                planned[path] = after
        for path, text in planned.items():
            path.write_text(text)
        return list(planned)

    @staticmethod
    def clean_question(question: str) -> str:
        question = " ".join(question.split())
        if not normalise(question):
            raise ContentError("the question is empty")
        if question.startswith(("/", "-", "#")):
            raise ContentError(f"{question!r}: a question cannot start with '/', '-' or '#'")
        return question

    def _refuse_known_question(self, question: str) -> None:
        wanted = normalise(question)
        for topic in self.topics().values():
            if any(normalise(example) == wanted for example in topic.examples):
                raise ContentError(f"{question!r} is already an example of topic {topic.name!r}")

    @staticmethod
    def _dumps(document: Any) -> str:
        text = io.StringIO()
        round_trip().dump(document, text)
        return text.getvalue()


def new_topic_document(topic: str, question: str, answer: str, sources: Sequence[str]) -> CommentedMap:
    response = CommentedMap(text=answer_scalar(answer))
    response["metadata"] = CommentedMap(
        question=question, sources=CommentedSeq(DoubleQuotedScalarString(s) for s in sources))
    document = CommentedMap(version=DoubleQuotedScalarString("3.1"))
    document["responses"] = CommentedMap({f"utter_faq/{topic}": CommentedSeq([response])})
    document["nlu"] = CommentedSeq([CommentedMap(intent=f"faq/{topic}", examples=examples_block([question]))])
    return document


def with_content(document: CommentedMap, content: TopicContent) -> CommentedMap:
    """The document with the topic's answer, sources and questions replaced; what is the
    same already (and everything else: buttons, comments) is left as it was."""
    responses = document.setdefault("responses", CommentedMap())
    response = responses.setdefault(f"utter_faq/{content.name}", CommentedSeq([CommentedMap()]))[0]
    if response.get("text") != content.answer:
        response["text"] = answer_scalar(content.answer)
    metadata = response.setdefault("metadata", CommentedMap())
    if list(metadata.get("sources") or []) != list(content.sources):
        metadata["sources"] = CommentedSeq(DoubleQuotedScalarString(s) for s in content.sources)
    if content.buttons is not None and [dict(b) for b in response.get("buttons") or []] != list(content.buttons):
        set_buttons(response, content.buttons)
    if metadata.get("question") not in content.questions:
        metadata["question"] = content.questions[0]
    nlu = document.setdefault("nlu", CommentedSeq())
    item = next((i for i in nlu if i.get("intent") == f"faq/{content.name}"), None)
    if item is None:
        item = CommentedMap(intent=f"faq/{content.name}", examples="")
        nlu.append(item)
    if parse_examples(str(item.get("examples", ""))) != list(content.questions):
        item["examples"] = examples_block(content.questions)
    return document


def set_buttons(response: CommentedMap, buttons: Sequence[Dict[str, str]]) -> None:
    """The answer's buttons, where Rasa's files keep them: after the text, before the metadata."""
    if not buttons:
        response.pop("buttons", None)
        return
    written = CommentedSeq(CommentedMap((key, DoubleQuotedScalarString(value) if key == "url" else value)
                                        for key, value in button.items()) for button in buttons)
    if "buttons" in response:
        response["buttons"] = written
    else:
        response.insert(list(response).index("metadata") if "metadata" in response else len(response),
                        "buttons", written)
