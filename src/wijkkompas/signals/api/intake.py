"""Signals: the list, intake, the CSV export and one signal."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Query, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import BodySchema, IsoDate, IsoDateTime, NonBlank, one_of
from wijkkompas.signals import exports, selectors, services
from wijkkompas.signals.api.common import paged, reads, writes
from wijkkompas.signals.models import Signal, Subject
from wijkkompas.signals.views.common import read_audited


class SubjectIn(BodySchema):
    kind: one_of(Subject.Kind) = Field(..., description="locatie, bedrijf, groep of persoon")
    label: str = Field("", max_length=200)
    area_code: str = Field("", max_length=12)
    kvk_number: str = Field("", max_length=12)
    pseudonym: str = Field("", max_length=20, description="bestaand pseudoniem (persoon)")
    name: str = Field("", max_length=200, description="naam (persoon; wordt versleuteld)")
    birth_date: IsoDate | None = None
    address: str = Field("", max_length=200)


class SubjectOut(Schema):
    kind: str
    label: str

    @staticmethod
    def resolve_label(subject) -> str:
        return str(subject)  # the pseudonym for a person


class SignalIn(BodySchema):
    category: str = Field(..., max_length=60, description="code van de categorie")
    description: NonBlank = Field(..., max_length=10000)
    observed_at: IsoDateTime
    basis: one_of(Signal.Basis) = Field(..., description="feit of aanname")
    observation: one_of(Signal.Observation) = Field(..., description="eigen of horen_zeggen")
    urgency: one_of(Signal.Urgency) = "normaal"
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

    @staticmethod
    def resolve_category(signal) -> str:
        return signal.category.code

    @staticmethod
    def resolve_category_name(signal) -> str:
        return signal.category.name

    @staticmethod
    def resolve_subject(signal):
        return signal.subject if signal.subject_id else None

    @staticmethod
    def resolve_reporter_organisation(signal) -> str | None:
        return str(signal.reporter_organisation) if signal.reporter_organisation_id else None


@paged(
    "/signals",
    SignalOut,
    summary="Signalen die met de eigen organisatie gedeeld zijn",
    audited="signal",
)
def list_signals(
    request, status: str = Query("", max_length=20), category: str = Query("", max_length=60)
):
    user = request.auth
    policy.require(user, "list", "signal")
    return selectors.signals_visible_to(user, status=status, category=category)


@writes("post", "/signals", SignalOut, summary="Signaal registreren", status=201)
def create_signal(request, payload: SignalIn):
    user = request.auth
    return services.create_signal(
        actor=user,
        category=selectors.category_by_code(user, payload.category),
        subject=services.SubjectInput(**payload.subject.dict()) if payload.subject else None,
        **payload.dict(exclude={"category", "subject"}),
    )


@reads("/signals/export", None, summary="Zichtbare signalen als CSV (alleen pseudoniemen)")
def export_signals(request):
    return exports.signals_csv(request.auth)


@reads("/signals/{signal_id}", SignalOut, summary="Eén signaal")
def get_signal(request, signal_id: int):
    return read_audited(request.auth, selectors.get_signal_for_view, signal_id, "signal")
