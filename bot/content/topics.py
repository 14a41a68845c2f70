"""The FAQ content staff edit: topics, their example questions and their answers.

A topic `safety` is `data/nlu/faq/safety.yml` (intent `faq/safety`, its example
questions) plus `utter_faq/safety` in `data/responses/faq.yml` (the answer, the question
shown on buttons, the sources). Edits go through ruamel's round-trip mode, so comments,
key order and block style survive: a staff member's file is changed, never re-dumped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

FAQ_EXAMPLES = Path("data/nlu/faq")
FAQ_ANSWERS = Path("data/responses/faq.yml")
TOPIC_NAME = re.compile(r"[a-z][a-z0-9_]{2,59}")
SOURCE = re.compile(r"^\d{3}: \S")  # "004: the fact", numbered as in docs/sources.md


class ContentError(ValueError):
    """A change that would make the content wrong; the message says what to do."""


@dataclass
class Topic:
    name: str
    examples: List[str] = field(default_factory=list)
    answer: Optional[Dict[str, Any]] = None  # the first variation of utter_faq/<name>

    @property
    def answer_text(self) -> str:
        return (self.answer or {}).get("text", "")


def round_trip() -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.preserve_quotes = True
    yaml.width = 4096  # keep long lines as they are
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def parse_examples(block: str) -> List[str]:
    """Rasa's `examples: |` block: one `- question` per line."""
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def normalise(text: str) -> str:
    """Case, punctuation and spacing do not make two questions different."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


class FaqContent:
    """The FAQ topics of one project directory."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.examples_dir = project / FAQ_EXAMPLES
        self.answers_file = project / FAQ_ANSWERS

    def topics(self) -> Dict[str, Topic]:
        topics: Dict[str, Topic] = {}
        for path in sorted(self.examples_dir.glob("*.yml")):
            for item in round_trip().load(path.read_text()).get("nlu") or []:
                intent = item.get("intent", "")
                if intent.startswith("faq/"):
                    topic = topics.setdefault(intent[4:], Topic(intent[4:]))
                    topic.examples += parse_examples(item.get("examples", ""))
        for name, variations in self._answers()["responses"].items():
            if name.startswith("utter_faq/") and variations:
                topics.setdefault(name[10:], Topic(name[10:])).answer = variations[0]
        return dict(sorted(topics.items()))

    def add_example(self, topic: str, question: str) -> Path:
        question = self._clean_question(question)
        path = self.examples_dir / f"{topic}.yml"
        if not path.exists():
            raise ContentError(f"there is no topic {topic!r}; `bot faq list` shows them, `bot faq add` makes one")
        self._refuse_known_question(question)
        yaml = round_trip()
        document = yaml.load(path.read_text())
        item = next((i for i in document.get("nlu") or [] if i.get("intent") == f"faq/{topic}"), None)
        if item is None:
            raise ContentError(f"{path} has no `intent: faq/{topic}` entry")
        block = str(item.get("examples", ""))
        item["examples"] = LiteralScalarString(block.rstrip("\n") + f"\n- {question}\n")
        self._dump(yaml, document, path)
        return path

    def add_topic(self, topic: str, question: str, answer: str, sources: Sequence[str]) -> List[Path]:
        if not TOPIC_NAME.fullmatch(topic):
            raise ContentError(f"{topic!r}: a topic name is 3-60 lower-case letters, digits or _, "
                               "starting with a letter, e.g. `dry_needling`")
        if topic in self.topics():
            raise ContentError(f"topic {topic!r} already exists; add questions with `bot faq example`")
        question, answer = self._clean_question(question), answer.strip()
        if not answer:
            raise ContentError("the answer is empty")
        bad_sources = [s for s in sources if not SOURCE.match(s)]
        if not sources or bad_sources:
            raise ContentError('give each fact\'s source as "NNN: fact", NNN from docs/sources.md '
                               f"(got {list(sources) or 'none'})")
        self._refuse_known_question(question)

        examples_path = self.examples_dir / f"{topic}.yml"
        examples_path.write_text(
            f'version: "3.1"\nnlu:\n- intent: faq/{topic}\n  examples: |\n    - {question}\n')
        yaml = round_trip()
        document = yaml.load(self.answers_file.read_text())
        response = CommentedMap(text=LiteralScalarString(answer + "\n") if "\n" in answer else answer)
        response["metadata"] = CommentedMap(question=question, sources=CommentedSeq(DoubleQuotedScalarString(s) for s in sources))
        document["responses"][f"utter_faq/{topic}"] = CommentedSeq([response])
        self._dump(yaml, document, self.answers_file)
        return [examples_path, self.answers_file]

    def _answers(self) -> Dict[str, Any]:
        return round_trip().load(self.answers_file.read_text()) or {"responses": {}}

    @staticmethod
    def _clean_question(question: str) -> str:
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
    def _dump(yaml: YAML, document: Any, path: Path) -> None:
        with path.open("w") as handle:
            yaml.dump(document, handle)
