"""`bot check`: everything in the content that can go wrong, found before training.

Each check returns Problems (file, line when known, what to do). YAML syntax comes first:
when a file does not parse, the other checks would only repeat the same fault.
"""
from __future__ import annotations

import difflib
import itertools
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set, Tuple

import yaml

from bot.clinic import ClinicSettings
from bot.sources import document_numbers, source_problem
from bot.contract import DISCLAIMER_RESPONSE, FEEDBACK, MIN_EXAMPLES_PER_TOPIC, OTHER_LANGUAGE, normalise
from bot.staff.content.topics import CLINIC_LINKS, FaqContent, Topic, is_web_address, parse_examples

MAX_ANSWER_CHARS = 480  # a chat bubble, and at most three SMS segments
NEAR_DUPLICATE = 0.95  # character similarity of two questions that differ by a typo at most
URL = re.compile(r"(?:https?://|www\.)[^\s)>\"']+")
PLACEHOLDER = re.compile(r"{([^\n{}]+?)}")  # as Rasa's response interpolation finds them
# Filled in by the Rasa server's NLG (bot/server/nlg.py) besides the clinic's facts.
NLG_VALUES = frozenset({"asked_condition"})
CONFIRMING_SOURCE = "clinic: confirmed_answers"
CONFIG_FILES = ("domain.yml", "config.yml", "clinic.yml", "endpoints.yml", "credentials.yml")
# utter_default is sent by Rasa's own action_default_fallback.
SENT_BY_BUILT_IN_ACTIONS = frozenset({"utter_default"})


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: Optional[int]
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def run_checks(project: Path, rasa_validate: bool = True) -> List[Problem]:
    problems = yaml_syntax(project)
    if problems:
        return problems
    content = FaqContent(project)
    topics = content.topics()
    examples = nlu_examples(project)
    problems = [
        *same_question_twice(project, examples),
        *near_duplicates(project, examples),
        *topics_without_examples_or_answer(content, topics),
        *answers(content, topics),
        *links(content, topics),
        *clinic_settings(project),
    ]
    if rasa_validate and not problems:
        problems += rasa_data_validate(project)
    return sorted(set(problems))


def yaml_files(project: Path) -> List[Path]:
    return sorted(project.glob("data/**/*.yml")) + [project / name for name in CONFIG_FILES
                                                    if (project / name).exists()]


def yaml_syntax(project: Path) -> List[Problem]:
    problems = []
    for path in yaml_files(project):
        try:
            # PyYAML: once Rasa is loaded, ruamel's loaders expand ${VARIABLES}, which a syntax check must not
            yaml.safe_load(path.read_text())
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problems.append(Problem(relative(project, path), mark.line + 1 if mark else None,
                                    f"invalid YAML: {error.problem or error.context}"))
    return problems


Examples = List[Tuple[str, str, Path, Optional[int]]]  # intent, question, file, line


def nlu_examples(project: Path) -> Examples:
    """(intent, question, file, line) for every training example in data/."""
    found = []
    for path in sorted((project / "data").glob("**/*.yml")):
        lines = path.read_text().splitlines()
        for item in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
            if "intent" not in item:
                continue
            for question in parse_examples(item.get("examples", "")):
                line = next((n for n, text in enumerate(lines, 1) if text.strip() == f"- {question}"), None)
                found.append((item["intent"], question, path, line))
    return found


def same_question_twice(project: Path, examples: Examples) -> List[Problem]:
    first: Dict[str, Tuple[str, str]] = {}
    problems = []
    for intent, question, path, line in examples:
        seen = first.setdefault(normalise(question), (intent, question))
        if seen[0] != intent:
            problems.append(Problem(relative(project, path), line,
                                    f"{question!r} is an example of both {seen[0]} and {intent}; keep it in one"))
    return problems


def near_duplicates(project: Path, examples: Examples) -> List[Problem]:
    normalised = [(intent, normalise(q), q, path, line) for intent, q, path, line in examples]
    problems = []
    for a, b in itertools.combinations(normalised, 2):
        if a[0] == b[0] or a[1] == b[1]:
            continue  # same intent, or an exact duplicate (reported by same_question_twice)
        words_a, words_b = set(a[1].split()), set(b[1].split())
        if words_a and words_b and len(words_a & words_b) / len(words_a | words_b) >= 0.5 \
                and difflib.SequenceMatcher(None, a[1], b[1]).ratio() >= NEAR_DUPLICATE:
            problems.append(Problem(relative(project, b[3]), b[4],
                                    f"{b[2]!r} ({b[0]}) is nearly the same as {a[2]!r} ({a[0]}); "
                                    "such pairs confuse the model: reword or remove one"))
    return problems


def topics_without_examples_or_answer(content: FaqContent, topics: Dict[str, Topic]) -> List[Problem]:
    problems = []
    for topic in topics.values():
        path = relative(content.project, topic.path)
        if topic.answer is None:
            problems.append(Problem(path, None, f"topic {topic.name!r} has no answer utter_faq/{topic.name}"))
        if not topic.examples:
            problems.append(Problem(path, None, f"topic {topic.name!r} has an answer but no example questions"))
        elif len(topic.examples) < MIN_EXAMPLES_PER_TOPIC:
            problems.append(Problem(path, None, f"topic {topic.name!r} has {len(topic.examples)} example "
                                    f"questions; give it at least {MIN_EXAMPLES_PER_TOPIC}, worded the ways visitors ask"))
    return problems


def answers(content: FaqContent, topics: Dict[str, Topic]) -> List[Problem]:
    documents = document_numbers(content.project)
    problems = []
    for topic in (t for t in topics.values() if t.answer is not None):
        path, name = relative(content.project, topic.path), f"utter_faq/{topic.name}"
        question = (topic.answer.get("metadata") or {}).get("question")
        if topic.examples and question not in topic.examples:
            problems.append(Problem(path, None, f"{name}: metadata.question must be one of the topic's examples"))
        if topic.answer.get("condition"):
            problems.append(Problem(path, None, f"{name}: the first answer is given when no condition applies, "
                                    "so it cannot have a condition; put it first without one"))
        for number, variation in enumerate(topic.variations, 1):
            label = name if len(topic.variations) == 1 else f"{name} (answer {number})"
            problems += [Problem(path, None, f"{label}: {message}")
                         for message in variation_problems(variation, documents)]
    return problems


def variation_problems(variation: Dict, documents: Set[str]) -> List[str]:
    """What is wrong with one answer: its text, its placeholders, its sources."""
    text = str(variation.get("text") or "")
    problems = []
    if not text.strip():
        problems.append("has no text")
    elif len(text) > MAX_ANSWER_CHARS:
        problems.append(f"is {len(text)} characters; shorten it to {MAX_ANSWER_CHARS} so it fits a chat bubble")
    known = set(ClinicSettings.fact_names()) | NLG_VALUES
    problems += [f"{{{name}}} is not a clinic detail the assistant can fill in (clinic.yml)"
                 for name in PLACEHOLDER.findall(text) if name not in known]
    sources = (variation.get("metadata") or {}).get("sources") or []
    if not sources:
        problems.append("metadata.sources is empty: list where each fact comes from")
    problems += [problem for problem in (source_problem(source, documents) for source in sources) if problem]
    return problems


def unconfirmed_answers(project: Path) -> List[str]:
    """Topics whose answer the clinic is asked to confirm (source "clinic: confirmed_answers")
    and has not yet listed under `confirmed_answers` in clinic.yml."""
    from bot.clinic import load_clinic_settings

    confirmed = set(load_clinic_settings(project / "clinic.yml").confirmed_answers)
    return sorted(topic.name for topic in FaqContent(project).topics().values()
                  if topic.name not in confirmed and any(
                      str(source) == CONFIRMING_SOURCE
                      for variation in topic.variations
                      for source in (variation.get("metadata") or {}).get("sources") or []))


def links(content: FaqContent, topics: Dict[str, Topic]) -> List[Problem]:
    problems = []
    for topic in topics.values():
        path = relative(content.project, topic.path)
        found = [url for variation in topic.variations for url in URL.findall(str(variation.get("text") or ""))]
        found += [button["url"] for variation in topic.variations
                  for button in variation.get("buttons") or [] if "url" in button]
        problems += [Problem(path, None, f"utter_faq/{topic.name}: {url!r} is not a complete web address")
                     for url in found if not is_web_address(url) and url not in CLINIC_LINKS]
    return problems


def clinic_settings(project: Path) -> List[Problem]:
    from bot.clinic import SettingsError, load_clinic_settings

    try:
        load_clinic_settings(project / "clinic.yml")
    except SettingsError as error:
        return [Problem("clinic.yml", None, str(error))]
    return []


def rasa_data_validate(project: Path) -> List[Problem]:
    """`rasa data validate`, less three known Rasa 3.6 false positives:
    a retrieval intent listed in the domain (as Rasa's docs require) is reported as
    duplicated; a response sent only by a custom action, a built-in action or the NLG is
    reported as unused; an intent that a rule component sets (a red-flag level, another
    language) or that only a button sends (feedback) is reported as having no examples."""
    run = subprocess.run(
        [str(Path(sys.executable).with_name("rasa")), "data", "validate",
         "--data", "data", "--domain", "domain.yml", "--config", "config.yml"],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    output = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout + run.stderr)
    warnings = [line.split("UserWarning: ", 1)[1].strip() for line in output.splitlines() if "UserWarning: " in line]
    from bot.evaluation.heldout import LEVEL_BY_INTENT  # intents set by rule components

    allowed_unused = responses_sent_by_custom_actions(project) | SENT_BY_BUILT_IN_ACTIONS | {DISCLAIMER_RESPONSE}
    without_examples = {OTHER_LANGUAGE, FEEDBACK, *LEVEL_BY_INTENT}
    problems = [Problem("rasa data validate", None, warning) for warning in warnings
                if not _known_false_positive(warning, allowed_unused, without_examples)]
    if run.returncode != 0 and not problems:
        problems.append(Problem("rasa data validate", None, output.strip().splitlines()[-1]))
    return problems


def _known_false_positive(warning: str, allowed_unused: Iterable[str], without_examples: Iterable[str]) -> bool:
    unused = re.fullmatch(r"The utterance '(\w+)' is not used in any story or rule\.", warning)
    unexampled = re.fullmatch(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU training data\.",
                              warning)
    return bool(unused and unused.group(1) in allowed_unused) or \
        bool(unexampled and unexampled.group(1) in without_examples) or \
        warning == "The following duplicated intents have been found across multiple domain files: faq"


def responses_sent_by_custom_actions(project: Path) -> set:
    code = "\n".join(path.read_text() for path in (project / "actions").glob("*.py"))
    return set(re.findall(r'response="(utter_\w+)"', code))


def relative(project: Path, path: Path) -> str:
    return str(path.relative_to(project)) if path.is_relative_to(project) else str(path)
