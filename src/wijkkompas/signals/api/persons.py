"""Persons: pseudonyms from visible signals, opening a record (reason required, audited),
corrections of the identifying fields and the controller's AVG art. 15 export."""

from __future__ import annotations

import json
from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Header, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import BodySchema, IsoDate, NonBlank, ObjectId
from wijkkompas.signals import selectors, services
from wijkkompas.signals.api.common import READ_ERRORS, Problem, paged, reads, router, writes

VERSION_READ = (
    "de versie die u las (uit GET); verouderd of zonder versie: 409 met de huidige versie"
)


class PersonOut(Schema):
    id: int
    pseudonym: str
    created_at: datetime
    version: int


class PersonDetailOut(Schema):
    """Built from a ``selectors.PersonRecord``: what the user may see of one person."""

    id: int
    pseudonym: str
    identity: dict | None
    signal_ids: list[ObjectId]
    version: int = Field(..., description="stuur deze mee bij PATCH")

    @staticmethod
    def resolve_id(record) -> int:
        return record.person.pk

    @staticmethod
    def resolve_version(record) -> int:
        return record.person.version

    @staticmethod
    def resolve_pseudonym(record) -> str:
        return record.person.pseudonym

    @staticmethod
    def resolve_signal_ids(record) -> list[int]:
        return [s.pk for s in record.signals]


class PersonPatch(BodySchema):
    version: int | None = Field(None, description=VERSION_READ)
    reason: NonBlank = Field(..., max_length=500)
    name: NonBlank = Field(..., max_length=200)
    birth_date: IsoDate
    address: str = Field("", max_length=200)


@paged(
    "/persons",
    PersonOut,
    summary="Personen (pseudoniemen) uit zichtbare signalen",
    audited="person",
)
def list_persons(request):
    user = request.auth
    policy.require(user, "list", "person")
    return selectors.persons_visible_to(user)


@router.get(
    "/persons/{person_id}",
    response={200: PersonDetailOut, **READ_ERRORS, 422: Problem},
    summary="Persoonsdossier openen (reden verplicht, wordt gelogd)",
)
def get_person(
    request,
    person_id: int,
    x_reden: str = Header(
        "",
        alias="X-Reden",
        max_length=500,
        description="waarom u dit dossier opent (verplicht); in een kop, niet in het adres, zodat "
        "de reden niet in toegangslogs belandt",
    ),
):
    user = request.auth
    person = selectors.get_person_for_view(user, person_id)
    return selectors.person_record(user, person, reason=x_reden)


@writes(
    "patch",
    "/persons/{person_id}",
    PersonDetailOut,
    summary="Identificerende gegevens corrigeren (versie verplicht; 409 bij verouderde versie)",
)
def update_person(request, person_id: int, payload: PersonPatch):
    user = request.auth
    person = services.update_person(
        actor=user,
        person=selectors.get_person_for_edit(user, person_id),
        **payload.dict(),
    )
    # Who may correct a person may identify them; the signals are not listed in this answer.
    return selectors.PersonRecord(
        person=person, identity=services.person_identity(person), may_identify=True, signals=[]
    )


@reads(
    "/persons/{person_id}/access-export",
    dict,
    summary="Inzageverzoek AVG art. 15 (verwerkingsverantwoordelijke)",
)
def export_person_access(
    request,
    person_id: int,
    reason: str = Header(
        "Inzageverzoek AVG art. 15",
        alias="X-Reden",
        max_length=500,
        description="de reden, in een kop zodat zij niet in toegangslogs belandt",
    ),
):
    user = request.auth
    person = selectors.get_person_for_export(user, person_id)
    data = selectors.access_export(user, person, reason=reason)
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/json")
