"""Folding Vietnamese text for diacritics- and case-insensitive search and matching."""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


_AROUND_MARKS = re.compile(r"\s*([-/])\s*")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text``: "Sở Nội vụ" → "so noi vu", "Uỷ" and "Ủy" → "uy".

    Whitespace runs collapse to one space, so the folded form of a name is stable.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# Characters offices' documents use for the hyphen and the slash of a number (ký hiệu).
_NUMBER_MARKS = str.maketrans(
    {
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"},
        **{c: "/" for c in "\u2044\u2215\uff0f"},
    }
)


def clean_number(number: str) -> str:
    """A document number as it is kept: Unicode NFC, hyphen and slash variants made plain,
    spaces around them dropped, other space runs made one: " 99 ‑CTr / TU" → "99-CTr/TU"."""
    text = unicodedata.normalize("NFC", number).translate(_NUMBER_MARKS)
    text = " ".join(text.split())
    return _AROUND_MARKS.sub(r"\1", text)


def number_key(number: str) -> str:
    """What makes two numbers the same number: the clean form, case and spaces aside
    ("99-ctr/tu" and "99-CTr/TU" are one)."""
    return "".join(clean_number(number).casefold().split())
