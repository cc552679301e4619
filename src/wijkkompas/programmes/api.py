"""The programmes router, mounted in wijkkompas/api.py (paths under /api/v1/): programmes and
their nested steps (go/no-go), actions, meetings, indicators and reports, with the same policy,
optimistic locking (409) and problem+json as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.barriers.models import Element
from wijkkompas.core.api_support import ApiRouter
from wijkkompas.knowledge.models import Theme
from wijkkompas.programmes import (
    exporting,
    outputs,
    reporting,
    selectors,
    services,
    work,
)
from wijkkompas.programmes import schemas as s
from wijkkompas.programmes.models import Action, Meeting, Programme, Report

router = ApiRouter(tags=["aanpak"])
P = "/programmes/{programme_id}"


def _org(user, org_id, field: str) -> Organisation | None:
    if org_id is None:
        return None
    org = Organisation.objects.filter(pk=org_id, tenant_id=user.tenant_id).first()
    if org is None:
        raise ValidationError({field: f"Organisatie {org_id} bestaat niet in uw gemeente."})
    return org


def _programme(request, programme_id: int, action: str = "view") -> Programme:
    return selectors.get_programme(request.auth, programme_id, action)


def _programme_for_reports(request, programme_id: int) -> Programme:
    if policy.can(request.auth, "list", "programme"):
        return _programme(request, programme_id)
    return selectors.get_steering(request.auth, programme_id)


# --- templates and programmes ------------------------------------------------------------


@router.paged("/programmes/templates", s.TemplateOut, summary="Werkwijzen (sjablonen)")
def list_programme_templates(request):
    return selectors.templates_for(request.auth)


@router.created("/programmes/templates", s.TemplateOut, summary="Eigen werkwijze toevoegen")
def create_programme_template(request, payload: s.TemplateIn):
    user = request.auth
    return services.create_template(actor=user, tenant=user.tenant, **payload.dict())


@router.paged("/programmes", s.ProgrammeOut, summary="Programma's (trekker of partner)")
def list_programmes(request):
    return selectors.programmes_visible_to(request.auth)


@router.created("/programmes", s.ProgrammeOut, summary="Programma starten vanuit een werkwijze")
def start_programme(request, payload: s.ProgrammeIn):
    user = request.auth
    policy.require(user, "create", "programme")
    data = payload.dict()
    template = selectors.templates_for(user).filter(pk=data.pop("template_id")).first()
    if template is None:
        raise ValidationError({"template_id": "Deze werkwijze bestaat niet (voor u)."})
    theme_id = data.pop("theme_id")
    theme = Theme.objects.filter(pk=theme_id).first() if theme_id else None
    if theme_id and theme is None:
        raise ValidationError({"theme_id": f"Thema {theme_id} bestaat niet."})
    lead = _org(user, data.pop("lead_organisation_id"), "lead_organisation_id")
    partners = [
        (_org(user, p["organisation_id"], "partners"), p["role"]) for p in data.pop("partners")
    ]
    return services.start_programme(
        actor=user,
        tenant=user.tenant,
        template=template,
        theme=theme,
        lead_organisation=lead or user.organisation,
        coordinator=user,
        partners=partners,
        **data,
    )


@router.get(P, response=s.ProgrammeOut, summary="Eén programma")
def get_programme(request, programme_id: int):
    return _programme(request, programme_id)


@router.patch(P, response=s.ProgrammeOut, summary="Programma wijzigen (met versie)")
def update_programme(request, programme_id: int, payload: s.ProgrammePatch):
    programme = _programme(request, programme_id, "edit")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    return services.update_programme(
        actor=request.auth, programme=programme, version=version, **data
    )


@router.post(P + "/partners", response=s.ProgrammeOut, summary="Partner toevoegen of rol wijzigen")
def set_programme_partner(request, programme_id: int, payload: s.PartnerIn):
    programme = _programme(request, programme_id, "edit")
    services.set_partner(
        actor=request.auth,
        programme=programme,
        organisation=_org(request.auth, payload.organisation_id, "organisation_id"),
        role=payload.role,
        contribution=payload.contribution,
    )
    return programme


@router.get(P + "/export", summary="Programma als JSON (alle onderdelen)")
def export_programme(request, programme_id: int):
    programme = _programme(request, programme_id, "export")
    audit.record(actor=request.auth, action="programme_exported", obj=programme)
    return exporting.export_data(programme)


# --- steps and the go/no-go --------------------------------------------------------------


@router.paged(P + "/steps", s.ProgrammeStepOut, summary="Stappen met hun go/no-go-besluit")
def list_programme_steps(request, programme_id: int):
    programme = _programme(request, programme_id)
    return programme.steps.select_related("decision").order_by("position")


@router.created(
    P + "/steps/{step_id}/decision", s.ProgrammeStepOut, summary="Go/no-go-besluit vastleggen"
)
def record_programme_decision(request, programme_id: int, step_id: int, payload: s.DecisionIn):
    programme = _programme(request, programme_id)
    step = selectors.get_step(request.auth, programme, step_id, "decide")
    data = payload.dict()
    meeting_id = data.pop("meeting_id")
    meeting = programme.meetings.filter(pk=meeting_id).first() if meeting_id else None
    if meeting_id and meeting is None:
        raise ValidationError({"meeting_id": "Dit overleg hoort niet bij het programma."})
    services.record_decision(actor=request.auth, step=step, meeting=meeting, **data)
    step.refresh_from_db()
    return step


@router.post(
    P + "/steps/{step_id}/start", response=s.ProgrammeStepOut, summary="Stap starten (override)"
)
def start_programme_step(request, programme_id: int, step_id: int, payload: s.StartIn):
    programme = _programme(request, programme_id)
    step = selectors.get_step(request.auth, programme, step_id, "decide")
    return services.start_step(actor=request.auth, step=step, **payload.dict())


# --- actions -----------------------------------------------------------------------------


@router.paged(P + "/actions", s.ActionOut, summary="Acties van het programma")
def list_programme_actions(request, programme_id: int):
    return selectors.actions_of(request.auth, _programme(request, programme_id))


@router.created(P + "/actions", s.ActionOut, summary="Actie toevoegen (ook uit een barrière)")
def create_programme_action(request, programme_id: int, payload: s.ActionIn):
    user = request.auth
    programme = _programme(request, programme_id)
    policy.require(user, "create", "programme_action", Action(programme=programme))
    data = payload.dict()
    barrier_id = data.pop("barrier_id")
    if barrier_id:
        barrier = policy.get_object_or_404(
            user, "view", "barrier_element", Element.objects.all(), pk=barrier_id
        )
        return work.action_from_barrier(
            actor=user, programme=programme, barrier=barrier, due_date=data["due_date"]
        )
    owner = _org(user, data.pop("owner_organisation_id"), "owner_organisation_id")
    return work.create_action(actor=user, programme=programme, owner_organisation=owner, **data)


@router.patch(P + "/actions/{action_id}", response=s.ActionOut, summary="Actie bijwerken")
def update_programme_action(request, programme_id: int, action_id: int, payload: s.ActionPatch):
    programme = _programme(request, programme_id)
    action = selectors.get_action(request.auth, programme, action_id, "edit")
    data = payload.dict(exclude_unset=True)
    return work.update_action(actor=request.auth, action=action, **data)


# --- meetings ----------------------------------------------------------------------------


@router.paged(P + "/meetings", s.ProgrammeMeetingOut, summary="Overleggen van het programma")
def list_programme_meetings(request, programme_id: int):
    return selectors.meetings_of(request.auth, _programme(request, programme_id))


@router.created(P + "/meetings", s.ProgrammeMeetingOut, summary="Overleg plannen")
def create_programme_meeting(request, programme_id: int, payload: s.ProgrammeMeetingIn):
    programme = _programme(request, programme_id)
    policy.require(request.auth, "create", "programme_meeting", Meeting(programme=programme))
    data = payload.dict()
    ids = data.pop("participant_ids")
    participants = list(Organisation.objects.filter(pk__in=ids, tenant_id=programme.tenant_id))
    if len(participants) != len(set(ids)):
        raise ValidationError({"participant_ids": "Onbekende organisatie bij de deelnemers."})
    return work.create_meeting(
        actor=request.auth, programme=programme, participants=participants, **data
    )


M = P + "/meetings/{meeting_id}"


@router.get(M, response=s.ProgrammeMeetingOut, summary="Eén overleg met verslagen en besluiten")
def get_programme_meeting(request, programme_id: int, meeting_id: int):
    return selectors.get_meeting(request.auth, _programme(request, programme_id), meeting_id)


@router.post(M + "/minutes", response=s.ProgrammeMeetingOut, summary="Conceptverslag opslaan")
def save_programme_minutes(request, programme_id: int, meeting_id: int, payload: s.MinutesIn):
    meeting = selectors.get_meeting(
        request.auth, _programme(request, programme_id), meeting_id, "edit"
    )
    work.save_minutes(actor=request.auth, meeting=meeting, **payload.dict())
    meeting.refresh_from_db()
    return meeting


@router.post(M + "/minutes/approve", response=s.ProgrammeMeetingOut, summary="Verslag vaststellen")
def approve_programme_minutes(request, programme_id: int, meeting_id: int, payload: s.VersionIn):
    meeting = selectors.get_meeting(
        request.auth, _programme(request, programme_id), meeting_id, "edit"
    )
    work.approve_minutes(actor=request.auth, meeting=meeting, version=payload.version)
    meeting.refresh_from_db()
    return meeting


@router.post(
    M + "/minutes/amend", response=s.ProgrammeMeetingOut, summary="Wijziging: nieuwe versie"
)
def amend_programme_minutes(request, programme_id: int, meeting_id: int, payload: s.AmendIn):
    meeting = selectors.get_meeting(
        request.auth, _programme(request, programme_id), meeting_id, "edit"
    )
    work.amend_minutes(actor=request.auth, meeting=meeting, **payload.dict())
    meeting.refresh_from_db()
    return meeting


@router.post(
    M + "/decisions", response=s.ProgrammeMeetingOut, summary="Besluit (en eventueel actie)"
)
def add_programme_meeting_decision(
    request, programme_id: int, meeting_id: int, payload: s.MeetingDecisionIn
):
    meeting = selectors.get_meeting(
        request.auth, _programme(request, programme_id), meeting_id, "edit"
    )
    work.add_meeting_decision(
        actor=request.auth,
        meeting=meeting,
        text=payload.text,
        action_owner=_org(request.auth, payload.action_owner_id, "action_owner_id"),
        action_due=payload.action_due,
    )
    return meeting


@router.get(M + "/invitation", summary="Uitnodiging als iCalendar (.ics)")
def programme_meeting_invitation(request, programme_id: int, meeting_id: int):
    meeting = selectors.get_meeting(
        request.auth, _programme(request, programme_id), meeting_id, "export"
    )
    audit.record(
        actor=request.auth,
        action="programme_meeting_invited",
        obj=meeting,
        tenant_id=meeting.programme.tenant_id,
    )
    return HttpResponse(outputs.invitation_ics(meeting), content_type="text/calendar")


# --- indicators --------------------------------------------------------------------------


@router.paged(
    P + "/indicators", s.ProgrammeIndicatorOut, summary="Indicatoren met hun cijfers per jaar"
)
def list_programme_indicators(request, programme_id: int):
    programme = _programme(request, programme_id)
    return programme.indicators.select_related("wijkbeeld_indicator")


@router.created(P + "/indicators", s.ProgrammeIndicatorOut, summary="Indicator toevoegen")
def create_programme_indicator(request, programme_id: int, payload: s.IndicatorIn):
    programme = _programme(request, programme_id)
    data = payload.dict()
    code = data.pop("wijkbeeld_indicator_code")
    linked = AreaIndicator.objects.filter(code=code).first() if code else None
    if code and linked is None:
        raise ValidationError({"wijkbeeld_indicator_code": f"Onbekende indicator '{code}'."})
    return reporting.create_indicator(
        actor=request.auth, programme=programme, wijkbeeld_indicator=linked, **data
    )


@router.post(
    P + "/indicators/{indicator_id}/measurements",
    response=s.ProgrammeIndicatorOut,
    summary="Meting vastleggen (handmatige indicator)",
)
def add_programme_measurement(
    request, programme_id: int, indicator_id: int, payload: s.MeasurementIn
):
    programme = _programme(request, programme_id)
    indicator = policy.get_object_or_404(
        request.auth, "edit", "programme_indicator", programme.indicators.all(), pk=indicator_id
    )
    reporting.record_measurement(actor=request.auth, indicator=indicator, **payload.dict())
    indicator.refresh_from_db()
    return indicator


# --- reports -----------------------------------------------------------------------------


@router.paged(P + "/reports", s.ReportOut, summary="Voortgangsrapportages")
def list_programme_reports(request, programme_id: int):
    return selectors.reports_of(request.auth, _programme_for_reports(request, programme_id))


@router.created(P + "/reports", s.ReportOut, summary="Nieuwe rapportage (concept)")
def create_programme_report(request, programme_id: int, payload: s.ReportIn):
    programme = _programme(request, programme_id)
    return reporting.create_report(actor=request.auth, programme=programme, **payload.dict())


R = P + "/reports/{report_id}"


def _report(request, programme_id: int, report_id: int, action: str = "view") -> Report:
    programme = _programme_for_reports(request, programme_id)
    return selectors.get_report(request.auth, programme, report_id, action)


@router.get(R, response=s.ReportOut, summary="Eén rapportage")
def get_programme_report(request, programme_id: int, report_id: int):
    return _report(request, programme_id, report_id)


@router.patch(R, response=s.ReportOut, summary="Concept wijzigen (met versie)")
def update_programme_report(request, programme_id: int, report_id: int, payload: s.ReportPatch):
    report = _report(request, programme_id, report_id, "edit")
    return reporting.update_report(
        actor=request.auth, report=report, **payload.dict(exclude_unset=True)
    )


@router.post(R + "/publish", response=s.ReportOut, summary="Publiceren: inhoud vastleggen")
def publish_programme_report(request, programme_id: int, report_id: int, payload: s.VersionIn):
    report = _report(request, programme_id, report_id, "edit")
    return reporting.publish_report(actor=request.auth, report=report, version=payload.version)


@router.get(R + "/content", summary="Inhoud van de rapportage (vastgelegd of concept)")
def programme_report_content(request, programme_id: int, report_id: int):
    return reporting.content_of(_report(request, programme_id, report_id))


@router.get(R + "/download", summary="Rapportage als PDF of DOCX")
def download_programme_report(
    request, programme_id: int, report_id: int, format: s.ReportFormat = "pdf"
):
    report = _report(request, programme_id, report_id)
    content = reporting.content_of(report)
    if format == "pdf":
        body, kind = outputs.report_pdf(content, report=report), "application/pdf"
    elif format == "docx":
        body = outputs.report_docx(content, report=report)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:  # pragma: no cover - the schema allows only these
        raise Http404
    audit.record(
        actor=request.auth,
        action="programme_report_exported",
        obj=report,
        tenant_id=report.programme.tenant_id,
        detail={"format": format},
    )
    response = HttpResponse(body, content_type=kind)
    name = outputs.filename(report.title, format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
