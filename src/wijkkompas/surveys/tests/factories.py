"""Factories for surveys: a tenant with buurten in the wijkbeeld, a survey from a template, and
responses with known answers."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.accounts.roles import Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory, UserFactory
from wijkkompas.areas.models import Area, Level
from wijkkompas.surveys import services
from wijkkompas.surveys.models import Answer, Question, Response, Survey, SurveyArea

GM = "GM9801"
BUURTEN = {"BU98010001": "Oude Kern", "BU98010002": "Nieuwe Rand", "BU98010003": "Klein Hof"}


def tenant_with_buurten(slug: str = "peilstad", gm: str = GM) -> Tenant:
    tenant = TenantFactory(slug=slug, name=slug.title())
    tenant.cbs_code = gm
    tenant.save()
    year = timezone.localdate().year
    gm_area, _ = Area.objects.get_or_create(
        code=gm,
        year=year,
        defaults={"level": Level.GEMEENTE, "name": slug.title(), "municipality_code": gm},
    )
    for code, name in BUURTEN.items():
        code = "BU" + gm[2:] + code[6:]
        Area.objects.get_or_create(
            code=code,
            year=year,
            defaults={
                "level": Level.BUURT,
                "name": name,
                "municipality_code": gm,
                "parent": gm_area,
            },
        )
    return tenant


def buurt_codes(gm: str = GM) -> list[str]:
    return ["BU" + gm[2:] + c[6:] for c in BUURTEN]


def owner(tenant: Tenant, role: str = Role.OOV_ADVISEUR):
    org = OrganisationFactory(tenant=tenant, name=f"Gemeente {tenant.name}")
    return UserFactory(organisation=org, roles=[role])


def survey(
    tenant: Tenant | None = None, *, template: str = "quickscan", status: str = "open", **kw
) -> Survey:
    tenant = tenant or tenant_with_buurten()
    org = kw.pop("organisation", None) or OrganisationFactory(tenant=tenant)
    today = timezone.localdate()
    s = services.create_survey(
        actor=policy.SYSTEM,
        tenant=tenant,
        organisation=org,
        title=kw.pop("title", "Quick scan"),
        template=template,
        opens_on=kw.pop("opens_on", today - timedelta(days=7)),
        closes_on=kw.pop("closes_on", today + timedelta(days=7)),
        area_codes=kw.pop("area_codes", None) or buurt_codes(tenant.cbs_code),
        **kw,
    )
    if status != "concept":
        Survey.objects.filter(pk=s.pk).update(status=status)
        s.refresh_from_db()
    return s


def add_responses(
    s: Survey, area: SurveyArea, answers: list[dict], channel: str = "open_link"
) -> None:
    """Store responses directly (no rate limit): each dict maps question code to a value."""
    questions = {q.code: q for q in s.questions.all()}
    for raw in answers:
        r = Response.objects.create(survey=s, area=area, channel=channel, received_on=date.today())
        for code, value in raw.items():
            q = questions[code]
            if q.kind == Question.Kind.MULTIPLE:
                Answer.objects.create(response=r, question=q, values=value)
            elif q.kind == Question.Kind.SINGLE:
                Answer.objects.create(response=r, question=q, value=value)
            else:
                Answer.objects.create(response=r, question=q, number=value)
