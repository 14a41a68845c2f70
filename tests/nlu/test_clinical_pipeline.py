import spacy

from bot.nlu.clinical_pipeline import build, read_lookup_tables
from tests.conftest import ROOT

TERMS = ROOT / "data" / "nlu" / "lookups" / "clinical_terms.yml"


def test_lookup_tables_hold_conditions_and_body_regions():
    tables = read_lookup_tables(TERMS)
    assert set(tables) == {"condition", "body_region"}
    assert "sciatica" in tables["condition"] and "lower back" in tables["body_region"]


def test_built_pipeline_loads_from_disk_and_tags_terms(tmp_path):
    build(TERMS, tmp_path / "en_clinic")
    nlp = spacy.load(tmp_path / "en_clinic")
    doc = nlp("My Lower Back hurts. I think it's a herniated disc, or sciatica?")
    assert [(ent.text, ent.label_) for ent in doc.ents] == [
        ("Lower Back", "body_region"),
        ("herniated disc", "condition"),
        ("sciatica", "condition"),
    ]
    assert len(list(doc.sents)) == 2
