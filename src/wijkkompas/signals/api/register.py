"""Categories, aggregate counts per buurt and the processing register (AVG art. 30)."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Schema

from wijkkompas.accounts import policy
from wijkkompas.signals import selectors
from wijkkompas.signals.api.common import READ_ERRORS, paged, reads, router
from wijkkompas.signals.models import Signal


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


class RegisterPartyOut(Schema):
    organisatie: str
    rol: str
    privacytoets: bool

    @staticmethod
    def resolve_organisatie(party) -> str:
        return str(party.organisation)

    @staticmethod
    def resolve_rol(party) -> str:
        return party.role_description

    @staticmethod
    def resolve_privacytoets(party) -> bool:
        return party.privacy_assessment_done


class RegisterRecipientOut(Schema):
    organisation: str
    role: str
    max_data_class: str
    may_identify: bool


class RegisterEntryOut(Schema):
    categorie: str
    doel: str
    grondslag: str
    gegevens: list[str]
    ontvangers: list[RegisterRecipientOut]
    bewaartermijn_afgewezen_maanden: int
    bewaartermijn_na_afsluiten_maanden: int

    @staticmethod
    def resolve_categorie(entry) -> str:
        return entry.category.name

    @staticmethod
    def resolve_doel(entry) -> str:
        return entry.category.purpose

    @staticmethod
    def resolve_grondslag(entry) -> str:
        return entry.category.legal_basis

    @staticmethod
    def resolve_gegevens(entry) -> list[str]:
        return entry.data_classes

    @staticmethod
    def resolve_ontvangers(entry) -> list[dict]:
        return entry.recipients

    @staticmethod
    def resolve_bewaartermijn_afgewezen_maanden(entry) -> int:
        return entry.category.retention_dismissed_months

    @staticmethod
    def resolve_bewaartermijn_na_afsluiten_maanden(entry) -> int:
        return entry.category.retention_closed_months


class RegisterOut(Schema):
    convenant: str
    verwerkingsverantwoordelijke: str
    partners: list[RegisterPartyOut]
    verwerkingen: list[RegisterEntryOut]

    @staticmethod
    def resolve_convenant(register: dict) -> str:
        return register["covenant"].name

    @staticmethod
    def resolve_verwerkingsverantwoordelijke(register: dict) -> str:
        return str(register["covenant"].controller)

    @staticmethod
    def resolve_partners(register: dict) -> list:
        return register["parties"]

    @staticmethod
    def resolve_verwerkingen(register: dict) -> list:
        return register["entries"]


@paged("/signal-categories", CategoryOut, summary="Signaalcategorieën van de eigen gemeente")
def list_signal_categories(request):
    policy.require(request.auth, "create", "signal", Signal(tenant_id=request.auth.tenant_id))
    return selectors.categories_for(request.auth.tenant_id)


@router.get(
    "/signal-counts",
    response={200: list[SignalCountOut], **READ_ERRORS},
    summary="Aantallen signalen per buurt, categorie en maand (afgerond op vijftallen)",
    description=(
        "Elke combinatie van buurt, categorie en maand met ten minste de drempel (5) aan "
        "signalen, naar beneden afgerond op een veelvoud van de drempel (5 betekent 5 tot en met "
        "9). Combinaties onder de drempel staan er niet in, zodat ook totalen en verschillen "
        "tussen filters geen klein aantal prijsgeven."
    ),
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
    return selectors.signal_counts(user.tenant, year=year, area_code=area_code.upper())


@reads("/processing-register", RegisterOut, summary="Verwerkingsregister (AVG art. 30)")
def get_processing_register(request):
    policy.require(request.auth, "view", "register")
    register = selectors.processing_register(request.auth.tenant_id)
    if register["covenant"] is None:
        raise Http404
    return register
