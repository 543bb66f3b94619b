"""Personal API tokens: shown once, stored hashed, revocable, audited."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from namro.access.models import ApiToken
from namro.access.services import hash_secret, token_create, token_revoke
from namro.audit.models import AuditEvent
from namro.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_hash():
    user = UserFactory()
    token, secret = token_create(actor=None, user=user, name="CI")
    token.refresh_from_db()
    assert token.key_hash == hash_secret(secret)
    assert secret not in {token.key_hash, token.prefix, token.name}
    assert secret.startswith(token.prefix)


def test_create_and_revoke_are_audited_without_the_hash():
    user = UserFactory()
    token, _secret = token_create(actor=user, user=user)
    token_revoke(actor=user, token=token)
    events = list(AuditEvent.objects.filter(object_type="access.apitoken").order_by("id"))
    assert [e.action for e in events] == ["api_token.create", "api_token.revoke"]
    assert all("key_hash" not in (e.after or {}) for e in events)


def test_token_create_command_prints_the_secret_alone_on_its_last_line(capsys):
    UserFactory(username="tracker1")
    call_command("token", "create", "tracker1")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("namro_") and " " not in last
    assert ApiToken.objects.get(key_hash=hash_secret(last)).user.username == "tracker1"


def test_token_list_and_revoke_commands(capsys):
    user = UserFactory(username="tracker2")
    token, secret = token_create(actor=None, user=user)
    call_command("token", "list", "tracker2")
    assert f"#{token.pk}" in capsys.readouterr().out
    call_command("token", "revoke", str(token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(CommandError, match="thu hồi"):
        call_command("token", "revoke", secret)


def test_token_command_names_an_unknown_user():
    with pytest.raises(CommandError, match="nobody"):
        call_command("token", "create", "nobody")
