"""Mail the sign-in pages hand to the worker, so that no request waits on the mail server.

The reset request queues ``send_reset_mail`` with the accounts' ids only: the signed link is
made by the worker when it sends, so the queue (a table any database reader may see) never
holds a link that works. The request costs the same whether or not an address has an account
— one job is queued either way — so a slow mail server tells the page's timer nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

logger = logging.getLogger(__name__)

SUBJECT = "registration/password_reset_subject.txt"
BODY = "registration/password_reset_email.txt"


@task()
def send_reset_mail(user_ids: list[int], language: str) -> int:
    """Send a reset link to each active account of ``user_ids`` that still has a usable
    password, in ``language``; the number of messages sent."""
    sent = 0
    users = get_user_model()._default_manager.filter(pk__in=user_ids, is_active=True)
    with translation.override(language):
        for user in users:
            if not user.has_usable_password() or not user.email:
                continue
            context = {
                "user": user,
                "email": user.email,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
                "site_url": settings.NAMRO_SITE_URL,
                "minutes": max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 60),
            }
            subject = "".join(loader.render_to_string(SUBJECT, context).splitlines())
            body = loader.render_to_string(BODY, context)
            EmailMultiAlternatives(subject, body, None, [user.email]).send()
            sent += 1
    logger.info("password reset mail sent to %d account(s)", sent)
    return sent
