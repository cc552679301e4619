"""Themadossier API: the same selectors, services and policy as the pages. Responses are built by
ninja from the model objects and the selectors' rows (a dotted ``alias`` such as ``theme.slug``
reads a field through a related object); a service's ``ValidationError`` answers 422 through the
core handler."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Field, Schema

from wijkkompas.core.api_support import ApiRouter, BodySchema, IsoDate, one_of
from wijkkompas.core.markdown import render as render_markdown
from wijkkompas.dossiers import selectors, services
from wijkkompas.dossiers.models import Dossier, Status

router = ApiRouter(tags=["dossiers"])

# What a question without findings shows: empty text, version 0 (the version to send first).
_NO_FINDING = SimpleNamespace(text="", version=0, updated_at=None, updated_by=None)


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


class _Detail:
    """A dossier with what its detail shows, each computed once; reads as the dossier itself."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.position = selectors.information_position(dossier)
        self.sources = selectors.source_rows(dossier)
        self.questions = selectors.question_sections(dossier, self.position, self.sources)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.dossier, name)


def _position(obj: Dossier | _Detail) -> selectors.InformationPosition:
    return obj.position if isinstance(obj, _Detail) else selectors.information_position(obj)


class ShareOut(Schema):
    key: str
    label: str
    reached: int
    total: int
    percent: int | None


class DossierListOut(Schema):
    id: int
    theme: str = Field(alias="theme.slug")
    theme_name: str = Field(alias="theme.name")
    tenant: str = Field(alias="tenant.slug")
    opened_at: dt.datetime
    opened_by: str | None
    information_position: ShareOut
    url: str

    @staticmethod
    def resolve_opened_by(obj) -> str | None:
        return _name(obj.opened_by)

    @staticmethod
    def resolve_information_position(obj) -> selectors.Share:
        return _position(obj).overall

    @staticmethod
    def resolve_url(obj, context) -> str:
        return context["request"].build_absolute_uri(reverse("dossiers:detail", args=[obj.pk]))


class SourceStatusOut(Schema):
    """One recommended source with its status (from ``selectors.SourceRow``)."""

    entry_id: int = Field(alias="entry.pk")
    source: str = Field(alias="entry.source.slug")
    name: str = Field(alias="entry.source.name")
    kind: str = Field(alias="entry.source.kind")
    internal: bool = Field(alias="entry.source.internal")
    questions: list[int] = Field(alias="question_numbers")
    status: str = Field(alias="status_code")
    status_label: str
    date: dt.date | None
    set_by: str | None
    note: str
    version: int

    @staticmethod
    def resolve_date(row) -> dt.date | None:
        return row.status.date if row.status else None

    @staticmethod
    def resolve_set_by(row) -> str | None:
        return _name(row.status.set_by) if row.status else None

    @staticmethod
    def resolve_note(row) -> str:
        return row.status.note if row.status else ""


class FindingOut(Schema):
    text: str
    html: str
    version: int
    updated_at: dt.datetime | None
    updated_by: str | None

    @staticmethod
    def resolve_html(obj) -> str:
        return render_markdown(obj.text)

    @staticmethod
    def resolve_updated_by(obj) -> str | None:
        return _name(obj.updated_by)


class PinOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    note: str
    reference: str


class QuestionOut(Schema):
    """One question of the dossier (from ``selectors.QuestionSection``)."""

    number: int = Field(alias="question.number")
    text: str = Field(alias="question.text")
    scope: str = Field(alias="question.scope")
    information_position: ShareOut = Field(alias="share")
    finding: FindingOut
    source_entries: list[int]
    pins: list[PinOut]

    @staticmethod
    def resolve_finding(section) -> Any:
        return section.finding or _NO_FINDING

    @staticmethod
    def resolve_source_entries(section) -> list[int]:
        return [r.entry.pk for r in section.rows]


class DossierOut(DossierListOut):
    version: int
    summary: str = Field(..., description="samenvatting voor de koersnotitie (Markdown)")
    advice: str = Field(..., description="advies voor de koersnotitie (Markdown)")
    next_steps: str
    practices: list[str]
    instruments: list[str]
    questions: list[QuestionOut]
    sources: list[SourceStatusOut]
    information_position_detail: dict = Field(
        ...,
        description="overall, by_question, by_kind, by_origin, status_counts en history (één punt per datum met een statuswijziging)",
    )

    @staticmethod
    def resolve_practices(obj) -> list[str]:
        return list(obj.practices.values_list("slug", flat=True))

    @staticmethod
    def resolve_instruments(obj) -> list[str]:
        return list(obj.instruments.values_list("slug", flat=True))

    @staticmethod
    def resolve_information_position_detail(obj) -> dict:
        return obj.position.as_dict()


class StatusIn(BodySchema):
    status: one_of(Status) = Field(
        ..., description="niet_benaderd | benaderd | informatie_ontvangen | structureel_geborgd"
    )
    date: IsoDate | None = Field(
        None, description="datum van de status (standaard vandaag; niet in de toekomst)"
    )
    note: str = ""
    version: int = Field(
        ..., ge=0, description="de versie die u het laatst zag (0 als de bron nog geen status had)"
    )


class StatusUpdateOut(Schema):
    source: SourceStatusOut
    information_position: ShareOut


class FindingIn(BodySchema):
    text: str
    version: int = Field(
        ...,
        ge=0,
        description="de versie die u het laatst zag (0 als er nog geen bevindingen waren)",
    )


@router.paged("/dossiers", DossierListOut, summary="Themadossiers van de eigen gemeente")
def list_dossiers(request):
    return selectors.dossiers_visible_to(request.auth)


@router.get(
    "/dossiers/{dossier_id}", response=DossierOut, summary="Eén themadossier met informatiepositie"
)
def get_dossier(request, dossier_id: int):
    return _Detail(selectors.get_dossier(request.auth, dossier_id))


@router.patch(
    "/dossiers/{dossier_id}/sources/{entry_id}",
    response={200: StatusUpdateOut},
    summary="Status van een aanbevolen bron bijwerken",
    description="Stuur de versie mee die u het laatst zag; is de status intussen gewijzigd, dan volgt 409.",
)
def update_dossier_source_status(request, dossier_id: int, entry_id: int, payload: StatusIn):
    dossier = selectors.get_dossier(request.auth, dossier_id, "edit")
    entry = selectors.get_source_row(dossier, entry_id).entry
    if payload.status not in Status.values:
        # The API names the codes to send (the service names the labels a user sees).
        raise ValidationError(
            {
                "status": f"Onbekende status '{payload.status}'. Kies uit: {', '.join(Status.values)}."
            }
        )
    services.set_source_status(
        actor=request.auth,
        dossier=dossier,
        entry=entry,
        status=payload.status,
        day=payload.date,
        note=payload.note,
        expected_version=payload.version,
    )
    return {
        "source": selectors.source_row(dossier, entry.pk),
        "information_position": selectors.information_position(dossier).overall,
    }


@router.patch(
    "/dossiers/{dossier_id}/questions/{number}/finding",
    response=FindingOut,
    summary="Bevindingen bij een vraag opslaan",
    description="Stuur de versie mee die u het laatst zag; zijn de bevindingen intussen gewijzigd, dan volgt 409.",
)
def update_dossier_finding(request, dossier_id: int, number: int, payload: FindingIn):
    dossier = selectors.get_dossier(request.auth, dossier_id, "edit")
    return services.save_finding(
        actor=request.auth,
        dossier=dossier,
        question=selectors.get_question(number),
        text=payload.text,
        expected_version=payload.version,
    )
