"""One file as validation reads it: the document, its id, its valid fields and what reading found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from haoren.load.documents import Document
from haoren.validate.fields import Reading


@dataclass
class Entry:
    """One file as read: its id, its valid fields, what reading it found, and its record when clean."""

    doc: Document
    id: str | None
    values: dict[str, Any]
    reading: Reading
    record: Any = None
