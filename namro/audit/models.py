"""The append-only audit log. Each event carries the hash of the one before it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One write: who did what to which object, when, with the state before and after.

    Events are only ever inserted, through ``audit.services.record``; ``hash`` is the HMAC,
    under the key ``key_id`` held outside the database, of the event's content and
    ``prev_hash``, so editing, deleting or recomputing rows breaks the chain that
    ``namro audit verify`` walks; seals written outside the database catch a cut tail.
    Events are spread over a few chains (``chain``), each linked on its own, so that writers
    need not wait for each other; the seal holds the head of every chain. On
    PostgreSQL a trigger refuses UPDATE and DELETE of these rows.
    """

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=64)
    object_type = models.CharField(_("loại đối tượng"), max_length=64)
    object_id = models.CharField(_("mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    chain = models.PositiveSmallIntegerField(_("chuỗi"), default=1)
    key_id = models.CharField(_("mã khóa"), max_length=16, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_by_object")]
        constraints = [
            # A chain cannot fork: no two events follow the same one.
            models.UniqueConstraint(fields=["chain", "prev_hash"], name="audit_chain_no_fork")
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"


MAX_CHAINS = 256


class AuditHead(models.Model):
    """The newest hash and the length of one chain (its id is the chain's number); locking it
    serialises appends to that chain. Writers take whichever chain is free, so several write
    at once while each chain stays one line."""

    last_hash = models.CharField(max_length=64)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id__gte=1, id__lte=MAX_CHAINS), name="audit_head_chain_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} @ {self.last_hash[:12]}"
