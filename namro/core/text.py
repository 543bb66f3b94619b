"""Folding Vietnamese text for diacritics- and case-insensitive search and matching."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: "Sở Nội vụ" → "so noi vu", "Uỷ" and "Ủy" → "uy".

    Whitespace runs collapse to one space, so the folded form of a name is stable.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
