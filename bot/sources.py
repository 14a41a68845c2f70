"""Where an answer's facts come from: the two kinds of source an answer may cite.

- A document, by its number in docs/sources.md: `"004: treatment every other day for
  acute strain"` (the fact, in a few words). The clinic adds its own documents, such as
  pages of its website, as new rows of that table.
- The clinic itself, by the clinic.yml setting the answer reads: `"clinic: prices"`.

Answers about health cite documents; answers about the clinic cite the clinic.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional, Set

DOCUMENT_SOURCE = re.compile(r"^(\d{3}): \S")
CLINIC_SOURCE = re.compile(r"^clinic: ([a-z_]+)$")
SOURCES_TABLE = Path("docs/sources.md")
TABLE_ROW = re.compile(r"^\|\s*(\d{3})\s*\|", re.MULTILINE)
SOURCE_FORMATS = '"NNN: fact" (NNN a document in docs/sources.md) or "clinic: setting" (a key of clinic.yml)'


def cites_a_document(sources: Iterable[object]) -> bool:
    return any(DOCUMENT_SOURCE.match(str(source)) for source in sources)


def document_numbers(project: Path) -> Set[str]:
    """The documents listed in the project's docs/sources.md, by number."""
    path = project / SOURCES_TABLE
    return set(TABLE_ROW.findall(path.read_text(encoding="utf-8"))) if path.exists() else set()


def clinic_settings_names() -> Set[str]:
    from bot.clinic import ClinicSettings

    return set(ClinicSettings.__fields__)


def source_problem(source: object, documents: Set[str]) -> Optional[str]:
    """What is wrong with one source entry, or None."""
    text = str(source)
    document, clinic = DOCUMENT_SOURCE.match(text), CLINIC_SOURCE.match(text)
    if document:
        return None if document.group(1) in documents else \
            f"source {text!r}: there is no document {document.group(1)} in docs/sources.md"
    if clinic:
        return None if clinic.group(1) in clinic_settings_names() else \
            f"source {text!r}: clinic.yml has no setting {clinic.group(1)!r}"
    return f"source {text!r} should be {SOURCE_FORMATS}"
