"""``wijkkompas attention digest``: each user who chose it, with waiting items and an e-mail
address, gets one mail listing them with links; others get none; the choice is made on the
start page; a bad user name is a Dutch error."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from wijkkompas.accounts.models import User
from wijkkompas.core import attention
from wijkkompas.signals import demo as signals_demo

pytestmark = pytest.mark.django_db


def test_digest_mails_the_waiting_list_to_those_who_chose_it(demo):
    signals_demo.load()
    User.objects.filter(username__in=["regisseur", "bestuurder", "oov"]).update(
        email="x@example.org", attention_digest=True
    )
    User.objects.filter(username="oov").update(attention_digest=False)
    regisseur = User.objects.get(username="regisseur")
    items = attention.items_for(regisseur)
    assert items and attention.items_for(User.objects.get(username="oov"))
    call_command("attention", "digest", "--base-url", "https://kompas.example")
    assert len(mail.outbox) == 1  # the bestuurder has nothing waiting, the oov did not choose it
    message = mail.outbox[0]
    assert message.to == ["x@example.org"]
    assert str(attention.total(items)) in message.subject
    for item in items:
        assert f"{item.count} {item.label}" in message.body
        assert f"https://kompas.example{item.url}" in message.body


def test_the_user_chooses_on_the_start_page(demo, client_for):
    user = demo["oov"]
    client = client_for(user)
    assert "Dit overzicht ook per e-mail ontvangen" in client.get("/start/").content.decode()
    response = client.post(reverse("accounts:attention_digest"), {"overzicht": "aan"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.attention_digest is True
    page = client.get("/start/").content.decode()
    assert "U krijgt dit overzicht per e-mail." in page and "e-mailadres" in page
    client.post(reverse("accounts:attention_digest"), {"overzicht": "uit"})
    user.refresh_from_db()
    assert user.attention_digest is False
    assert client.get(reverse("accounts:attention_digest")).status_code == 405


def test_unknown_user_is_a_dutch_error(demo):
    with pytest.raises(CommandError, match="Geen actieve gebruiker"):
        call_command("attention", "digest", "--user", "niemand")
