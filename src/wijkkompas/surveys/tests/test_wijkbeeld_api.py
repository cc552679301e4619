"""Results into the wijkbeeld as local indicators (suppressed buurt stores nothing), the API
(problem+json, 409 on a stale write, results only after closing for non-owners), the free-text
check and its audit, and the retention task."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, UserFactory
from wijkkompas.areas import store
from wijkkompas.areas.models import Area, Indicator
from wijkkompas.core import records
from wijkkompas.surveys import services
from wijkkompas.surveys.models import FreeTextAnswer
from wijkkompas.surveys.wijkbeeld import indicator_code, publish_to_wijkbeeld

from . import factories as f

pytestmark = pytest.mark.django_db


def _closed_with_answers():
    tenant = f.tenant_with_buurten()
    manager = f.owner(tenant)
    s = f.survey(tenant, organisation=manager.organisation, status="gesloten")
    big, second, small = s.areas.all()
    f.add_responses(s, big, [{"veilig_avond": 6}] * 10 + [{"veilig_avond": 8}] * 10)
    f.add_responses(s, second, [{"veilig_avond": 5}] * 7)
    f.add_responses(s, small, [{"veilig_avond": 1}] * 2)
    return s, manager, big, second, small


def test_results_appear_in_the_wijkbeeld_as_indicators_and_a_small_buurt_stays_empty():
    s, manager, big, second, small = _closed_with_answers()
    publish_to_wijkbeeld(actor=manager, survey=s)
    question = s.questions.get(code="veilig_avond")
    indicator = Indicator.objects.get(code=indicator_code(s, question))
    cells = store.read(indicator_ids=[indicator.pk])
    codes = dict(Area.objects.values_list("id", "code"))
    values = {codes[int(a)]: v for a, v in zip(cells.area_id, cells.value, strict=True)}
    assert values[big.area_code] == pytest.approx(7.0)
    assert values[second.area_code] == pytest.approx(5.0)
    assert small.area_code not in values or math.isnan(values[small.area_code])
    assert AuditEvent.objects.filter(action="survey_results_published").exists()
    publish_to_wijkbeeld(actor=manager, survey=s)  # idempotent


def test_publishing_needs_the_owner_and_a_closed_survey():
    s, manager, *_ = _closed_with_answers()
    partner = UserFactory(
        organisation=OrganisationFactory(tenant=s.tenant), roles=[Role.OOV_ADVISEUR]
    )
    with pytest.raises(policy.Denied):
        publish_to_wijkbeeld(actor=partner, survey=s)
    open_survey = f.survey(s.tenant, organisation=manager.organisation)
    with pytest.raises(ValueError):
        publish_to_wijkbeeld(actor=manager, survey=open_survey)


def test_api_create_conflict_and_results(api_client_for):
    tenant = f.tenant_with_buurten()
    manager = f.owner(tenant)
    c = api_client_for(manager)
    today = timezone.localdate()
    body = {
        "title": "Nulmeting",
        "template": "quickscan",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=14)).isoformat(),
        "area_codes": f.buurt_codes(),
    }
    created = c.post("/api/v1/surveys", body, content_type="application/json")
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    wrong = c.post(
        "/api/v1/surveys", {**body, "area_codes": ["BU12345678"]}, content_type="application/json"
    )
    assert wrong.status_code == 422
    assert wrong["Content-Type"].startswith("application/problem+json")
    ok = c.patch(
        f"/api/v1/surveys/{sid}",
        {"version": 1, "title": "Nulmeting 2026", "closes_on": body["closes_on"]},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = c.patch(
        f"/api/v1/surveys/{sid}",
        {"version": 1, "title": "Oud", "closes_on": body["closes_on"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale["Content-Type"].startswith("application/problem+json")
    # results: the owner early (provisional), a partner only after closing
    partner = UserFactory(
        organisation=OrganisationFactory(tenant=tenant), roles=[Role.OOV_ADVISEUR]
    )
    early = c.get(f"/api/v1/surveys/{sid}/results")
    assert early.status_code == 200 and early.json()["provisional"] is True
    assert api_client_for(partner).get(f"/api/v1/surveys/{sid}/results").status_code == 403
    for status, version in (("open", 2), ("gesloten", 3)):
        r = c.post(
            f"/api/v1/surveys/{sid}/status",
            {"version": version, "status": status},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    late = api_client_for(partner).get(f"/api/v1/surveys/{sid}/results")
    assert late.status_code == 200 and late.json()["provisional"] is False
    other = f.owner(f.tenant_with_buurten("elders", "GM9803"))
    assert api_client_for(other).get(f"/api/v1/surveys/{sid}").status_code == 404
    listed = c.get("/api/v1/surveys").json()
    assert listed["count"] == 1


def test_free_text_is_shown_after_a_check_and_reads_are_audited(client_for):
    tenant = f.tenant_with_buurten()
    manager = f.owner(tenant)
    s = f.survey(tenant, organisation=manager.organisation)
    area = s.areas.first()
    services.answer_open_link(
        area=area,
        raw={
            "veilig_buurt": "soms",
            "criminaliteit_gezien": "nee",
            "verbetering": "Jan op nummer 5 dealt",
        },
        address=None,
    )
    text = FreeTextAnswer.objects.get()
    c = client_for(manager)
    page = c.get(reverse("surveys:free_texts", args=[s.pk]))
    assert "Jan op nummer 5" in page.content.decode()
    assert AuditEvent.objects.filter(action="survey_free_text_listed").exists()
    c.post(
        reverse("surveys:free_texts", args=[s.pk]), {"text": text.pk, "decision": "achterhouden"}
    )
    text.refresh_from_db()
    assert text.review == FreeTextAnswer.Review.WITHHELD
    assert text.retain_until == records.months_after(timezone.localdate(), 1)
    assert AuditEvent.objects.filter(action="survey_free_text_reviewed").exists()
    # never in the CSV export
    Survey = type(s)
    Survey.objects.filter(pk=s.pk).update(status="gesloten")
    csv = c.get(reverse("surveys:results_csv", args=[s.pk])).content.decode()
    assert "Jan" not in csv


def test_retention_removes_free_text_past_its_term():
    s = f.survey()
    services.answer_open_link(
        area=s.areas.first(),
        raw={"veilig_buurt": "soms", "criminaliteit_gezien": "nee", "verbetering": "Meer licht"},
        address="192.0.2.1",
    )
    task = records.retention_tasks()["surveys"]
    assert (
        task(actor=policy.SYSTEM, now=timezone.now())[
            "Vrije tekst uit bewonerspeilingen verwijderd"
        ]
        == 0
    )
    later = timezone.now() + timedelta(days=400)
    counts = task(actor=policy.SYSTEM, now=later)
    assert counts["Vrije tekst uit bewonerspeilingen verwijderd"] == 1
    assert counts["Snelheidsbegrenzing peilingen opgeschoond"] == 1
