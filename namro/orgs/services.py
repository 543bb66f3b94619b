"""Every write to the organisation tree: units, people and their posts.

The tree is kept by namro's administrators (and the system: demo loading, commands), so each
service refuses anyone else (``policy.require_admin``) before it writes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from namro.access import policy
from namro.audit.services import record, snapshot
from namro.core.actors import Actor
from namro.core.text import fold
from namro.tasks.tally import tally_unit_moved

from .models import MAX_DEPTH, SEGMENT, Person, Position, Unit, UnitKind, UnitLevel


def _next_path(parent: Unit | None) -> str:
    """The path for a new last child of ``parent`` (or a new root)."""
    if parent is None:
        siblings = Unit.objects.filter(depth=1)
        prefix = ""
    else:
        siblings = Unit.objects.filter(parent=parent)
        prefix = parent.path
    last = siblings.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-SEGMENT:]) + 1 if last else 1
    if number >= 10**SEGMENT:
        raise ValidationError(_("Đơn vị cấp trên đã có quá nhiều đơn vị trực thuộc."))
    if len(prefix) // SEGMENT + 1 > MAX_DEPTH:
        raise ValidationError(_("Cây tổ chức không được sâu quá %(n)d cấp.") % {"n": MAX_DEPTH})
    return prefix + str(number).zfill(SEGMENT)


def _lock_parent(parent: Unit | None) -> Unit | None:
    if parent is None:
        return None
    try:
        return Unit.objects.select_for_update().get(pk=parent.pk)
    except Unit.DoesNotExist:
        raise ValidationError(
            {"parent": _("Đơn vị cấp trên không tồn tại (mã %(id)s).") % {"id": parent.pk}}
        ) from None


def unit_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    level: str,
    parent: Unit | None = None,
    short_name: str = "",
    aliases: list[str] | None = None,
    code: str = "",
    valid_from: date | None = None,
) -> Unit:
    """Add a unit as the last child of ``parent`` (or as a root)."""
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Tên đơn vị không được để trống.")
    if kind not in UnitKind.values:
        errors["kind"] = _("Loại đơn vị «%(v)s» không hợp lệ.") % {"v": kind}
    if level not in UnitLevel.values:
        errors["level"] = _("Cấp «%(v)s» không hợp lệ.") % {"v": level}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy.require_admin(actor)
        parent = _lock_parent(parent)
        path = _next_path(parent)
        unit = Unit(
            name=name,
            short_name=short_name.strip(),
            aliases="\n".join(a.strip() for a in (aliases or []) if a.strip()),
            kind=kind,
            level=level,
            code=code,
            parent=parent,
            path=path,
            depth=len(path) // SEGMENT,
            valid_from=valid_from,
        )
        unit.refresh_search_text()
        unit.full_clean(exclude=["path", "depth", "search_text"])
        unit.save()
        record(actor=actor, action="unit.create", obj=unit, after=snapshot(unit))
    return unit


def unit_update(*, actor: Actor, unit: Unit, **changes: Any) -> Unit:
    """Change a unit's own fields (not its place in the tree: see ``unit_move``)."""
    allowed = {
        "name",
        "short_name",
        "aliases",
        "kind",
        "level",
        "code",
        "valid_from",
        "valid_until",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            _("Không thể sửa các trường: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        policy.require_admin(actor)
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit)
        for key, value in changes.items():
            if key == "aliases" and isinstance(value, list):
                value = "\n".join(v.strip() for v in value if v.strip())
            setattr(unit, key, value)
        unit.refresh_search_text()
        unit.full_clean(exclude=["path", "depth", "search_text", "parent"])
        unit.save()
        record(actor=actor, action="unit.update", obj=unit, before=before, after=snapshot(unit))
    return unit


def unit_move(*, actor: Actor, unit: Unit, new_parent: Unit | None) -> Unit:
    """Move ``unit`` with its whole subtree under ``new_parent``, in one UPDATE of the paths.

    Moving a unit under itself or under one of its descendants would make a cycle: refused.
    """
    with transaction.atomic():
        policy.require_admin(actor)
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        new_parent = _lock_parent(new_parent)
        if new_parent is not None and new_parent.path.startswith(unit.path):
            raise ValidationError(
                {
                    "parent": _(
                        "Không thể chuyển «%(unit)s» vào «%(parent)s»: "
                        "đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó."
                    )
                    % {"unit": unit.name, "parent": new_parent.name}
                }
            )
        if unit.parent_id == (new_parent.pk if new_parent else None):
            return unit
        before = snapshot(unit)
        old_path = unit.path
        new_path = _next_path(new_parent)
        depth_delta = len(new_path) // SEGMENT - unit.depth
        deepest = (
            Unit.objects.subtree(unit).order_by("-depth").values_list("depth", flat=True).first()
        )
        if deepest is not None and deepest + depth_delta > MAX_DEPTH:
            raise ValidationError(_("Cây tổ chức không được sâu quá %(n)d cấp.") % {"n": MAX_DEPTH})
        Unit.objects.subtree(unit).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
            depth=F("depth") + depth_delta,
        )
        Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
        unit.refresh_from_db()
        tally_unit_moved(unit, old_path)
        record(actor=actor, action="unit.move", obj=unit, before=before, after=snapshot(unit))
    return unit


def person_create(
    *,
    actor: Actor,
    full_name: str,
    email: str = "",
    phone: str = "",
    user: Any = None,
    is_sample: bool = False,
) -> Person:
    with transaction.atomic():
        policy.require_admin(actor)
        return _person_new(
            actor, full_name, email=email, phone=phone, user=user, is_sample=is_sample
        )


def person_name_new(*, actor: Actor, full_name: str, unit: Unit, title: str = "") -> Person:
    """Record a person not yet known, named as the owner of a task that ``unit`` leads by
    the office entering the task; with ``title``, the post they hold in ``unit`` from today
    (never as its head: that is an administrator's to record). Without one they hold no post
    until an administrator adds one, and are found through the tasks they answer for."""
    with transaction.atomic():
        policy.require(actor, policy.Action.PERSON_NAME, unit)
        person = _person_new(actor, full_name)
        if " ".join(title.split()):
            _position_new(actor, person=person, title=title, unit=unit, since=timezone.localdate())
        return person


def _person_new(actor: Actor, full_name: str, **fields: Any) -> Person:
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError({"full_name": _("Họ và tên không được để trống.")})
    person = Person(full_name=full_name, **fields)
    person.search_text = fold(full_name)
    person.full_clean(exclude=["search_text", "user"])
    person.save()
    record(actor=actor, action="person.create", obj=person, after=snapshot(person))
    return person


def position_create(
    *,
    actor: Actor,
    person: Person,
    title: str,
    unit: Unit | None = None,
    since: date | None = None,
    until: date | None = None,
    is_head: bool = False,
) -> Position:
    """Record that ``person`` holds ``title`` (in ``unit``); several may run at once."""
    with transaction.atomic():
        policy.require_admin(actor)
        return _position_new(
            actor, person=person, title=title, unit=unit, since=since, until=until, is_head=is_head
        )


def _position_new(actor: Actor, *, person: Person, title: str, **fields: Any) -> Position:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Chức vụ không được để trống.")})
    since, until = fields.get("since"), fields.get("until")
    if since and until and until < since:
        raise ValidationError({"until": _("Ngày kết thúc chức vụ phải sau ngày bắt đầu.")})
    position = Position(person=person, title=title, title_normalized=fold(title), **fields)
    position.full_clean(exclude=["title_normalized"])
    position.save()
    record(actor=actor, action="position.create", obj=position, after=snapshot(position))
    return position


def unit_dissolve(*, actor: Actor, unit: Unit, on: date, successors: list[Unit]) -> Unit:
    """End ``unit`` on ``on`` and name the units that carry on its work.

    Its open tasks pass to the first successor (see ``tasks.services.tasks_transfer``).
    """
    from namro.tasks.services import tasks_transfer

    if not successors:
        raise ValidationError({"successors": _("Phải chỉ rõ đơn vị kế thừa.")})
    if any(s.pk == unit.pk for s in successors):
        raise ValidationError({"successors": _("Đơn vị không thể kế thừa chính nó.")})
    with transaction.atomic():
        policy.require_admin(actor)
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit)
        if unit.valid_from and on < unit.valid_from:
            raise ValidationError({"valid_until": _("Ngày giải thể trước ngày thành lập.")})
        unit.valid_until = on
        unit.save(update_fields=["valid_until", "updated_at"])
        unit.successors.add(*successors)
        record(
            actor=actor,
            action="unit.dissolve",
            obj=unit,
            before=before,
            after={**snapshot(unit), "successors": [s.pk for s in successors]},
        )
        tasks_transfer(actor=actor, from_unit=unit, to_unit=successors[0], on=on)
    return unit
