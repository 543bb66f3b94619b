"""Text forms the extractors work on, and the small helpers every module shares.

The extractors read two strings of the same length side by side:

* ``orig`` — the input in Unicode NFC, lone surrogates replaced; what output is copied from;
* ``low`` — ``orig`` lower-cased with the old tone placement ("uỷ", "hoà") moved to the
  current one ("ủy", "hòa"), so one pattern matches both spellings.

Every change from ``orig`` to ``low`` keeps the length, so an offset found in ``low`` is an
offset in ``orig``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SURROGATES = re.compile("[\ud800-\udfff]")
# Old style puts the tone on the second vowel of an open "oa", "oe", "uy" syllable.
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵ])(?![^\W\d_])")
_TONE_OF = {
    "à": "\u0300",
    "á": "\u0301",
    "ả": "\u0309",
    "ã": "\u0303",
    "ạ": "\u0323",
    "è": "\u0300",
    "é": "\u0301",
    "ẻ": "\u0309",
    "ẽ": "\u0303",
    "ẹ": "\u0323",
    "ỳ": "\u0300",
    "ý": "\u0301",
    "ỷ": "\u0309",
    "ỹ": "\u0303",
    "ỵ": "\u0323",
}
_VALID_PAIR = {"o": "ae", "u": "y"}
_DD = str.maketrans({"đ": "d", "Đ": "d"})


def normalise(text: str) -> str:
    """NFC form with lone surrogates replaced and every line ended by LF alone (a browser
    posts a text box's lines ended by CR LF, a file may hold either): the text all offsets
    refer to."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _SURROGATES.sub("\ufffd", text)


def _move_tone(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    base = unicodedata.normalize("NFD", second)[0]
    if base not in _VALID_PAIR[first.lower()]:
        return match.group(0)
    toned = unicodedata.normalize("NFC", first + _TONE_OF[second])
    return toned + base


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length (a few letters grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def work_form(text: str) -> str:
    """The matching form of NFC ``text``: lower case, current tone placement, same length."""
    return _OLD_TONE.sub(_move_tone, lower_same_length(text))


def fold(text: str) -> str:
    """ASCII, lower-case, single-spaced form for diacritics-insensitive comparison."""
    decomposed = unicodedata.normalize("NFD", text.translate(_DD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def key(text: str) -> str:
    """Case-insensitive, tone-placement-insensitive, single-spaced form (diacritics kept)."""
    return " ".join(work_form(normalise(text)).split())


def is_upper_initial(word: str) -> bool:
    return bool(word) and word[0].isupper()


# Latin letters (with Vietnamese diacritics) by case, as tables that delete them: counting
# the letters of a line is then one translate in C instead of a loop over its characters.
_LATIN = [chr(c) for c in (*range(0x250), *range(0x1E00, 0x1F00))]
_DROP_LOWER = str.maketrans(dict.fromkeys((ch for ch in _LATIN if ch.islower()), None))
_DROP_UPPER = str.maketrans(dict.fromkeys((ch for ch in _LATIN if ch.isupper()), None))


def is_heading_caps(line: str) -> bool:
    """A heading written in capitals (KẾ HOẠCH, III. NHIỆM VỤ CỤ THỂ)."""
    lower = len(line) - len(line.translate(_DROP_LOWER))
    if lower * 4 > len(line):
        return False  # more lower-case letters than a heading in capitals can hold
    upper = len(line) - len(line.translate(_DROP_UPPER))
    letters = lower + upper
    return letters >= 4 and upper / letters > 0.8


@dataclass(frozen=True)
class Doc:
    """A text in its two parallel forms."""

    orig: str
    low: str

    @classmethod
    def of(cls, text: str) -> Doc:
        orig = normalise(text)
        return cls(orig, work_form(orig))


WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def word_at(low: str, pos: int) -> tuple[int, int] | None:
    """Start and end of the word beginning at ``pos`` after optional spaces, or None."""
    match = WORD.match(low, _skip_spaces(low, pos))
    if match is None:
        return None
    return match.start(), match.end()


def _skip_spaces(low: str, pos: int) -> int:
    end = len(low)
    while pos < end and low[pos] in " \t":
        pos += 1
    return pos


def skip_spaces(low: str, pos: int) -> int:
    return _skip_spaces(low, pos)


def strip_span(orig: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``start:end`` past surrounding spaces and separators."""
    while start < end and orig[start] in " \t\n,;:.-–":
        start += 1
    while end > start and orig[end - 1] in " \t\n,;:.":
        end -= 1
    return start, end


_BRACKETS = '()[]“”"'
_SPECIAL: dict[str, re.Pattern[str]] = {}


def top_level_split(
    text: str, seps: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at any of ``seps`` outside parentheses and quotes."""
    end = len(text) if end is None else end
    if all(text.find(sep, start, end) == -1 for sep in seps):
        return [(start, end)]  # nothing to split at: no need to read it character by character
    parts: list[tuple[int, int]] = []
    depth = 0
    quote = False
    begin = start
    special = _SPECIAL.get(seps)
    if special is None:
        special = _SPECIAL[seps] = re.compile("[" + re.escape(_BRACKETS + seps) + "]")
    for found in special.finditer(text, start, end):  # brackets, quotes and separators only
        i = found.start()
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch in '“”"':
            quote = ch != "”" if ch != '"' else not quote
        elif ch in seps and depth == 0 and not quote:
            parts.append((begin, i))
            begin = i + 1
    parts.append((begin, end))
    return parts
