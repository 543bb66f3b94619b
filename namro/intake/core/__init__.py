"""Pure-Python extraction of tasks, people, document numbers and visits from Vietnamese text.

``extract(text, doc_date=...)`` returns an ``Extraction``; ``read_file(path)`` turns a .txt,
.docx or .pdf file into text; ``match_units`` pairs unit names with known units. Nothing
here imports Django.
"""

from __future__ import annotations

from datetime import date

from .deadlines import WorkingDays, counting_working_days
from .errors import ExtractionError
from .matching import UnitMatchResult, match_units
from .model import DocumentRef, Extraction, Person, Recommendation, Task, Visit
from .numbers import extract_documents
from .people import extract_people
from .readers import check_text, read_file
from .tasks import extract_tasks
from .text import Doc, normalise
from .visit import extract_visit

__all__ = [
    "DocumentRef",
    "Extraction",
    "ExtractionError",
    "Person",
    "Recommendation",
    "Task",
    "UnitMatchResult",
    "Visit",
    "extract",
    "match_units",
    "normalise",
    "read_file",
]


def extract(
    text: str, *, doc_date: date | None = None, add_working_days: WorkingDays | None = None
) -> Extraction:
    """Everything namro can draw from ``text``; ``doc_date`` is the document's own date.
    ``add_working_days(start, n)`` counts "N ngày làm việc" on a holiday calendar (without
    it, only weekends are off).

    Spans are offsets in ``normalise(text)`` (the same as in ``text`` when it is already in
    NFC with its lines ended by LF, as nearly all text is). Raises ``ExtractionError`` for
    text too long to read.
    """
    if not isinstance(text, str):
        raise ExtractionError("Đầu vào không phải là văn bản.", "The input is not text.")
    check_text(text)
    if not text.strip():
        return Extraction()
    doc = Doc.of(text)
    people, mentions = extract_people(doc)
    with counting_working_days(add_working_days):
        tasks = extract_tasks(doc, doc_date)
    return Extraction(
        tasks=tasks,
        people=people,
        documents=extract_documents(doc),
        visit=extract_visit(doc, mentions),
    )
