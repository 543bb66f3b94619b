"""The one check of uploaded files (type and size), for every model built on ``StoredFile``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from namro.core.bounds import Refused, check_zip, sniff

SNIFFED_EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "text": {".txt"},
}


def _sniffed(f: UploadedFile) -> str:
    head = f.read(8192)
    f.seek(0)
    names = None
    if head.startswith(b"PK\x03\x04"):
        try:
            names = check_zip(f).names
        except Refused as exc:
            raise ValidationError(exc.vi) from exc
        finally:
            f.seek(0)
    return sniff(head, names)


def check_uploads(files: Sequence[UploadedFile], field: str = "evidence") -> None:
    """Refuse too many files, a file of a type not accepted, over the size limit, or whose
    content is not what its name says (an executable named .pdf), before anything is kept.
    Each accepted file's ``content_type`` becomes the one its content shows."""
    limit = settings.NAMRO_UPLOAD_MAX_BYTES
    most = settings.NAMRO_MAX_FILES_PER_REQUEST
    if len(files) > most:
        raise ValidationError(
            {
                field: _("Mỗi lần gửi tối đa %(n)s tệp (đã chọn %(k)s).")
                % {"n": most, "k": len(files)}
            }
        )
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
        try:
            kind = _sniffed(f)
        except ValidationError as exc:
            raise ValidationError(
                {field: _("Tệp «%(name)s»: %(why)s") % {"name": name, "why": exc.messages[0]}}
            ) from exc
        if ext not in SNIFFED_EXTENSIONS.get(kind, set()):
            raise ValidationError(
                {
                    field: _(
                        "Nội dung tệp «%(name)s» không phải %(ext)s như tên tệp ghi; "
                        "tệp bị từ chối."
                    )
                    % {"name": name, "ext": ext}
                }
            )
        f.content_type = settings.NAMRO_EVIDENCE_TYPES[ext]


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
