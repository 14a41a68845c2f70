"""Builds the spaCy pipeline that Rasa's SpacyNLP loads.

No pretrained English pipeline can be installed here, so the project makes its own:
spaCy's English tokenizer, a sentencizer, and an EntityRuler that tags the back
conditions and body regions named in the clinic's documents. The terms come from the
lookup tables in `data/nlu/lookups/` (Rasa's own format, edited by staff).

    python -m bot.nlu.clinical_pipeline data/nlu/lookups/clinical_terms.yml build/spacy/en_clinic
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List

import spacy
from rasa.shared.nlu.training_data.loading import load_data


def read_lookup_tables(path: Path) -> Dict[str, List[str]]:
    """Entity label -> terms, from a Rasa NLU file with `lookup:` tables."""
    tables = load_data(str(path)).lookup_tables
    return {table["name"]: list(table["elements"]) for table in tables}


def clinical_pipeline(lookup_file: Path) -> spacy.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(
        [
            {"label": label, "pattern": term}
            for label, terms in read_lookup_tables(lookup_file).items()
            for term in terms
        ]
    )
    nlp.meta["name"] = "clinic_terms"
    nlp.meta["description"] = f"Tokenizer and clinical terms from {lookup_file}"
    return nlp


def build(lookup_file: Path, output_dir: Path) -> spacy.Language:
    nlp = clinical_pipeline(lookup_file)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_dir)
    return nlp


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(f"usage: python -m {__spec__.name} LOOKUP_FILE OUTPUT_DIR")
    build(Path(sys.argv[1]), Path(sys.argv[2]))
