"""The one check of uploaded files (type and size), for every model built on ``StoredFile``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _


def check_uploads(files: Sequence[UploadedFile], field: str = "evidence") -> None:
    """Refuse a file of a type not accepted or over the size limit, before reading it; the
    error is given on ``field``."""
    limit = settings.NAMRO_UPLOAD_MAX_BYTES
    for f in files:
        name = f.name or ""
        ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if ext not in settings.NAMRO_EVIDENCE_TYPES:
            raise ValidationError(
                {
                    field: _("Tệp «%(name)s» không đúng định dạng cho phép (%(types)s).")
                    % {"name": name, "types": ", ".join(sorted(settings.NAMRO_EVIDENCE_TYPES))}
                }
            )
        if f.size is not None and f.size > limit:
            raise ValidationError(
                {
                    field: _("Tệp «%(name)s» vượt quá dung lượng tối đa %(mb)s MB.")
                    % {"name": name, "mb": limit // (1024 * 1024)}
                }
            )


def content_hash(f: UploadedFile) -> str:
    """The SHA-256 of an upload's content (read in chunks; the file is rewound)."""
    digest = hashlib.sha256()
    for chunk in f.chunks():
        digest.update(chunk)
    f.seek(0)
    return digest.hexdigest()


def stored_fields(f: UploadedFile) -> dict[str, Any]:
    """The ``StoredFile`` fields of an upload, its content hash included (the audit chain
    carries it, so a file swapped on disk is found)."""
    return {
        "file": f,
        "name": (f.name or "")[:255],
        "size": f.size or 0,
        "content_type": getattr(f, "content_type", "") or "",
        "sha256": content_hash(f),
    }
