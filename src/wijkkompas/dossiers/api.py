"""Themadossier API: the same selectors, services and policy as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from wijkkompas.core.api_support import LinkPagination, problem
from wijkkompas.core.markdown import render as render_markdown
from wijkkompas.dossiers import selectors, services
from wijkkompas.dossiers.models import Dossier, Status
from wijkkompas.knowledge.models import Question, SourceEntry

router = Router(tags=["dossiers"])


class ShareOut(Schema):
    key: str
    label: str
    reached: int
    total: int
    percent: int | None


class DossierListOut(Schema):
    id: int
    theme: str
    theme_name: str
    tenant: str
    opened_at: dt.datetime
    opened_by: str | None
    information_position: ShareOut
    url: str


class SourceStatusOut(Schema):
    entry_id: int
    source: str
    name: str
    kind: str
    internal: bool
    questions: list[int]
    status: str
    status_label: str
    date: dt.date | None
    set_by: str | None
    note: str
    version: int


class FindingOut(Schema):
    text: str
    html: str
    version: int
    updated_at: dt.datetime | None
    updated_by: str | None


class PinOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    note: str
    reference: str


class QuestionOut(Schema):
    number: int
    text: str
    scope: str
    information_position: ShareOut
    finding: FindingOut
    source_entries: list[int]
    pins: list[PinOut]


class DossierOut(DossierListOut):
    version: int
    next_steps: str
    practices: list[str]
    instruments: list[str]
    questions: list[QuestionOut]
    sources: list[SourceStatusOut]
    information_position_detail: dict = Field(
        ...,
        description="overall, by_question, by_kind, by_origin, status_counts en history (één punt per datum met een statuswijziging)",
    )


class StatusIn(Schema):
    status: str = Field(
        ..., description="niet_benaderd | benaderd | informatie_ontvangen | structureel_geborgd"
    )
    date: dt.date | None = Field(
        None, description="datum van de status (standaard vandaag; niet in de toekomst)"
    )
    note: str = ""
    version: int = Field(
        ..., ge=0, description="de versie die u het laatst zag (0 als de bron nog geen status had)"
    )


class StatusUpdateOut(Schema):
    source: SourceStatusOut
    information_position: ShareOut


class FindingIn(Schema):
    text: str
    version: int = Field(
        ...,
        ge=0,
        description="de versie die u het laatst zag (0 als er nog geen bevindingen waren)",
    )


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


def _list_item(dossier: Dossier, request) -> dict:
    return {
        "id": dossier.pk,
        "theme": dossier.theme.slug,
        "theme_name": dossier.theme.name,
        "tenant": dossier.tenant.slug,
        "opened_at": dossier.opened_at,
        "opened_by": _name(dossier.opened_by),
        "information_position": selectors.information_position(dossier).overall.as_dict(),
        "url": request.build_absolute_uri(reverse("dossiers:detail", args=[dossier.pk])),
    }


def _source_out(row: selectors.SourceRow) -> dict:
    return {
        "entry_id": row.entry.pk,
        "source": row.entry.source.slug,
        "name": row.entry.source.name,
        "kind": row.entry.source.kind,
        "internal": row.entry.source.internal,
        "questions": row.question_numbers,
        "status": row.status_code,
        "status_label": row.status_label,
        "date": row.status.date if row.status else None,
        "set_by": _name(row.status.set_by) if row.status else None,
        "note": row.status.note if row.status else "",
        "version": row.version,
    }


def _invalid(request, exc: ValidationError):
    params = [
        {"loc": ["body", field], "msg": msg, "type": "value_error"}
        for field, msgs in getattr(exc, "message_dict", {"__all__": exc.messages}).items()
        for msg in msgs
    ]
    return problem(
        request, 422, "Ongeldige invoer", " ".join(p["msg"] for p in params), invalid_params=params
    )


@router.get(
    "/dossiers",
    response=list[DossierListOut],
    operation_id="list_dossiers",
    summary="Themadossiers van de eigen gemeente",
)
@paginate(LinkPagination)
def list_dossiers(request):
    return [_list_item(d, request) for d in selectors.dossiers_visible_to(request.auth)]


@router.get(
    "/dossiers/{dossier_id}",
    response=DossierOut,
    operation_id="get_dossier",
    summary="Eén themadossier met informatiepositie",
)
def get_dossier(request, dossier_id: int):
    dossier = selectors.get_dossier(request.auth, dossier_id)
    position = selectors.information_position(dossier)
    rows = selectors.source_rows(dossier)
    findings = selectors.findings_by_question(dossier)
    pins = selectors.pins_by_question(dossier)
    questions = []
    for question, share in zip(
        Question.objects.order_by("number"), position.by_question, strict=False
    ):
        finding = findings.get(question.number)
        questions.append(
            {
                "number": question.number,
                "text": question.text,
                "scope": question.scope,
                "information_position": share.as_dict(),
                "finding": {
                    "text": finding.text if finding else "",
                    "html": render_markdown(finding.text) if finding else "",
                    "version": finding.version if finding else 0,
                    "updated_at": finding.updated_at if finding else None,
                    "updated_by": _name(finding.updated_by) if finding else None,
                },
                "source_entries": [
                    r.entry.pk for r in rows if question.number in r.question_numbers
                ],
                "pins": [
                    {
                        "id": p.pk,
                        "kind": p.kind,
                        "title": p.title,
                        "url": p.url,
                        "note": p.note,
                        "reference": p.reference,
                    }
                    for p in pins.get(question.number, [])
                ],
            }
        )
    return {
        **_list_item(dossier, request),
        "version": dossier.version,
        "next_steps": dossier.next_steps,
        "practices": list(dossier.practices.values_list("slug", flat=True)),
        "instruments": list(dossier.instruments.values_list("slug", flat=True)),
        "questions": questions,
        "sources": [_source_out(r) for r in rows],
        "information_position_detail": position.as_dict(),
    }


@router.patch(
    "/dossiers/{dossier_id}/sources/{entry_id}",
    response={200: StatusUpdateOut},
    operation_id="update_dossier_source_status",
    summary="Status van een aanbevolen bron bijwerken",
    description="Stuur de versie mee die u het laatst zag; is de status intussen gewijzigd, dan volgt 409.",
)
def update_source_status(request, dossier_id: int, entry_id: int, payload: StatusIn):
    dossier = selectors.get_dossier(request.auth, dossier_id, "edit")
    entry = get_object_or_404(
        SourceEntry.objects.select_related("source"), pk=entry_id, theme_id=dossier.theme_id
    )
    if payload.status not in Status.values:
        return _invalid(
            request,
            ValidationError(
                {
                    "status": f"Onbekende status '{payload.status}'. Kies uit: {', '.join(Status.values)}."
                }
            ),
        )
    try:
        services.set_source_status(
            actor=request.auth,
            dossier=dossier,
            entry=entry,
            status=payload.status,
            day=payload.date,
            note=payload.note,
            expected_version=payload.version,
            request=request,
        )
    except ValidationError as exc:
        return _invalid(request, exc)
    return {
        "source": _source_out(selectors.source_row(dossier, entry.pk)),
        "information_position": selectors.information_position(dossier).overall.as_dict(),
    }


@router.patch(
    "/dossiers/{dossier_id}/questions/{number}/finding",
    response=FindingOut,
    operation_id="update_dossier_finding",
    summary="Bevindingen bij een vraag opslaan",
    description="Stuur de versie mee die u het laatst zag; zijn de bevindingen intussen gewijzigd, dan volgt 409.",
)
def update_finding(request, dossier_id: int, number: int, payload: FindingIn):
    dossier = selectors.get_dossier(request.auth, dossier_id, "edit")
    question = get_object_or_404(Question, number=number)
    try:
        finding = services.save_finding(
            actor=request.auth,
            dossier=dossier,
            question=question,
            text=payload.text,
            expected_version=payload.version,
            request=request,
        )
    except ValidationError as exc:
        return _invalid(request, exc)
    return {
        "text": finding.text,
        "html": render_markdown(finding.text),
        "version": finding.version,
        "updated_at": finding.updated_at,
        "updated_by": _name(finding.updated_by),
    }
