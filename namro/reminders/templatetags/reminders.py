"""``{% task_reminders task %}``: the reminders and escalations of a task on its page."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from namro.reminders.selectors import task_escalations
from namro.reminders.selectors import task_reminders as reminders_of

register = template.Library()


@register.inclusion_tag("reminders/_task_reminders.html", takes_context=True)
def task_reminders(context: Any, task: Any) -> dict[str, Any]:
    user = context["request"].user
    reminders = reminders_of(user, task)
    # An escalation follows overdue reminders: a task never reminded has none to ask for.
    escalations = task_escalations(user, task) if reminders else []
    return {"reminders": reminders, "escalations": escalations}


PATH = re.compile(r"(?<![\w/:.])(/[\w\-/]+/)")


@register.filter(needs_autoescape=True)
def link_paths(text: str, autoescape: bool = True) -> str:
    """The text, escaped, with each path within the site (``/nhiem-vu/12/``) made a link."""
    escaped = conditional_escape(text) if autoescape else text
    return mark_safe(PATH.sub(r'<a href="\1">\1</a>', str(escaped)))
