"""Persons (subjects of kind "persoon") as each user may see them, and the audited reads of a
person record: opening it needs a reason, the identifying fields show only with a grant that
allows identification, and the controller's AVG art. 15 export lists everything stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from wijkkompas.accounts import audit_shred, policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.core import records
from wijkkompas.signals.models import Signal, Subject
from wijkkompas.signals.selectors.audit import audit_read
from wijkkompas.signals.selectors.covenant import processing_register
from wijkkompas.signals.selectors.signals import signals_visible_to
from wijkkompas.signals.services.persons import person_identity, person_index


def persons_visible_to(user: Any) -> QuerySet[Subject]:
    """The persons the user may list, each with ``signal_count``: the number of *their visible*
    signals only, so the list reveals nothing about signals not shared with the user."""
    visible = (
        signals_visible_to(user)
        .filter(subject_id=OuterRef("pk"))
        .order_by()
        .values("subject_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        policy.visible(user, "list", "person", Subject.objects.filter(kind=Subject.Kind.PERSON))
        .annotate(signal_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0))
        .order_by("pseudonym")
    )


def get_person_for_view(user: Any, pk: int) -> Subject:
    return policy.get_object_or_404(user, "view", "person", Subject.objects.all(), pk=pk)


def get_person_for_edit(user: Any, pk: int) -> Subject:
    return policy.get_object_or_404(user, "edit", "person", Subject.objects.all(), pk=pk)


def get_person_for_export(user: Any, pk: int) -> Subject:
    """The controller's beheerder exports persons they cannot open as a record ("view"), so the
    export's own visible set decides the 404."""
    return policy.get_visible_or_404(user, "export", "person", Subject.objects.all(), pk=pk)


def find_person_for_export(
    user: Any, *, pseudonym: str = "", name: str = "", birth_date: date | None = None
) -> Subject | None:
    """For an AVG art. 15 request: by pseudonym, or by name and birth date matched through the
    keyed index (nothing is decrypted)."""
    persons = policy.visible(user, "export", "person", Subject.objects.all())
    if pseudonym:
        return persons.filter(pseudonym=pseudonym.strip().upper()).first()
    return persons.filter(identity_index=person_index(user.tenant_id, name, birth_date)).first()


@dataclass
class PersonRecord:
    person: Subject
    identity: dict | None
    may_identify: bool
    signals: list[Signal]


def person_record(user: Any, person: Subject, *, reason: str) -> PersonRecord:
    """Open a person record: the reason is obligatory and goes into the audit trail, together
    with whether identifying fields were shown."""
    policy.require(user, "view", "person", person)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Geef aan waarom u dit persoonsdossier opent."})
    may_identify = policy.can(user, "identify", "person", person)
    identity = person_identity(person) if may_identify and person.identity_encrypted else None
    signals = list(signals_visible_to(user).filter(subject=person))
    audit_read(
        user,
        person,
        "person",
        reason=reason,
        detail={"identity_shown": identity is not None},
    )
    return PersonRecord(
        person=person, identity=identity, may_identify=may_identify, signals=signals
    )


def access_export(user: Any, person: Subject, *, reason: str) -> dict:
    """AVG art. 15: everything stored about this person, for the controller to hand over."""
    policy.require(user, "export", "person", person)
    reason = (reason or "").strip() or "Inzageverzoek AVG art. 15"
    signals = Signal.objects.filter(subject=person).select_related(
        "category", "reporter_organisation", "case"
    )
    cases = {s.case for s in signals if s.case}
    reads = list(
        AuditEvent.objects.filter(object_type="person", object_id=str(person.pk)).order_by("at")
    )
    # What the register says about the categories involved: the same categories and terms.
    register = processing_register(person.tenant_id)["entries"]
    involved = {s.category_id for s in signals}
    data = {
        "soort": "Inzageverzoek (AVG artikel 15)",
        "gemaakt_op": timezone.now().isoformat(),
        "pseudoniem": person.pseudonym,
        "identificerende_gegevens": person_identity(person) if person.identity_encrypted else {},
        "bewaard_tot": person.retain_until.isoformat(),
        "signalen": [
            {
                "id": s.pk,
                "categorie": s.category.name,
                "doel": s.purpose,
                "grondslag": s.legal_basis,
                "bron": s.source_organisation,
                "waargenomen_op": s.observed_at.isoformat(),
                "ontvangen_op": s.received_at.isoformat(),
                "wat": s.description,
                "feit_of_aanname": s.get_basis_display(),
                "waarneming": s.get_observation_display(),
                "status": s.get_status_display(),
                "gemeld_door_organisatie": str(s.reporter_organisation or "bewoner"),
                "gedeeld_met": sorted(str(o) for o in s.forwarded_to.all()),
                "bewaard_tot": s.retain_until.isoformat(),
            }
            for s in signals
        ],
        "casussen": [
            {
                "id": c.pk,
                "titel": c.title,
                "status": c.get_status_display(),
                "regie": str(c.organisation),
                "doel": c.purpose,
                "grondslag": c.legal_basis,
                "bewaard_tot": c.retain_until.isoformat(),
                "partners": sorted(str(o) for o in c.partners.all()),
                "verstrekt_aan": [
                    {
                        "organisatie": str(e.target),
                        "spoor": e.get_track_display(),
                        "grondslag": e.legal_basis,
                        "status": e.get_status_display(),
                    }
                    for e in c.escalations.all()
                ],
            }
            for c in sorted(cases, key=lambda c: c.pk)
        ],
        "verwerking_volgens_het_register": [
            {
                "categorie": entry.category.name,
                "gegevenscategorieen": entry.field_categories,
                "bewaartermijnen": [
                    {"gegeven": t.record, "status": t.status, "termijn": t.term}
                    for t in entry.terms
                ],
            }
            for entry in register
            if entry.category.pk in involved
        ],
        "inzage_door_gebruikers": [
            {
                "op": e.at.isoformat(),
                "gebruiker": e.actor_username,
                "handeling": e.action,
                "reden": reason,
            }
            for e, (reason, _) in zip(reads, audit_shred.readable_all(reads), strict=True)
        ],
    }
    for section in records.access_sections().values():  # other apps' records (fieldwork …)
        data |= section(person)
    audit_read(user, person, "person", reason=reason, action="person_access_export")
    return data
