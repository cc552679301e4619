"""Escalation snapshots (issue 19.5): a request stores only which parts are to be shared; the
content is built at approval and stored encrypted; a rejection stores nothing; reading decrypts
for those allowed; retention drops the content and keeps the parts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from wijkkompas.accounts.models import ApiToken
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import services
from wijkkompas.signals.models import Case, Escalation
from wijkkompas.signals.services.escalations import shared_content
from wijkkompas.signals.tests.factories import build_world

pytestmark = pytest.mark.django_db

PLAINTEXT = ("Test Jongere", "2010-01-02", "Laan 1", "Casus A", "Samenvatting", "Parkstraat")


def _raw_shared(escalation: Escalation) -> str:
    """The column as the database holds it (what ``strings`` on the file would find)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT shared FROM {Escalation._meta.db_table} WHERE id = %s",  # noqa: S608
            [escalation.pk],
        )
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value)


def _request(w, share=("casus", "signalen", "personen")) -> Escalation:
    return services.request_escalation(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        case=Case.objects.get(pk=w.case.pk),
        track=Escalation.Track.RIEC,
        target=w.orgs["partner"],
        legal_basis="Convenant art. 7",
        reason="Bibob-toets nodig",
        share=list(share),
    )


def _rename_case(w, title: str) -> None:
    case = Case.objects.get(pk=w.case.pk)
    services.update_case(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        case=case,
        version=case.version,
        title=title,
        summary="Samenvatting",
        data_class=case.data_class,
        partners=[w.orgs["partner"]],
    )


def test_a_request_stores_only_the_parts_and_no_person_data():
    w = build_world()
    e = _request(w)
    e.refresh_from_db()
    assert e.shared == {"onderdelen": ["casus", "personen", "signalen"]}
    raw = _raw_shared(e)
    assert not [text for text in PLAINTEXT if text in raw], raw


def test_approval_freezes_the_content_encrypted_as_it_is_then():
    w = build_world()
    e = _request(w)
    _rename_case(w, "Casus A bij goedkeuring")  # after the request, before the approval
    services.decide_escalation(
        actor=w.user(Role.OOV_ADVISEUR, "own"), escalation=e, approve=True, note="Akkoord"
    )
    e.refresh_from_db()
    assert set(e.shared) == {"onderdelen", "versleuteld"}
    raw = _raw_shared(e)
    assert not [text for text in PLAINTEXT if text in raw], raw
    content = shared_content(e)
    assert content["casus"]["titel"] == "Casus A bij goedkeuring"
    assert content["personen"][0]["naam"] == "Test Jongere"
    assert content["personen"][0]["geboortedatum"] == "2010-01-02"
    assert content["signalen"][0]["plaats"] == "Parkstraat"
    _rename_case(w, "Nieuwe titel")  # after approval: the record keeps what was handed over
    e.refresh_from_db()
    assert shared_content(e)["casus"]["titel"] == "Casus A bij goedkeuring"


def test_a_rejection_stores_no_content():
    w = build_world()
    e = _request(w)
    services.decide_escalation(
        actor=w.user(Role.OOV_ADVISEUR, "own"), escalation=e, approve=False, note="Nee"
    )
    e.refresh_from_db()
    assert e.status == Escalation.Status.REJECTED
    assert e.shared == {"onderdelen": ["casus", "personen", "signalen"]}
    assert shared_content(e) == {"onderdelen": ["casus", "personen", "signalen"]}


def test_pages_and_pdf_decrypt_for_those_allowed_only(client_for):
    w = build_world()
    e = _request(w, share=("casus", "personen"))
    receiver = w.user(Role.ANALIST, "partner")
    oov = w.user(Role.OOV_ADVISEUR, "own")
    url = f"/signalen/escalaties/{e.pk}/"
    # Before approval: the receiver sees nothing; the approver sees a preview, nothing stored.
    assert client_for(receiver).get(url).status_code == 404
    preview = client_for(oov).get(url).content.decode()
    assert "Voorbeeld" in preview and "Casus A" in preview
    services.decide_escalation(actor=oov, escalation=e, approve=True, note="Akkoord")
    page = client_for(receiver).get(url).content.decode()
    assert "Casus A" in page and "Test Jongere" in page and "Voorbeeld" not in page
    pdf = client_for(receiver).get(f"/signalen/escalaties/{e.pk}/verslag.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    outsider = w.user(Role.ANALIST, "nonpartner")
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(f"/signalen/escalaties/{e.pk}/verslag.pdf").status_code in (
        403,
        404,
    )


def test_retention_drops_the_encrypted_content_and_keeps_the_parts():
    w = build_world()  # its escalation (casus, signalen) is approved
    assert "versleuteld" in Escalation.objects.get(pk=w.escalation.pk).shared
    services.transition_case(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        case=w.case,
        version=w.case.version,
        decision="no_go",
        reason="Jongere verhuisd",
    )
    assert Case.objects.get(pk=w.case.pk).status == Case.Status.CLOSED
    services.run_retention(now=timezone.now() + timedelta(days=31 * 12 * 20))
    e = Escalation.objects.get(pk=w.escalation.pk)
    assert "versleuteld" not in e.shared and e.shared["onderdelen"] == ["casus", "signalen"]
    content = shared_content(e)
    assert "casus" not in content and content["geanonimiseerd_op"]


def test_the_api_answers_the_content_never_the_stored_token(client_for):
    """GET /escalations/{id}: before approval the chosen parts only, after it the frozen content
    decrypted; the encrypted token is never part of an answer."""
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(regisseur)}"})
    answer = api.get(f"/api/v1/escalations/{w.escalation.pk}").json()
    assert "versleuteld" not in json.dumps(answer)
    assert "onderdelen" in answer["shared"]
