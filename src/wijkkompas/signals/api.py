"""The Signalen & casusoverleg API under /api/v1/: thin endpoints over the same services and
selectors as the views, the same policy, problem+json errors and 409 on stale writes."""

from __future__ import annotations

import json
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.api_support import LinkPagination, ObjectId, problem
from wijkkompas.core.exports import csv_response
from wijkkompas.core.pdf import render_pdf
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.models import (
    AgendaItem,
    Case,
    CaseMeeting,
    Category,
    Escalation,
    Intervention,
    Signal,
    Subject,
)

router = Router(tags=["signalen"])


# --- schemas -----------------------------------------------------------------------------------------


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class SubjectIn(Schema):
    kind: str = Field(..., description="locatie, bedrijf, groep of persoon")
    label: str = Field("", max_length=200)
    area_code: str = Field("", max_length=12)
    kvk_number: str = Field("", max_length=12)
    pseudonym: str = Field("", max_length=20, description="bestaand pseudoniem (persoon)")
    name: str = Field("", max_length=200, description="naam (persoon; wordt versleuteld)")
    birth_date: date | None = None
    address: str = Field("", max_length=200)


class SubjectOut(Schema):
    kind: str
    label: str


class SignalIn(Schema):
    category: str = Field(..., max_length=60, description="code van de categorie")
    description: str = Field(..., max_length=10000)
    observed_at: datetime
    basis: str = Field(..., description="feit of aanname")
    observation: str = Field(..., description="eigen of horen_zeggen")
    urgency: str = "normaal"
    location: str = Field("", max_length=200)
    area_code: str = Field("", max_length=12)
    subject: SubjectIn | None = None
    special_data: bool = False


class SignalOut(Schema):
    id: int
    category: str
    category_name: str
    data_class: int
    status: str
    urgency: str
    basis: str
    observation: str
    source: str
    observed_at: datetime
    received_at: datetime
    location: str
    area_code: str
    description: str
    subject: SubjectOut | None
    reporter_organisation: str | None
    case_id: int | None
    version: int


class SignalPatch(Schema):
    version: int
    category: str = Field(..., max_length=60)
    urgency: str
    data_class: int
    reason: str = Field(..., max_length=500)


class TriageIn(Schema):
    decision: str = Field(..., description="afwijzen, toevoegen, casus, doorsturen of urgent")
    reason: str = Field(..., max_length=2000)
    case_id: int | None = None
    case_title: str = Field("", max_length=200)
    organisation_id: int | None = None


class TriageOut(Schema):
    id: int
    signal_id: int
    kind: str
    reason: str
    case_id: int | None
    organisation_id: int | None
    at: datetime


class FeedbackIn(Schema):
    message: str
    channel: str


class FeedbackOut(Schema):
    id: int
    signal_id: int
    message: str
    text: str
    channel: str
    given_at: datetime


class PersonOut(Schema):
    id: int
    pseudonym: str
    created_at: datetime


class PersonDetailOut(Schema):
    id: int
    pseudonym: str
    identity: dict | None
    signal_ids: list[ObjectId]


class PersonPatch(Schema):
    reason: str = Field(..., max_length=500)
    name: str = Field(..., max_length=200)
    birth_date: date
    address: str = Field("", max_length=200)


class CaseIn(Schema):
    title: str = Field(..., max_length=200)
    summary: str = Field("", max_length=10000)
    category: str = Field(..., max_length=60)
    data_class: int = 1
    partner_ids: list[ObjectId] = []
    signal_ids: list[ObjectId] = []


class CasePatch(Schema):
    version: int
    title: str = Field(..., max_length=200)
    summary: str = Field("", max_length=10000)
    data_class: int
    partner_ids: list[ObjectId] = []


class CaseOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    data_class: int
    status: str
    organisation_id: int
    partner_ids: list[int]
    created_at: datetime
    closed_at: datetime | None
    version: int


class TransitionIn(Schema):
    decision: str = Field(..., description="go of no_go")
    reason: str = Field(..., max_length=2000)
    version: int | None = None


class TimelineOut(Schema):
    at: datetime
    kind: str
    text: str
    reason: str


class AgendaOut(Schema):
    case_id: int
    case_title: str | None
    decisions: str | None


class MeetingIn(Schema):
    title: str = Field(..., max_length=200)
    starts_at: datetime
    location: str = Field("", max_length=200)
    participant_ids: list[ObjectId]
    case_ids: list[ObjectId] = []


class MeetingPatch(Schema):
    version: int
    title: str = Field(..., max_length=200)
    starts_at: datetime
    location: str = Field("", max_length=200)
    participant_ids: list[ObjectId]
    notes: str = Field("", max_length=10000)
    status: str = "gepland"


class AgendaItemIn(Schema):
    case_id: int


class AgendaTextIn(Schema):
    text: str = Field(..., max_length=10000)


class ActionItemIn(Schema):
    description: str = Field(..., max_length=300)
    owner_id: int
    due_date: date | None = None


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    location: str
    chair_id: int
    participant_ids: list[int]
    status: str
    version: int
    agenda: list[AgendaOut]


class InterventionIn(Schema):
    case_id: int
    kind: str
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=10000)
    owner_id: int
    due_date: date | None = None


class InterventionPatch(Schema):
    version: int
    status: str
    result: str = Field("", max_length=10000)
    due_date: date | None = None


class InterventionOut(Schema):
    id: int
    case_id: int
    kind: str
    title: str
    description: str
    owner_id: int
    owner: str
    due_date: date | None
    status: str
    result: str
    version: int


class EscalationIn(Schema):
    case_id: int
    track: str
    target_id: int
    legal_basis: str = Field(..., max_length=300)
    reason: str = Field(..., max_length=5000)
    share: list[str]


class EscalationDecisionIn(Schema):
    approve: bool
    note: str = Field(..., max_length=2000)


class EscalationOut(Schema):
    id: int
    case_id: int
    track: str
    target_id: int
    target: str
    legal_basis: str
    reason: str
    status: str
    shared: dict
    requested_at: datetime
    decided_at: datetime | None


class CategoryOut(Schema):
    code: str
    name: str
    theme: str
    description: str
    purpose: str
    legal_basis: str
    public: bool
    retention_dismissed_months: int
    retention_closed_months: int


class SignalCountOut(Schema):
    area_code: str | None = None
    category: str | None = None
    category_name: str | None = None
    month: str | None = None
    count: int | None
    suppressed: bool
    display: str


# --- helpers -----------------------------------------------------------------------------------------

WRITE_ERRORS = {400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
READ_ERRORS = {403: Problem, 404: Problem}


def _invalid(request, error: ValidationError):
    if hasattr(error, "error_dict"):
        params = [
            {"name": field, "reason": " ".join(msgs)} for field, msgs in error.message_dict.items()
        ]
    else:
        params = [{"name": "", "reason": m} for m in error.messages]
    detail = "; ".join(
        f"{p['name']}: {p['reason']}" if p["name"] and p["name"] != "__all__" else p["reason"]
        for p in params
    )
    return problem(request, 422, "Ongeldige invoer", detail, invalid_params=params)


def _category(user, code: str) -> Category | None:
    return Category.objects.filter(tenant_id=user.tenant_id, code=code).first()


def _orgs(user, ids: list[int]) -> list[Organisation]:
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids, tenant_id=user.tenant_id)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                "organisaties": f"Onbekende organisatie(s) in uw gemeente: {', '.join(map(str, missing))}."
            }
        )
    return [found[i] for i in ids]


def _org(user, pk: int | None) -> Organisation | None:
    return Organisation.objects.filter(pk=pk, tenant_id=user.tenant_id).first() if pk else None


def _visible_case(user, pk: int, action: str = "view") -> Case:
    return policy.get_object_or_404(
        user, action, "case", Case.objects.select_related("category", "organisation"), pk=pk
    )


def _signal_out(s: Signal) -> dict:
    return {
        "id": s.pk,
        "category": s.category.code,
        "category_name": s.category.name,
        "data_class": s.data_class,
        "status": s.status,
        "urgency": s.urgency,
        "basis": s.basis,
        "observation": s.observation,
        "source": s.source,
        "observed_at": s.observed_at,
        "received_at": s.received_at,
        "location": s.location,
        "area_code": s.area_code,
        "description": s.description,
        "subject": {"kind": s.subject.kind, "label": str(s.subject)} if s.subject_id else None,
        "reporter_organisation": str(s.reporter_organisation)
        if s.reporter_organisation_id
        else None,
        "case_id": s.case_id,
        "version": s.version,
    }


def _case_out(c: Case) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "summary": c.summary,
        "category": c.category.code,
        "data_class": c.data_class,
        "status": c.status,
        "organisation_id": c.organisation_id,
        "partner_ids": sorted(c.partners.values_list("pk", flat=True)),
        "created_at": c.created_at,
        "closed_at": c.closed_at,
        "version": c.version,
    }


def _meeting_out(user, m: CaseMeeting) -> dict:
    visible = set(selectors.cases_visible_to(user).values_list("pk", flat=True))
    return {
        "id": m.pk,
        "title": m.title,
        "starts_at": m.starts_at,
        "location": m.location,
        "chair_id": m.chair_id,
        "participant_ids": sorted(m.participants.values_list("pk", flat=True)),
        "status": m.status,
        "version": m.version,
        "agenda": [
            {
                "case_id": i.case_id,
                "case_title": i.case.title if i.case_id in visible else None,
                "decisions": i.decisions if i.case_id in visible else None,
            }
            for i in m.agenda.select_related("case")
        ],
    }


def _intervention_out(i: Intervention) -> dict:
    return {
        "id": i.pk,
        "case_id": i.case_id,
        "kind": i.kind,
        "title": i.title,
        "description": i.description,
        "owner_id": i.owner_id,
        "owner": str(i.owner),
        "due_date": i.due_date,
        "status": i.status,
        "result": i.result,
        "version": i.version,
    }


def _escalation_out(e: Escalation) -> dict:
    return {
        "id": e.pk,
        "case_id": e.case_id,
        "track": e.track,
        "target_id": e.target_id,
        "target": str(e.target),
        "legal_basis": e.legal_basis,
        "reason": e.reason,
        "status": e.status,
        "shared": e.shared,
        "requested_at": e.requested_at,
        "decided_at": e.decided_at,
    }


# --- categories, counts, register ----------------------------------------------------------------


@router.get(
    "/signal-categories",
    response=list[CategoryOut],
    operation_id="list_signal_categories",
    summary="Signaalcategorieën van de eigen gemeente",
)
@paginate(LinkPagination)
def list_signal_categories(request):
    policy.require(request.auth, "create", "signal", Signal(tenant_id=request.auth.tenant_id))
    return selectors.categories_for(request.auth.tenant_id)


@router.get(
    "/signal-counts",
    response={200: list[SignalCountOut], **READ_ERRORS},
    operation_id="list_signal_counts",
    summary="Aantallen signalen per buurt, categorie en maand (kleine aantallen onderdrukt)",
)
def list_signal_counts(
    request,
    year: int | None = Query(None, ge=2000, le=2100),
    area_code: str = Query("", max_length=12),
):
    user = request.auth
    if user.tenant is None:
        raise Http404
    policy.require(user, "view", "signal_stats", user.tenant)
    since = until = None
    if year:
        tz = timezone.get_current_timezone()
        since, until = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    return selectors.signal_counts(
        user.tenant, since=since, until=until, area_code=area_code.upper()
    )


@router.get(
    "/processing-register",
    response={200: dict, **READ_ERRORS},
    operation_id="get_processing_register",
    summary="Verwerkingsregister (AVG art. 30)",
)
def get_processing_register(request):
    policy.require(request.auth, "view", "register")
    data = selectors.processing_register(request.auth.tenant_id)
    if data["covenant"] is None:
        raise Http404
    return {
        "convenant": data["covenant"].name,
        "verwerkingsverantwoordelijke": str(data["covenant"].controller),
        "partners": [
            {
                "organisatie": str(p.organisation),
                "rol": p.role_description,
                "privacytoets": p.privacy_assessment_done,
            }
            for p in data["parties"]
        ],
        "verwerkingen": [
            {
                "categorie": e.category.name,
                "doel": e.category.purpose,
                "grondslag": e.category.legal_basis,
                "gegevens": e.data_classes,
                "ontvangers": e.recipients,
                "bewaartermijn_afgewezen_maanden": e.category.retention_dismissed_months,
                "bewaartermijn_na_afsluiten_maanden": e.category.retention_closed_months,
            }
            for e in data["entries"]
        ],
    }


# --- signals -----------------------------------------------------------------------------------------


@router.get(
    "/signals",
    response=list[SignalOut],
    operation_id="list_signals",
    summary="Signalen die met de eigen organisatie gedeeld zijn",
)
@paginate(LinkPagination)
def list_signals(
    request, status: str = Query("", max_length=20), category: str = Query("", max_length=60)
):
    user = request.auth
    policy.require(user, "list", "signal")
    selectors.audit_list(user, "signal", [], request=request)
    return [
        _signal_out(s) for s in selectors.signals_visible_to(user, status=status, category=category)
    ]


@router.post(
    "/signals",
    response={201: SignalOut, **WRITE_ERRORS},
    operation_id="create_signal",
    summary="Signaal registreren",
)
def create_signal(request, payload: SignalIn):
    user = request.auth
    subject = None
    if payload.subject is not None:
        subject = services.SubjectInput(**payload.subject.dict())
    try:
        signal = services.create_signal(
            actor=user,
            category=_category(user, payload.category),
            description=payload.description,
            observed_at=payload.observed_at,
            basis=payload.basis,
            observation=payload.observation,
            urgency=payload.urgency,
            location=payload.location,
            area_code=payload.area_code,
            subject=subject,
            special_data=payload.special_data,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _signal_out(signal))


@router.get(
    "/signals/export",
    response={200: None, **READ_ERRORS},
    operation_id="export_signals",
    summary="Zichtbare signalen als CSV (alleen pseudoniemen)",
)
def export_signals(request):
    user = request.auth
    policy.require(user, "export", "signal")
    qs = policy.visible(user, "export", "signal", selectors.signals_visible_to(user))
    header, rows = exports.signal_rows(qs)
    selectors.audit_list(user, "signal", [r[0] for r in rows], request=request)
    return csv_response("signalen.csv", header, rows)


@router.get(
    "/signals/{signal_id}",
    response={200: SignalOut, **READ_ERRORS},
    operation_id="get_signal",
    summary="Eén signaal",
)
def get_signal(request, signal_id: int):
    user = request.auth
    signal = policy.get_object_or_404(
        user,
        "view",
        "signal",
        Signal.objects.select_related("category", "subject", "reporter_organisation"),
        pk=signal_id,
    )
    selectors.audit_read(user, signal, "signal", request=request)
    return _signal_out(signal)


@router.patch(
    "/signals/{signal_id}",
    response={200: SignalOut, **WRITE_ERRORS},
    operation_id="update_signal",
    summary="Categorie, urgentie of gegevensklasse corrigeren",
)
def update_signal(request, signal_id: int, payload: SignalPatch):
    user = request.auth
    signal = policy.get_object_or_404(
        user, "edit", "signal", Signal.objects.select_related("category", "subject"), pk=signal_id
    )
    try:
        services.update_signal(
            actor=user,
            signal=signal,
            version=payload.version,
            category=_category(user, payload.category),
            urgency=payload.urgency,
            data_class=payload.data_class,
            reason=payload.reason,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return _signal_out(signal)


@router.post(
    "/signals/{signal_id}/triage",
    response={201: TriageOut, **WRITE_ERRORS},
    operation_id="triage_signal",
    summary="Triagebesluit met reden",
)
def triage_signal(request, signal_id: int, payload: TriageIn):
    user = request.auth
    signal = policy.get_object_or_404(
        user, "triage", "signal", Signal.objects.select_related("category", "subject"), pk=signal_id
    )
    case = (
        Case.objects.filter(pk=payload.case_id, tenant_id=user.tenant_id).first()
        if payload.case_id
        else None
    )
    try:
        d = services.triage_signal(
            actor=user,
            signal=signal,
            decision=payload.decision,
            reason=payload.reason,
            case=case,
            case_title=payload.case_title,
            organisation=_org(user, payload.organisation_id),
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(
        201,
        {
            "id": d.pk,
            "signal_id": signal.pk,
            "kind": d.kind,
            "reason": d.reason,
            "case_id": d.case_id,
            "organisation_id": d.organisation_id,
            "at": d.at,
        },
    )


@router.post(
    "/signals/{signal_id}/feedback",
    response={201: FeedbackOut, **WRITE_ERRORS},
    operation_id="give_signal_feedback",
    summary="Terugkoppeling aan de melder vastleggen",
)
def give_signal_feedback(request, signal_id: int, payload: FeedbackIn):
    user = request.auth
    signal = policy.get_object_or_404(user, "view", "signal", Signal.objects.all(), pk=signal_id)
    policy.require(user, "create", "feedback", signal)
    try:
        f = services.give_feedback(
            actor=user,
            signal=signal,
            message=payload.message,
            channel=payload.channel,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(
        201,
        {
            "id": f.pk,
            "signal_id": signal.pk,
            "message": f.message,
            "text": f.get_message_display(),
            "channel": f.channel,
            "given_at": f.given_at,
        },
    )


# --- persons -----------------------------------------------------------------------------------------


@router.get(
    "/persons",
    response=list[PersonOut],
    operation_id="list_persons",
    summary="Personen (pseudoniemen) uit zichtbare signalen",
)
@paginate(LinkPagination)
def list_persons(request):
    user = request.auth
    policy.require(user, "list", "person")
    selectors.audit_list(user, "person", [], request=request)
    return selectors.persons_visible_to(user)


@router.get(
    "/persons/{person_id}",
    response={200: PersonDetailOut, **READ_ERRORS, 422: Problem},
    operation_id="get_person",
    summary="Persoonsdossier openen (reden verplicht, wordt gelogd)",
)
def get_person(
    request,
    person_id: int,
    reason: str = Query(
        "", max_length=500, description="waarom u dit dossier opent (of in de kop X-Reden)"
    ),
    x_reden: str = Header(
        "",
        alias="X-Reden",
        max_length=500,
        description="waarom u dit dossier opent; aanbevolen boven de queryparameter, want koppen komen niet in toegangslogs",
    ),
):
    user = request.auth
    person = policy.get_object_or_404(user, "view", "person", Subject.objects.all(), pk=person_id)
    try:
        record = selectors.person_record(user, person, reason=x_reden or reason, request=request)
    except ValidationError as error:
        return _invalid(request, error)
    return {
        "id": person.pk,
        "pseudonym": person.pseudonym,
        "identity": record.identity,
        "signal_ids": [s.pk for s in record.signals],
    }


@router.patch(
    "/persons/{person_id}",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    operation_id="update_person",
    summary="Identificerende gegevens corrigeren",
)
def update_person(request, person_id: int, payload: PersonPatch):
    user = request.auth
    person = policy.get_object_or_404(user, "edit", "person", Subject.objects.all(), pk=person_id)
    try:
        services.update_person(
            actor=user,
            person=person,
            reason=payload.reason,
            name=payload.name,
            birth_date=payload.birth_date,
            address=payload.address,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return {
        "id": person.pk,
        "pseudonym": person.pseudonym,
        "identity": services.person_identity(person),
        "signal_ids": [],
    }


@router.get(
    "/persons/{person_id}/access-export",
    response={200: dict, **READ_ERRORS},
    operation_id="export_person_access",
    summary="Inzageverzoek AVG art. 15 (verwerkingsverantwoordelijke)",
)
def export_person_access(
    request, person_id: int, reason: str = Query("Inzageverzoek AVG art. 15", max_length=500)
):
    user = request.auth
    person = (
        policy.visible(user, "export", "person", Subject.objects.all()).filter(pk=person_id).first()
    )
    if person is None:
        raise Http404
    data = selectors.access_export(user, person, reason=reason, request=request)
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")


# --- cases -------------------------------------------------------------------------------------------


@router.get(
    "/cases",
    response=list[CaseOut],
    operation_id="list_cases",
    summary="Casussen van de eigen organisatie of waarin zij partner is",
)
@paginate(LinkPagination)
def list_cases(request, status: str = Query("", max_length=20)):
    user = request.auth
    policy.require(user, "list", "case")
    return [
        _case_out(c)
        for c in selectors.cases_visible_to(user, status=status).prefetch_related("partners")
    ]


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    operation_id="create_case",
    summary="Casus openen",
)
def create_case(request, payload: CaseIn):
    user = request.auth
    try:
        signals = [
            policy.get_object_or_404(user, "triage", "signal", Signal.objects.all(), pk=pk)
            for pk in payload.signal_ids
        ]
        case = services.create_case(
            actor=user,
            title=payload.title,
            summary=payload.summary,
            category=_category(user, payload.category),
            data_class=payload.data_class,
            partners=_orgs(user, payload.partner_ids),
            signals=signals,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _case_out(case))


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **READ_ERRORS},
    operation_id="get_case",
    summary="Eén casus",
)
def get_case(request, case_id: int):
    user = request.auth
    case = _visible_case(user, case_id)
    selectors.audit_read(user, case, "case", request=request)
    return _case_out(case)


@router.patch(
    "/cases/{case_id}",
    response={200: CaseOut, **WRITE_ERRORS},
    operation_id="update_case",
    summary="Casus bijwerken (versie verplicht; 409 bij verouderde versie)",
)
def update_case(request, case_id: int, payload: CasePatch):
    user = request.auth
    case = _visible_case(user, case_id, "edit")
    try:
        services.update_case(
            actor=user,
            case=case,
            version=payload.version,
            title=payload.title,
            summary=payload.summary,
            data_class=payload.data_class,
            partners=_orgs(user, payload.partner_ids),
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return _case_out(case)


@router.post(
    "/cases/{case_id}/transitions",
    response={201: CaseOut, **WRITE_ERRORS},
    operation_id="transition_case",
    summary="Go/no-go-besluit",
)
def transition_case(request, case_id: int, payload: TransitionIn):
    user = request.auth
    case = _visible_case(user, case_id, "transition")
    try:
        services.transition_case(
            actor=user,
            case=case,
            decision=payload.decision,
            reason=payload.reason,
            version=payload.version,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _case_out(case))


@router.get(
    "/cases/{case_id}/timeline",
    response={200: list[TimelineOut], **READ_ERRORS},
    operation_id="get_case_timeline",
    summary="Tijdlijn van een casus",
)
def get_case_timeline(request, case_id: int):
    user = request.auth
    case = _visible_case(user, case_id)
    selectors.audit_read(user, case, "case", request=request, action="case_timeline_viewed")
    return [
        {"at": e.at, "kind": e.kind, "text": e.text, "reason": e.reason}
        for e in selectors.case_timeline(user, case)
    ]


@router.get(
    "/cases/{case_id}/export",
    response={200: None, **READ_ERRORS},
    operation_id="export_case",
    summary="Tijdlijn als CSV",
)
def export_case(request, case_id: int):
    user = request.auth
    case = _visible_case(user, case_id, "export")
    selectors.audit_read(user, case, "case", request=request, action="case_exported")
    rows = [
        (timezone.localtime(e.at).strftime("%d-%m-%Y %H:%M"), e.kind, e.text, e.reason)
        for e in selectors.case_timeline(user, case)
    ]
    return csv_response(
        f"casus-{case.pk}-tijdlijn.csv", ["Tijdstip", "Soort", "Gebeurtenis", "Motivering"], rows
    )


# --- meetings ----------------------------------------------------------------------------------------


@router.get(
    "/meetings", response=list[MeetingOut], operation_id="list_meetings", summary="Casusoverleggen"
)
@paginate(LinkPagination)
def list_meetings(request):
    user = request.auth
    policy.require(user, "list", "meeting")
    return [_meeting_out(user, m) for m in selectors.meetings_visible_to(user)]


@router.post(
    "/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    operation_id="create_meeting",
    summary="Casusoverleg plannen",
)
def create_meeting(request, payload: MeetingIn):
    user = request.auth
    try:
        cases = [_visible_case(user, pk, "edit") for pk in payload.case_ids]
        meeting = services.create_meeting(
            actor=user,
            title=payload.title,
            starts_at=payload.starts_at,
            location=payload.location,
            participants=_orgs(user, payload.participant_ids),
            cases=cases,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _meeting_out(user, meeting))


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **READ_ERRORS},
    operation_id="get_meeting",
    summary="Eén casusoverleg",
)
def get_meeting(request, meeting_id: int):
    user = request.auth
    meeting = policy.get_object_or_404(
        user, "view", "meeting", CaseMeeting.objects.all(), pk=meeting_id
    )
    selectors.audit_read(user, meeting, "meeting", request=request)
    return _meeting_out(user, meeting)


@router.patch(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **WRITE_ERRORS},
    operation_id="update_meeting",
    summary="Casusoverleg bijwerken",
)
def update_meeting(request, meeting_id: int, payload: MeetingPatch):
    user = request.auth
    meeting = policy.get_object_or_404(
        user, "edit", "meeting", CaseMeeting.objects.select_related("chair"), pk=meeting_id
    )
    try:
        services.update_meeting(
            actor=user,
            meeting=meeting,
            version=payload.version,
            title=payload.title,
            starts_at=payload.starts_at,
            location=payload.location,
            participants=_orgs(user, payload.participant_ids),
            notes=payload.notes,
            status=payload.status,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return _meeting_out(user, meeting)


@router.delete(
    "/meetings/{meeting_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_meeting",
    summary="Nog niet gehouden overleg annuleren",
)
def delete_meeting(request, meeting_id: int):
    user = request.auth
    meeting = policy.get_object_or_404(
        user, "delete", "meeting", CaseMeeting.objects.all(), pk=meeting_id
    )
    services.delete_meeting(actor=user, meeting=meeting, request=request)
    return Status(204, None)


@router.get(
    "/meetings/{meeting_id}/minutes",
    response={200: None, **READ_ERRORS},
    operation_id="export_meeting_minutes",
    summary="Verslag als PDF",
)
def export_meeting_minutes(request, meeting_id: int):
    user = request.auth
    meeting = selectors.get_meeting_for_export(user, meeting_id)
    selectors.audit_read(
        user, meeting, "meeting", request=request, action="meeting_minutes_exported"
    )
    return exports.meeting_minutes_pdf(user, meeting)


def _agenda_item(user, meeting_id: int, case_id: int, action: str) -> AgendaItem:
    meeting = policy.get_object_or_404(
        user, action, "meeting", CaseMeeting.objects.all(), pk=meeting_id
    )
    item = meeting.agenda.select_related("case", "meeting").filter(case_id=case_id).first()
    if item is None:
        raise Http404
    return item


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: MeetingOut, **WRITE_ERRORS},
    operation_id="add_meeting_agenda_item",
    summary="Casus op de agenda zetten",
)
def add_meeting_agenda_item(request, meeting_id: int, payload: AgendaItemIn):
    user = request.auth
    meeting = policy.get_object_or_404(
        user, "edit", "meeting", CaseMeeting.objects.all(), pk=meeting_id
    )
    case = _visible_case(user, payload.case_id)
    try:
        services.add_agenda_item(actor=user, meeting=meeting, case=case, request=request)
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _meeting_out(user, meeting))


@router.post(
    "/meetings/{meeting_id}/agenda/{case_id}/contributions",
    response={201: MeetingOut, **WRITE_ERRORS},
    operation_id="add_meeting_contribution",
    summary="Inbreng van de eigen organisatie bij een casus op de agenda",
)
def add_meeting_contribution(request, meeting_id: int, case_id: int, payload: AgendaTextIn):
    user = request.auth
    item = _agenda_item(user, meeting_id, case_id, "contribute")
    _visible_case(user, case_id)
    try:
        services.add_contribution(actor=user, item=item, text=payload.text, request=request)
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _meeting_out(user, item.meeting))


@router.put(
    "/meetings/{meeting_id}/agenda/{case_id}/decisions",
    response={200: MeetingOut, **WRITE_ERRORS},
    operation_id="record_meeting_decisions",
    summary="Besluiten bij een casus op de agenda vastleggen",
)
def record_meeting_decisions(request, meeting_id: int, case_id: int, payload: AgendaTextIn):
    user = request.auth
    item = _agenda_item(user, meeting_id, case_id, "edit")
    services.record_decisions(actor=user, item=item, decisions=payload.text, request=request)
    return _meeting_out(user, item.meeting)


@router.post(
    "/meetings/{meeting_id}/agenda/{case_id}/actions",
    response={201: MeetingOut, **WRITE_ERRORS},
    operation_id="add_meeting_action_item",
    summary="Actie met eigenaar toevoegen",
)
def add_meeting_action_item(request, meeting_id: int, case_id: int, payload: ActionItemIn):
    user = request.auth
    item = _agenda_item(user, meeting_id, case_id, "edit")
    try:
        services.add_action_item(
            actor=user,
            item=item,
            description=payload.description,
            owner=_org(user, payload.owner_id),
            due_date=payload.due_date,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _meeting_out(user, item.meeting))


# --- interventions -----------------------------------------------------------------------------------


@router.get(
    "/interventions",
    response=list[InterventionOut],
    operation_id="list_interventions",
    summary="Interventies",
)
@paginate(LinkPagination)
def list_interventions(request, status: str = Query("", max_length=20)):
    user = request.auth
    policy.require(user, "list", "intervention")
    return [_intervention_out(i) for i in selectors.interventions_visible_to(user, status=status)]


@router.post(
    "/interventions",
    response={201: InterventionOut, **WRITE_ERRORS},
    operation_id="create_intervention",
    summary="Interventie toevoegen",
)
def create_intervention(request, payload: InterventionIn):
    user = request.auth
    case = _visible_case(user, payload.case_id)
    try:
        i = services.create_intervention(
            actor=user,
            case=case,
            kind=payload.kind,
            title=payload.title,
            owner=_org(user, payload.owner_id),
            description=payload.description,
            due_date=payload.due_date,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _intervention_out(i))


@router.get(
    "/interventions/export",
    response={200: None, **READ_ERRORS},
    operation_id="export_interventions",
    summary="Interventies als CSV",
)
def export_interventions(request):
    user = request.auth
    policy.require(user, "export", "intervention")
    header, rows = exports.intervention_rows(
        policy.visible(user, "export", "intervention", selectors.interventions_visible_to(user))
    )
    return csv_response("interventies.csv", header, rows)


@router.get(
    "/interventions/{intervention_id}",
    response={200: InterventionOut, **READ_ERRORS},
    operation_id="get_intervention",
    summary="Eén interventie",
)
def get_intervention(request, intervention_id: int):
    user = request.auth
    i = policy.get_object_or_404(
        user,
        "view",
        "intervention",
        Intervention.objects.select_related("owner"),
        pk=intervention_id,
    )
    selectors.audit_read(user, i, "intervention", request=request)
    return _intervention_out(i)


@router.patch(
    "/interventions/{intervention_id}",
    response={200: InterventionOut, **WRITE_ERRORS},
    operation_id="update_intervention",
    summary="Status en resultaat bijwerken",
)
def update_intervention(request, intervention_id: int, payload: InterventionPatch):
    user = request.auth
    i = policy.get_object_or_404(
        user,
        "edit",
        "intervention",
        Intervention.objects.select_related("owner"),
        pk=intervention_id,
    )
    try:
        services.update_intervention(
            actor=user,
            intervention=i,
            version=payload.version,
            status=payload.status,
            result=payload.result,
            due_date=payload.due_date,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return _intervention_out(i)


# --- escalations -------------------------------------------------------------------------------------


@router.get(
    "/escalations",
    response=list[EscalationOut],
    operation_id="list_escalations",
    summary="Escalaties naar het repressieve spoor",
)
@paginate(LinkPagination)
def list_escalations(request):
    user = request.auth
    policy.require(user, "list", "escalation")
    return [_escalation_out(e) for e in selectors.escalations_visible_to(user)]


@router.post(
    "/escalations",
    response={201: EscalationOut, **WRITE_ERRORS},
    operation_id="create_escalation",
    summary="Escalatie aanvragen (vier ogen)",
)
def create_escalation(request, payload: EscalationIn):
    user = request.auth
    case = _visible_case(user, payload.case_id)
    try:
        e = services.request_escalation(
            actor=user,
            case=case,
            track=payload.track,
            target=_org(user, payload.target_id),
            legal_basis=payload.legal_basis,
            reason=payload.reason,
            share=payload.share,
            request=request,
        )
    except ValidationError as error:
        return _invalid(request, error)
    return Status(201, _escalation_out(e))


@router.get(
    "/escalations/{escalation_id}",
    response={200: EscalationOut, **READ_ERRORS},
    operation_id="get_escalation",
    summary="Eén escalatie met wat er gedeeld is",
)
def get_escalation(request, escalation_id: int):
    user = request.auth
    e = policy.get_object_or_404(
        user, "view", "escalation", Escalation.objects.select_related("target"), pk=escalation_id
    )
    selectors.audit_read(user, e, "escalation", request=request)
    return _escalation_out(e)


@router.post(
    "/escalations/{escalation_id}/decision",
    response={200: EscalationOut, **WRITE_ERRORS},
    operation_id="decide_escalation",
    summary="Escalatie goedkeuren of afwijzen",
)
def decide_escalation(request, escalation_id: int, payload: EscalationDecisionIn):
    user = request.auth
    e = policy.get_object_or_404(
        user,
        "approve",
        "escalation",
        Escalation.objects.select_related("target", "case"),
        pk=escalation_id,
    )
    try:
        services.decide_escalation(
            actor=user, escalation=e, approve=payload.approve, note=payload.note, request=request
        )
    except ValidationError as error:
        return _invalid(request, error)
    return _escalation_out(e)


@router.get(
    "/escalations/{escalation_id}/export",
    response={200: None, **READ_ERRORS},
    operation_id="export_escalation",
    summary="Verstrekkingsverslag als PDF",
)
def export_escalation(request, escalation_id: int):
    user = request.auth
    e = policy.get_object_or_404(
        user,
        "export",
        "escalation",
        Escalation.objects.select_related("case", "target", "requested_by", "approver"),
        pk=escalation_id,
    )
    selectors.audit_read(user, e, "escalation", request=request, action="escalation_exported")
    pdf = render_pdf(
        "signals/escalation_pdf.html",
        {"escalation": e, "shared": e.shared, "generated_at": timezone.now()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verstrekking-{e.pk}.pdf"'
    return response
