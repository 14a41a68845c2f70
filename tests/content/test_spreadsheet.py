import csv
from pathlib import Path
from typing import Dict, List

import pytest

from bot.staff.content.spreadsheet import COLUMNS, SpreadsheetError, export_csv, import_csv
from bot.staff.content.topics import FaqContent


def snapshot(project: Path) -> Dict[Path, str]:
    return {path: path.read_text() for path in sorted((project / "data").glob("**/*.yml"))}


def read_rows(path: Path) -> List[List[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: List[List[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture
def sheet(project, tmp_path) -> Path:
    path = tmp_path / "faq.csv"
    export_csv(FaqContent(project), path)
    return path


def test_export_has_a_row_per_question_with_the_answer_on_the_topic_first_row(project, sheet):
    rows = read_rows(sheet)
    assert tuple(rows[0]) == COLUMNS
    topics = FaqContent(project).topics()
    assert len(rows) - 1 == sum(len(topic.examples) for topic in topics.values())
    safety = [row for row in rows if row[0] == "safety"]
    assert [row[1] for row in safety] == topics["safety"].examples
    assert safety[0][2] == topics["safety"].answer_text
    assert safety[0][3].splitlines() == topics["safety"].answer["metadata"]["sources"]
    assert all(row[2] == row[3] == "" for row in safety[1:])


def test_importing_an_unchanged_export_changes_no_file(project, sheet):
    before = snapshot(project)
    assert import_csv(FaqContent(project), sheet) == []
    assert snapshot(project) == before


def test_import_edits_answers_and_questions_and_adds_topics(project, sheet):
    rows = read_rows(sheet)
    first_safety = next(row for row in rows if row[0] == "safety")
    first_safety[2] = "Acupuncture is safe when a licensed practitioner gives it. " * 3
    rows = [row for row in rows if row[1] != "is acupuncture risky"] + [["safety", "is cupping safe too", "", ""]]
    rows += [["dry_needling", f"what about dry needling, case {n}?", "Dry needling is different." if n == 0 else "",
              "004: a fact\n001: another" if n == 0 else ""] for n in range(10)]
    write_rows(sheet, rows)
    before = snapshot(project)

    changed = import_csv(FaqContent(project), sheet)

    assert sorted(p.name for p in changed) == ["dry_needling.yml", "safety.yml"]
    after = snapshot(project)
    assert {p.name for p in after if after[p] != before.get(p)} == {"dry_needling.yml", "safety.yml"}
    topics = FaqContent(project).topics()
    assert topics["safety"].answer_text == first_safety[2].strip()
    assert "is acupuncture risky" not in topics["safety"].examples
    assert topics["safety"].examples[-1] == "is cupping safe too"
    assert topics["safety"].answer["buttons"]  # what the sheet does not hold is kept
    new = topics["dry_needling"]
    assert len(new.examples) == 10 and new.answer["metadata"]["sources"] == ["004: a fact", "001: another"]
    safety_file = (project / "data/faq/safety.yml").read_text()
    assert "  - text: >-\n      Acupuncture is safe" in safety_file  # folded as staff write it


def test_a_bad_row_is_reported_by_number_and_nothing_changes(project, sheet):
    rows = read_rows(sheet)  # row n of the sheet is rows[n - 1]
    rows[1][0] = "Safety Topic"
    rows[2][1] = "/greet"
    rows[3][1] = rows[4][1]
    rows.append(["safety", "hello", "", ""])
    rows.append(["safety", "ok", "", "", "extra"])
    rows.append(["new_topic", "a new question", "", "the internet"])
    safety = [n for n, row in enumerate(rows, 1) if row[0] == "safety"]
    rows[safety[1] - 1][2] = "A different answer."
    write_rows(sheet, rows)
    before = snapshot(project)

    with pytest.raises(SpreadsheetError) as raised:
        import_csv(FaqContent(project), sheet)

    problems = raised.value.problems
    assert "row 2: 'Safety Topic' is not a topic name" in problems[0]
    assert any(p.startswith("row 3: '/greet': a question cannot start with") for p in problems)
    assert any(p.startswith("row 5: ") and "is already on row 4" in p for p in problems)
    assert any(p.startswith(f"row {len(rows) - 2}: 'hello' is an example of intent greet") for p in problems)
    assert f"row {len(rows) - 1}: has 5 cells, expected 4" in problems
    assert any(p.startswith(f"row {len(rows)}: source 'the internet'") for p in problems)
    assert any("topic new_topic has no answer" in p for p in problems)
    assert f"rows {safety[0]}, {safety[1]}: topic safety has different answers; give its answer once" in problems
    assert snapshot(project) == before


@pytest.mark.parametrize("content, message", [
    (b"name,question\nsafety,is it safe\n", "row 1: the columns must be topic, question, answer, source"),
    (b"", "row 1: the columns must be"),
    ("topic,question,answer,source\nsafety,caf\xe9\n".encode("latin-1"), "is not UTF-8 text"),
])
def test_files_that_are_not_the_faq_sheet_are_refused(project, tmp_path, content, message):
    path = tmp_path / "faq.csv"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=message):
        import_csv(FaqContent(project), path)


def test_a_sheet_saved_by_excel_with_a_byte_order_mark_reads(project, sheet):
    sheet.write_bytes(b"\xef\xbb\xbf" + sheet.read_bytes())
    assert import_csv(FaqContent(project), sheet) == []
