"""The FAQ as a spreadsheet: `bot faq export faq.csv`, edit, `bot faq import faq.csv`.

One row per example question: topic, question, answer, source. A topic's answer and its
sources (one per line, "NNN: fact" or "clinic: setting") are written on its first row; on
other rows they may be left empty or repeat the same text. The answer is the one given
when no condition applies; variations for a clinic fact not set stay in the topic's file. The sheet is the whole truth for each topic it
lists: questions missing from it are removed from that topic. Topics it does not list are
left as they are. An import changes nothing unless every row is right.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

from bot.staff.content.checks import MAX_ANSWER_CHARS, nlu_examples
from bot.sources import document_numbers, source_problem
from bot.contract import MIN_EXAMPLES_PER_TOPIC, normalise
from bot.staff.content.topics import TOPIC_NAME, ContentError, FaqContent, TopicContent

COLUMNS = ("topic", "question", "answer", "source")


class SpreadsheetError(ValueError):
    def __init__(self, problems: List[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class _TopicRows:
    questions: List[Tuple[int, str]] = field(default_factory=list)  # (row, question)
    answers: Dict[str, int] = field(default_factory=dict)  # answer -> first row giving it
    sources: Dict[Tuple[str, ...], int] = field(default_factory=dict)


def export_csv(content: FaqContent, path: Path) -> int:
    """Writes every topic; returns the number of question rows."""
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for topic in content.topics().values():
            sources = "\n".join(str(s) for s in (topic.answer or {}).get("metadata", {}).get("sources") or [])
            for number, question in enumerate(topic.examples):
                writer.writerow([topic.name, question, topic.answer_text if number == 0 else "",
                                 sources if number == 0 else ""])
                rows += 1
    return rows


def import_csv(content: FaqContent, path: Path) -> List[Path]:
    """Replaces the listed topics' content with the sheet's; returns the files changed."""
    return content.replace_topics(read_csv(content, path))


def read_csv(content: FaqContent, path: Path) -> List[TopicContent]:
    problems: List[str] = []
    documents = document_numbers(content.project)
    by_topic: Dict[str, _TopicRows] = defaultdict(_TopicRows)
    for row, cells in _rows(path, problems):
        topic, question, source = cells[0].strip(), cells[1], cells[3]
        answer = "\n".join(" ".join(line.split()) for line in cells[2].strip().splitlines())
        if not TOPIC_NAME.fullmatch(topic):
            problems.append(f"row {row}: {topic!r} is not a topic name (lower-case letters, digits and _, "
                            "e.g. dry_needling)")
            continue
        try:
            question = FaqContent.clean_question(question)
        except ContentError as error:
            problems.append(f"row {row}: {error}")
            continue
        rows = by_topic[topic]
        rows.questions.append((row, question))
        if answer:
            rows.answers.setdefault(answer, row)
        sources = tuple(line.strip() for line in source.splitlines() if line.strip())
        if sources:
            rows.sources.setdefault(sources, row)
            problems += [f"row {row}: {problem}" for problem in (source_problem(s, documents) for s in sources)
                         if problem]
    problems += _duplicate_questions(content, by_topic)
    topics = []
    for name, rows in by_topic.items():
        problems += _topic_problems(name, rows)
        if rows.answers and rows.sources:
            topics.append(TopicContent(name, tuple(q for _, q in rows.questions), next(iter(rows.answers)),
                                       next(iter(rows.sources))))
    if problems:
        raise SpreadsheetError(problems)
    return topics


def _rows(path: Path, problems: List[str]) -> Iterator[Tuple[int, List[str]]]:
    try:
        lines = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(keepends=True)))
    except UnicodeDecodeError:
        problems.append(f"{path} is not UTF-8 text: save the sheet as \"CSV UTF-8\"")
        return
    except csv.Error as error:
        problems.append(f"{path} is not a readable CSV file: {error}")
        return
    header = [cell.strip().lower() for cell in lines[0]] if lines else []
    if tuple(header) != COLUMNS:
        problems.append(f"row 1: the columns must be {', '.join(COLUMNS)} (found {', '.join(header) or 'nothing'})")
        return
    for row, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(COLUMNS):
            problems.append(f"row {row}: has {len(cells)} cells, expected {len(COLUMNS)}")
            continue
        yield row, cells


def _duplicate_questions(content: FaqContent, by_topic: Dict[str, _TopicRows]) -> List[str]:
    problems = []
    first_row: Dict[str, Tuple[int, str]] = {}
    for name, rows in by_topic.items():
        for row, question in rows.questions:
            seen_row, seen_topic = first_row.setdefault(normalise(question), (row, name))
            if seen_row != row:
                where = "the same topic" if seen_topic == name else f"topic {seen_topic}"
                problems.append(f"row {row}: {question!r} is already on row {seen_row} ({where})")
    other = {normalise(q): intent for intent, q, _, _ in nlu_examples(content.project)
             if not intent.startswith("faq/")}
    for rows in by_topic.values():
        problems += [f"row {row}: {question!r} is an example of intent {other[normalise(question)]}, "
                     "not an FAQ question" for row, question in rows.questions if normalise(question) in other]
    return problems


def _topic_problems(name: str, rows: _TopicRows) -> List[str]:
    first_row = rows.questions[0][0]
    problems = []
    if not rows.answers:
        problems.append(f"row {first_row}: topic {name} has no answer")
    elif len(rows.answers) > 1:
        problems.append(f"rows {', '.join(map(str, rows.answers.values()))}: topic {name} has different "
                        "answers; give its answer once")
    problems += [f"row {row}: the answer is {len(answer)} characters; shorten it to {MAX_ANSWER_CHARS}"
                 for answer, row in rows.answers.items() if len(answer) > MAX_ANSWER_CHARS]
    if not rows.sources:
        problems.append(f"row {first_row}: topic {name} has no source")
    elif len(rows.sources) > 1:
        problems.append(f"rows {', '.join(map(str, rows.sources.values()))}: topic {name} has different "
                        "sources; give them once")
    if len(rows.questions) < MIN_EXAMPLES_PER_TOPIC:
        problems.append(f"row {first_row}: topic {name} has {len(rows.questions)} questions; "
                        f"give it at least {MIN_EXAMPLES_PER_TOPIC}")
    return problems
