"""The fieldwork API under /api/v1/ (mounted in wijkkompas/api.py): campaigns, their addresses
(import as a file), coverage, information checks and visits. Thin over the same services and
selectors as the pages: the same policy, every list of addresses, checks or visits audited with
the ids answered, stale writes 409, invalid input 422 (problem+json)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from ninja import Field, File, Schema, Status, UploadedFile
from pydantic.json_schema import SkipJsonSchema

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Organisation
from wijkkompas.core.api_support import (
    ApiRouter,
    BodySchema,
    IsoDate,
    IsoDateTime,
    LinkPagination,
    ObjectId,
)
from wijkkompas.fieldwork import importer, selectors, services
from wijkkompas.fieldwork.models import Address, InformationCheck
from wijkkompas.knowledge.models import Source, Theme
from wijkkompas.programmes.models import Programme
from wijkkompas.signals.models import Category

router = ApiRouter(tags=["veldwerk"])
Omit = SkipJsonSchema[None]
Kind = Literal["huisbezoeken", "bedrijfsbezoeken", "buitengebied"]
CampaignStatus = Literal["concept", "actief", "afgesloten"]
Outcome = Literal["gesprek", "niemand_thuis", "geen_medewerking", "niet_gevonden", "anders"]
Strategy = Literal["zichtbaarheid", "weerbaarheid", "geen_bezoek"]
RoleCode = Literal["professional", "procesregisseur", "oov_adviseur"]


def _audited(object_type: str) -> type[LinkPagination]:
    class AuditedPagination(LinkPagination):
        """Writes the list's audit row with the ids of the page actually answered."""

        def paginate_queryset(self, queryset, pagination, request=None, **params):
            answer = super().paginate_queryset(queryset, pagination, request=request, **params)
            selectors.audit_list(request.auth, object_type, [o.pk for o in answer["results"]])
            return answer

    return AuditedPagination


class Question(Schema):
    key: str = ""
    label: str
    kind: Literal["tekst", "ja_nee", "keuze"] = "tekst"
    choices: list[str] = []


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    goal: str
    area_codes: list[str]
    starts_on: dt.date
    ends_on: dt.date
    organisation_id: int
    team_organisation_ids: list[int]
    team_roles: list[str]
    check_roles: list[str]
    requires_check: bool
    questions: list[Question]
    theme_id: int | None
    programme_id: int | None
    signal_category_id: int | None
    legal_basis: str
    purpose: str
    version: int

    @staticmethod
    def resolve_team_organisation_ids(obj: Any) -> list[int]:
        return sorted(o.pk for o in obj.team_organisations.all())


class CampaignIn(BodySchema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: Kind
    status: CampaignStatus = "actief"
    goal: str = ""
    area_codes: list[str] = []
    starts_on: IsoDate
    ends_on: IsoDate
    team_organisation_ids: list[ObjectId] = []
    team_roles: list[RoleCode] = []
    check_roles: list[RoleCode] = []
    requires_check: bool = False
    questions: list[Question] = []
    theme_id: ObjectId | None = None
    programme_id: ObjectId | None = None
    signal_category_id: ObjectId | None = None
    legal_basis: str = Field(..., min_length=1, max_length=300)
    purpose: str = Field(..., min_length=1, max_length=300)


class CampaignPatch(BodySchema):
    version: int = Field(..., description="De versie die u las (optimistische vergrendeling)")
    name: Annotated[str, Field(min_length=1, max_length=200)] | Omit = None
    kind: Kind | Omit = None
    status: CampaignStatus | Omit = None
    goal: str | Omit = None
    area_codes: list[str] | Omit = None
    starts_on: IsoDate | Omit = None
    ends_on: IsoDate | Omit = None
    team_organisation_ids: list[ObjectId] | Omit = None
    team_roles: list[RoleCode] | Omit = None
    check_roles: list[RoleCode] | Omit = None
    requires_check: bool | Omit = None
    questions: list[Question] | Omit = None
    legal_basis: Annotated[str, Field(min_length=1, max_length=300)] | Omit = None
    purpose: Annotated[str, Field(min_length=1, max_length=300)] | Omit = None


class AddressOut(Schema):
    id: int
    street: str
    number: int
    addition: str
    postcode: str
    place: str
    bag_id: str
    kvk_number: str
    branch: str
    latitude: float
    longitude: float
    area_code: str
    cluster: str | None
    status: str
    visits_count: int
    revisit_on: dt.date | None

    @staticmethod
    def resolve_cluster(obj: Any) -> str | None:
        return obj.cluster.name if obj.cluster_id else None


class ImportOut(Schema):
    created: int
    skipped: int
    unplaced: int
    summary: str


class CoverageRowOut(Schema):
    key: str
    label: str
    cells: dict[str, str]
    share: str
    closed: bool


class CoverageOut(Schema):
    exact: bool
    note: str
    total: CoverageRowOut
    buurten: list[CoverageRowOut]
    clusters: list[CoverageRowOut]


class CheckOut(Schema):
    id: int
    address_id: int
    organisation_id: int
    checked_at: dt.datetime
    source_ids: list[int]
    result: str
    strategy: str
    companion_ids: list[int]
    retain_until: dt.date

    @staticmethod
    def resolve_source_ids(obj: Any) -> list[int]:
        return sorted(s.pk for s in obj.sources.all())

    @staticmethod
    def resolve_companion_ids(obj: Any) -> list[int]:
        return sorted(o.pk for o in obj.companions.all())


class CheckIn(BodySchema):
    source_ids: list[ObjectId] = Field(..., min_length=1)
    result: str = Field(..., min_length=1, max_length=10_000)
    strategy: Strategy
    companion_ids: list[ObjectId] = []


class VisitOut(Schema):
    id: int
    address_id: int
    organisation_id: int
    visited_at: dt.datetime
    outcome: str
    answers: dict[str, str]
    notes: str
    next_visit_on: dt.date | None
    signal_id: int | None
    feedback: str
    feedback_promise: str
    feedback_given_at: dt.datetime | None
    retain_until: dt.date
    version: int


class VisitIn(BodySchema):
    outcome: Outcome
    visited_at: IsoDateTime | None = None
    answers: dict[str, str] = {}
    notes: str = Field("", max_length=10_000)
    next_visit_on: IsoDate | None = None
    feedback_promise: str = Field("", max_length=300)
    client_key: str = Field(
        "", max_length=40, description="Sleutel van het apparaat: zelfde sleutel = één bezoek"
    )


class VisitPatch(BodySchema):
    version: int = Field(..., description="De versie die u las (optimistische vergrendeling)")
    feedback: Literal["gegeven"]


def _in_tenant(model: type, tenant_id: int, pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, tenant_id=tenant_id).first()
    if obj is None:
        raise ValidationError({field: f"{pk} bestaat niet in deze gemeente."})
    return obj


def _campaign_fields(data: dict[str, Any], tenant_id: int) -> dict[str, Any]:
    out = dict(data)
    if "team_organisation_ids" in out:
        ids = out.pop("team_organisation_ids") or []
        out["team_organisations"] = [
            _in_tenant(Organisation, tenant_id, pk, "team_organisation_ids") for pk in ids
        ]
    if "theme_id" in out:
        pk = out.pop("theme_id")
        out["theme"] = Theme.objects.filter(pk=pk).first() if pk else None
        if pk and out["theme"] is None:
            raise ValidationError({"theme_id": f"Thema {pk} bestaat niet."})
    for key, model in (("programme_id", Programme), ("signal_category_id", Category)):
        if key in out:
            out[key[:-3]] = _in_tenant(model, tenant_id, out.pop(key), key)
    if "questions" in out and out["questions"] is not None:
        out["questions"] = [dict(q) for q in out["questions"]]
    return out


@router.paged("/campaigns", CampaignOut, summary="Veldwerkcampagnes van de eigen gemeente")
def list_campaigns(request):
    return selectors.campaigns_visible_to(request.auth).prefetch_related("team_organisations")


@router.created("/campaigns", CampaignOut, summary="Nieuwe veldwerkcampagne")
def create_campaign(request, payload: CampaignIn):
    data = _campaign_fields(payload.dict(), request.auth.tenant_id)
    return services.create_campaign(actor=request.auth, **data)


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="Eén campagne")
def get_campaign(request, campaign_id: int):
    return selectors.get_campaign(request.auth, campaign_id)


@router.patch("/campaigns/{campaign_id}", response=CampaignOut, summary="Campagne wijzigen")
def update_campaign(request, campaign_id: int, payload: CampaignPatch):
    campaign = selectors.get_campaign(request.auth, campaign_id, "edit")
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    version = data.pop("version")
    fields = _campaign_fields(data, campaign.tenant_id)
    return services.update_campaign(
        actor=request.auth, campaign=campaign, version=version, **fields
    )


@router.get("/campaigns/{campaign_id}/coverage", response=CoverageOut, summary="Dekking")
def campaign_coverage(request, campaign_id: int):
    return selectors.coverage(request.auth, selectors.get_campaign(request.auth, campaign_id))


@router.paged(
    "/campaigns/{campaign_id}/addresses",
    AddressOut,
    summary="Adreslijst in geografische volgorde (team)",
    pagination=_audited("fieldwork_address"),
)
def list_campaign_addresses(request, campaign_id: int):
    campaign = selectors.get_campaign(request.auth, campaign_id)
    policy.require(request.auth, "list", "fieldwork_address", selectors.draft(Address, campaign))
    return selectors.addresses_of(request.auth, campaign)


@router.post(
    "/campaigns/{campaign_id}/addresses", response={201: ImportOut}, summary="Adreslijst importeren"
)
def import_campaign_addresses(request, campaign_id: int, file: File[UploadedFile]):
    campaign = selectors.get_campaign(request.auth, campaign_id)
    policy.require(request.auth, "create", "fieldwork_address", selectors.draft(Address, campaign))
    name = file.name or "bestand"
    try:
        rows = importer.read_upload(file, filename=name)
        result = services.import_addresses(
            actor=request.auth, campaign=campaign, rows=rows, filename=name
        )
    except importer.ImportRefused as refused:
        raise ValidationError({"file": refused.errors}) from refused
    return Status(201, {**result.__dict__, "summary": result.summary()})


def _address(request, address_id: int) -> Address:
    address = selectors.get_address(request.auth, address_id)
    selectors.audit_read(request.auth, address, "fieldwork_address")
    return address


@router.get("/addresses/{address_id}", response=AddressOut, summary="Eén adres (team)")
def get_address(request, address_id: int):
    return _address(request, address_id)


@router.paged(
    "/addresses/{address_id}/checks",
    CheckOut,
    summary="Informatiechecks van een adres",
    pagination=_audited("information_check"),
)
def list_address_checks(request, address_id: int):
    address = selectors.get_address(request.auth, address_id)
    policy.require(
        request.auth,
        "list",
        "information_check",
        selectors.draft(InformationCheck, address.campaign),
    )
    return selectors.checks_at(request.auth, address)


@router.created("/addresses/{address_id}/checks", CheckOut, summary="Informatiecheck vastleggen")
def create_address_check(request, address_id: int, payload: CheckIn):
    address = selectors.get_address(request.auth, address_id)
    sources = list(Source.objects.filter(pk__in=payload.source_ids))
    if len(sources) != len(set(payload.source_ids)):
        raise ValidationError({"source_ids": "Een bron bestaat niet in de Kennisbank."})
    companions = [
        _in_tenant(Organisation, address.tenant_id, pk, "companion_ids")
        for pk in payload.companion_ids
    ]
    return services.record_check(
        actor=request.auth,
        address=address,
        sources=sources,
        result=payload.result,
        strategy=payload.strategy,
        companions=companions,
    )


@router.paged(
    "/addresses/{address_id}/visits",
    VisitOut,
    summary="Bezoeken aan een adres",
    pagination=_audited("visit"),
)
def list_address_visits(request, address_id: int):
    address = selectors.get_address(request.auth, address_id)
    return selectors.visits_at(request.auth, address)


@router.created("/addresses/{address_id}/visits", VisitOut, summary="Bezoek vastleggen")
def create_address_visit(request, address_id: int, payload: VisitIn):
    address = selectors.get_address(request.auth, address_id)
    return services.record_visit(actor=request.auth, address=address, **payload.dict())


@router.get("/visits/{visit_id}", response=VisitOut, summary="Eén bezoek")
def get_visit(request, visit_id: int):
    visit = selectors.get_visit(request.auth, visit_id)
    selectors.audit_read(request.auth, visit, "visit")
    return visit


@router.patch(
    "/visits/{visit_id}", response=VisitOut, summary="Terugkoppeling als gegeven vastleggen"
)
def update_visit(request, visit_id: int, payload: VisitPatch):
    visit = selectors.get_visit(request.auth, visit_id, "edit")
    return services.give_feedback(actor=request.auth, visit=visit, version=payload.version)
