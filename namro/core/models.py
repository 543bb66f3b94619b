"""Pieces shared by the models of every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """Creation and last-change times, kept by the database row itself."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Authored(TimeStamped):
    """A record someone entered: its times and who created it (kept if the account goes)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


def stored_file_path(instance: StoredFile, filename: str) -> str:
    """Where an uploaded file is kept: under the folder its record names."""
    return f"{instance.upload_folder()}/{filename}"


class StoredFile(models.Model):
    """An uploaded file kept with a record: the file, its original name, size and type.

    Check uploads with ``core.files.check_uploads`` before making one.
    """

    file = models.FileField(_("tệp"), upload_to=stored_file_path)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def upload_folder(self) -> str:
        """The folder (under MEDIA_ROOT) the file goes to."""
        raise NotImplementedError
