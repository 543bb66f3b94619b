"""Query helpers every app's search box builds on."""

from __future__ import annotations

from django.db.models import Q

from namro.core.text import fold


def words_q(text: str, field: str = "search_text") -> Q | None:
    """Every folded word of ``text`` contained in ``field``; None when nothing is left."""
    words = fold(text).split()
    if not words:
        return None
    q = Q()
    for word in words:
        q &= Q(**{f"{field}__contains": word})
    return q
