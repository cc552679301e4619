"""``wijkkompas attention digest``: each user with waiting items and an e-mail address gets one
mail listing them with links; users without items get none; a bad user name is a Dutch error."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from wijkkompas.accounts.models import User
from wijkkompas.core import attention
from wijkkompas.signals import demo as signals_demo

pytestmark = pytest.mark.django_db


def test_digest_mails_the_waiting_list(demo):
    signals_demo.load()
    User.objects.filter(username__in=["regisseur", "bestuurder"]).update(email="x@example.org")
    regisseur = User.objects.get(username="regisseur")
    items = attention.items_for(regisseur)
    assert items
    call_command("attention", "digest", "--base-url", "https://kompas.example")
    assert len(mail.outbox) == 1  # the bestuurder has nothing waiting
    message = mail.outbox[0]
    assert message.to == ["x@example.org"]
    assert str(attention.total(items)) in message.subject
    for item in items:
        assert f"{item.count} {item.label}" in message.body
        assert f"https://kompas.example{item.url}" in message.body


def test_unknown_user_is_a_dutch_error(demo):
    with pytest.raises(CommandError, match="Geen actieve gebruiker"):
        call_command("attention", "digest", "--user", "niemand")
