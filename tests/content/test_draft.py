import pytest
import yaml
from click.testing import CliRunner

from bot.staff.cli import app
from bot.staff.content.draft import Drafter, read_document, sections
from bot.nlu.clinical_pipeline import clinical_pipeline
from tests.conftest import ROOT

TEXT = """Acupuncture at Our Clinic

How Often Should I Come?

Most patients come once or twice per week at first. After a few sessions we space them out.

Do You Offer Home Visits?

Yes. Our practitioners visit patients at home within five miles of the clinic.

Our Story

We opened in 2010 and love our neighbourhood.
"""
HTML = """<html><head><style>p {color: red}</style><script>var q = "Is acupuncture safe?";</script></head>
<body><h1>Sciatica Relief</h1><p>Sciatica is pain along the sciatic nerve.
It is often caused by a herniated disc.</p><ul><li>Rest</li><li>Gentle walks</li></ul></body></html>"""


@pytest.fixture(scope="module")
def nlp():
    return clinical_pipeline(ROOT / "data/nlu/lookups/clinical_terms.yml")


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "clinic.txt").write_text(TEXT)
    (tmp_path / "sciatica.html").write_text(HTML)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not read")
    return tmp_path


def test_html_becomes_paragraphs_without_scripts_or_styles(docs):
    text = read_document(docs / "sciatica.html")
    assert text.startswith("Sciatica Relief\n\nSciatica is pain along the sciatic nerve. It is often caused")
    assert "var q" not in text and "color" not in text
    assert "\n\nRest\n\nGentle walks" in text


def test_documents_are_cut_at_their_headings():
    found = sections(TEXT)
    # a heading with nothing under it (the title) is no section
    assert [s.heading for s in found] == ["How Often Should I Come?", "Do You Offer Home Visits?", "Our Story"]
    assert TEXT[found[0].start:found[0].end] == (
        "Most patients come once or twice per week at first. After a few sessions we space them out.")


def test_candidates_say_where_they_come_from_and_what_already_answers_them(nlp, parse, docs):
    candidates = {c.heading: c for c in Drafter(nlp, parse).draft(docs)}
    assert set(candidates) == {"How Often Should I Come?", "Do You Offer Home Visits?", "Sciatica Relief"}

    often = candidates["How Often Should I Come?"]
    assert often.source == "clinic.txt" and often.line == 5
    assert TEXT[often.start:often.end] == often.passage
    assert [q.question for q in often.questions] == ["how often should I come?", "How many sessions will I need?"]
    assert often.covered_by == "faq/number_of_sessions"

    assert candidates["Do You Offer Home Visits?"].covered_by is None  # a new topic

    sciatica = candidates["Sciatica Relief"]
    assert sciatica.source == "sciatica.html"
    assert sciatica.terms == ["herniated disc", "sciatica"]
    assert "Can acupuncture help with sciatica?" in [q.question for q in sciatica.questions]
    assert "What causes back pain?" in [q.question for q in sciatica.questions]


def test_bot_draft_writes_a_review_file_and_publishes_nothing(project, model, docs, tmp_path):
    before = {p: p.read_text() for p in (project / "data").glob("**/*.yml")}
    out = tmp_path / "review" / "draft.yml"
    result = CliRunner().invoke(app, ["draft", str(docs), "--project", str(project), "--model", str(model),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 candidates" in result.output and "2 already answered by a topic, 1 not yet" in result.output
    review = yaml.safe_load(out.read_text())["candidates"]
    assert {c["heading"] for c in review} == {"How Often Should I Come?", "Do You Offer Home Visits?",
                                              "Sciatica Relief"}
    assert {p: p.read_text() for p in (project / "data").glob("**/*.yml")} == before


def test_bot_draft_without_documents_fails_clearly(project, model, tmp_path):
    result = CliRunner().invoke(app, ["draft", str(tmp_path), "--project", str(project), "--model", str(model)])
    assert result.exit_code == 1 and "found no .txt or .html document" in result.output
