"""The one error extraction raises, with a message in Vietnamese and in English."""

from __future__ import annotations


class ExtractionError(ValueError):
    """Input that cannot be read as text: says what is wrong, in Vietnamese then English."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(f"{message_vi} / {message_en}")
