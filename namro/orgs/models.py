"""The organisation tree: units, the people who work in them and the posts they hold."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from namro.core.models import TimeStamped
from namro.core.text import fold

# A unit's path is its ancestors' segments then its own, each SEGMENT digits wide, digits only.
# Digit-only paths make a subtree one index range, [path, path + "9" * rest], under any
# collation that orders digits (C, ICU, glibc locales, SQLite's BINARY).
SEGMENT = 4
MAX_DEPTH = 16
PATH_LENGTH = SEGMENT * MAX_DEPTH


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy")
    STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ")
    GOVERNMENT = "government", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    STEERING_COMMITTEE = "steering_committee", _("Ban Chỉ đạo")
    DELEGATION = "delegation", _("Đoàn công tác")
    COUNCIL = "council", _("Hội đồng nhân dân")
    OTHER = "other", _("Khác")


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    DISTRICT = "district", _("Huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Xã")


class UnitQuerySet(models.QuerySet["Unit"]):
    def subtree(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        """The unit and every unit below it, by one index range on ``path``."""
        qs = self.filter(unit.subtree_q())
        return qs if include_self else qs.exclude(pk=unit.pk)

    def ancestors_of(self, unit: Unit, *, include_self: bool = False) -> UnitQuerySet:
        paths = [unit.path[: i * SEGMENT] for i in range(1, unit.depth + 1)]
        if not include_self:
            paths = paths[:-1]
        return self.filter(path__in=paths).order_by("path")

    def active_on(self, day) -> UnitQuerySet:  # type: ignore[no-untyped-def]
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def search(self, text: str) -> UnitQuerySet:
        folded = fold(text)
        return self.filter(search_text__contains=folded) if folded else self.none()


class Unit(TimeStamped):
    """A body in the tree: a Party committee, a People's Committee, a department, a commune…

    ``path`` is a materialised path kept by the services in ``orgs.services``; it is never
    set by hand.
    """

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    aliases = models.TextField(
        _("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một tên gọi khác hoặc viết tắt.")
    )
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=UnitLevel.choices)
    code = models.CharField(_("mã"), max_length=32, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("đường dẫn cây"), max_length=PATH_LENGTH, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("độ sâu"), editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    search_text = models.TextField(editable=False, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="unit_valid_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="unit_code_unique_when_set"
            ),
        ]
        indexes = [models.Index(fields=["parent", "name"], name="unit_children_by_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    def subtree_q(self, prefix: str = "") -> Q:
        """A Q matching this unit and its descendants through a ``<prefix>path`` lookup."""
        upper = self.path + "9" * (PATH_LENGTH - len(self.path))
        return Q(**{f"{prefix}path__gte": self.path, f"{prefix}path__lte": upper})

    def is_ancestor_of(self, other: Unit) -> bool:
        return other.path.startswith(self.path) and other.pk != self.pk

    def refresh_search_text(self) -> None:
        self.search_text = fold(" ".join([self.name, self.short_name, *self.alias_list]))


class Person(TimeStamped):
    """An official (cán bộ, đảng viên, công chức). One person can hold several positions."""

    full_name = models.CharField(_("họ và tên"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"), default=False, help_text=_("Người hư cấu trong dữ liệu minh họa.")
    )
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class Position(TimeStamped):
    """A person's post in a unit (chức vụ), e.g. "Bí thư Thành ủy" in the Hà Nội Party Committee."""

    person = models.ForeignKey(
        Person, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField(_("chức vụ"), max_length=255)
    title_normalized = models.CharField(max_length=255, editable=False, default="")
    since = models.DateField(_("từ ngày"), null=True, blank=True)
    until = models.DateField(_("đến ngày"), null=True, blank=True)
    is_head = models.BooleanField(_("người đứng đầu"), default=False)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["person__full_name", "-is_head", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="position_dates_ordered",
            )
        ]
        indexes = [models.Index(fields=["unit", "is_head"], name="position_by_unit")]

    def __str__(self) -> str:
        return f"{self.title} — {self.person}"
