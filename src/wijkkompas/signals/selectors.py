"""Read side of Signalen & casusoverleg: querysets already filtered by the policy, and the reads of
person-related data that must leave an audit row (who, when, what, why)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core import suppression
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    CaseMeeting,
    Category,
    Covenant,
    CovenantParty,
    DataClass,
    Escalation,
    Intervention,
    Signal,
    Subject,
)

# --- lists -------------------------------------------------------------------------------------------


def signals_visible_to(
    user: Any, *, status: str = "", category: str = "", q: str = ""
) -> QuerySet[Signal]:
    qs = policy.visible(
        user,
        "list",
        "signal",
        Signal.objects.select_related("category", "subject", "reporter_organisation", "case"),
    )
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if q:
        qs = qs.filter(description__icontains=q)
    return qs


def triage_queue(user: Any) -> QuerySet[Signal]:
    """Signals awaiting a triage decision, urgent first."""
    qs = policy.visible(
        user,
        "triage",
        "signal",
        Signal.objects.select_related("category", "subject", "reporter_organisation"),
    )
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    urgency_rank = When_(
        When(urgency=Signal.Urgency.URGENT, then=Value(0)),
        When(urgency=Signal.Urgency.HIGH, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        qs.filter(status__in=[Signal.Status.NEW, Signal.Status.FORWARDED])
        .annotate(rank=urgency_rank)
        .order_by("rank", "received_at")
    )


def my_signals(user: Any) -> QuerySet[Signal]:
    return signals_visible_to(user).filter(reporter_id=user.pk)


def persons_visible_to(user: Any) -> QuerySet[Subject]:
    return (
        policy.visible(user, "list", "person", Subject.objects.filter(kind=Subject.Kind.PERSON))
        .annotate(signal_count=Count("signals"))
        .order_by("pseudonym")
    )


def cases_visible_to(user: Any, *, status: str = "") -> QuerySet[Case]:
    qs = policy.visible(
        user, "list", "case", Case.objects.select_related("category", "organisation")
    )
    return qs.filter(status=status) if status else qs


def editable_cases(user: Any) -> QuerySet[Case]:
    return policy.visible(user, "edit", "case", Case.objects.exclude(status=Case.Status.CLOSED))


def meetings_visible_to(user: Any) -> QuerySet[CaseMeeting]:
    return policy.visible(user, "list", "meeting", CaseMeeting.objects.select_related("chair"))


def interventions_visible_to(user: Any, *, status: str = "") -> QuerySet[Intervention]:
    qs = policy.visible(
        user, "list", "intervention", Intervention.objects.select_related("case", "owner")
    )
    return qs.filter(status=status) if status else qs


def escalations_visible_to(user: Any) -> QuerySet[Escalation]:
    return policy.visible(
        user, "list", "escalation", Escalation.objects.select_related("case", "target")
    )


def covenant_of(tenant_id: int | None) -> Covenant | None:
    return Covenant.objects.filter(tenant_id=tenant_id).select_related("controller").first()


def covenant_partners(tenant_id: int | None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(covenant_parties__covenant__tenant_id=tenant_id).order_by(
        "name"
    )


def categories_for(tenant_id: int | None, *, public_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.filter(tenant_id=tenant_id, is_active=True)
    return qs.filter(public=True) if public_only else qs


def public_tenants() -> QuerySet[Tenant]:
    """Municipalities whose public signal form is open (they have a covenant with public categories)."""
    return Tenant.objects.filter(covenant__isnull=False, signal_categories__public=True).distinct()


# --- audited reads of person-related data -------------------------------------------------------


def audit_read(
    user: Any,
    obj: Any,
    object_type: str,
    *,
    request=None,
    reason: str = "",
    action: str = "",
    detail: dict | None = None,
) -> None:
    audit.record(
        actor=user,
        action=action or f"{object_type}_viewed",
        obj=obj,
        object_type=object_type,
        reason=reason,
        request=request,
        detail=detail,
    )


def audit_list(user: Any, object_type: str, ids: list[int], *, request=None) -> None:
    """One audit row for a page of a list that shows (pseudonymised) person-related data."""
    audit.record(
        actor=user,
        action=f"{object_type}_listed",
        object_type=object_type,
        request=request,
        detail={"ids": ids[:500]},
    )


@dataclass
class PersonRecord:
    person: Subject
    identity: dict | None
    may_identify: bool
    signals: list[Signal]


def person_record(user: Any, person: Subject, *, reason: str, request=None) -> PersonRecord:
    """Open a person record: the reason is obligatory and goes into the audit trail, together
    with whether identifying fields were shown."""
    from wijkkompas.signals.services import person_identity

    policy.require(user, "view", "person", person)
    reason = (reason or "").strip()
    if not reason:
        from django.core.exceptions import ValidationError

        raise ValidationError({"reason": "Geef aan waarom u dit persoonsdossier opent."})
    may_identify = policy.can(user, "identify", "person", person)
    identity = person_identity(person) if may_identify and person.identity_encrypted else None
    signals = list(signals_visible_to(user).filter(subject=person))
    audit_read(
        user,
        person,
        "person",
        request=request,
        reason=reason,
        detail={"identity_shown": identity is not None},
    )
    return PersonRecord(
        person=person, identity=identity, may_identify=may_identify, signals=signals
    )


def access_export(user: Any, person: Subject, *, reason: str, request=None) -> dict:
    """AVG art. 15: everything stored about this person, for the controller to hand over."""
    from wijkkompas.signals.services import person_identity

    policy.require(user, "export", "person", person)
    reason = (reason or "").strip() or "Inzageverzoek AVG art. 15"
    signals = Signal.objects.filter(subject=person).select_related(
        "category", "reporter_organisation", "case"
    )
    cases = {s.case for s in signals if s.case}
    from wijkkompas.accounts.models import AuditEvent

    reads = AuditEvent.objects.filter(object_type="person", object_id=str(person.pk)).order_by("at")
    data = {
        "soort": "Inzageverzoek (AVG artikel 15)",
        "gemaakt_op": timezone.now().isoformat(),
        "pseudoniem": person.pseudonym,
        "identificerende_gegevens": person_identity(person) if person.identity_encrypted else {},
        "signalen": [
            {
                "id": s.pk,
                "categorie": s.category.name,
                "doel": s.category.purpose,
                "grondslag": s.category.legal_basis,
                "waargenomen_op": s.observed_at.isoformat(),
                "ontvangen_op": s.received_at.isoformat(),
                "wat": s.description,
                "feit_of_aanname": s.get_basis_display(),
                "waarneming": s.get_observation_display(),
                "status": s.get_status_display(),
                "gemeld_door_organisatie": str(s.reporter_organisation or "bewoner"),
                "gedeeld_met": sorted(str(o) for o in s.forwarded_to.all()),
                "bewaartermijn_maanden_na_afsluiten": s.category.retention_closed_months,
            }
            for s in signals
        ],
        "casussen": [
            {
                "id": c.pk,
                "titel": c.title,
                "status": c.get_status_display(),
                "regie": str(c.organisation),
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
        "inzage_door_gebruikers": [
            {
                "op": e.at.isoformat(),
                "gebruiker": e.actor_username,
                "handeling": e.action,
                "reden": e.reason,
            }
            for e in reads
        ],
    }
    audit_read(
        user, person, "person", request=request, reason=reason, action="person_access_export"
    )
    return data


# --- timeline ----------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    text: str
    reason: str = ""


def case_timeline(user: Any, case: Case) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first, limited to what the user may see."""
    entries: list[TimelineEntry] = [
        TimelineEntry(case.created_at, "casus", f"Casus geopend door {case.organisation}")
    ]
    visible_signal_ids = set(
        signals_visible_to(user).filter(case=case).values_list("pk", flat=True)
    )
    for s in case.signals.select_related("category"):
        text = (
            f"Signaal {s.pk} ({s.category}) ontvangen"
            if s.pk in visible_signal_ids
            else "Signaal ontvangen (niet gedeeld met uw organisatie)"
        )
        entries.append(TimelineEntry(s.received_at, "signaal", text))
    for t in case.transitions.all():
        entries.append(
            TimelineEntry(
                t.at,
                "besluit",
                f"{t.get_decision_display()}: {t.get_from_status_display()} → {t.get_to_status_display()}",
                t.reason,
            )
        )
    for item in case.agenda_items.select_related("meeting"):
        entries.append(
            TimelineEntry(
                item.meeting.starts_at,
                "overleg",
                f"Besproken in {item.meeting.title}",
                item.decisions,
            )
        )
    for i in case.interventions.select_related("owner"):
        entries.append(
            TimelineEntry(
                timezone.localtime(i.created_at),
                "interventie",
                f"{i.get_kind_display()}: {i.title} ({i.owner}, {i.get_status_display().lower()})",
            )
        )
    for e in case.escalations.select_related("target"):
        entries.append(
            TimelineEntry(
                e.requested_at,
                "escalatie",
                f"Escalatie naar {e.target}: {e.get_status_display().lower()}",
                e.legal_basis,
            )
        )
    return sorted(entries, key=lambda e: e.at)


# --- aggregates for the wijkbeeld -----------------------------------------------------------------


def signal_counts(
    tenant: Tenant | int,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    area_code: str = "",
    by: tuple[str, ...] = ("area_code", "category", "month"),
) -> list[dict]:
    """Signal counts per buurt (area code), category and month, for the wijkbeeld as a local
    indicator. Dismissed signals do not count. Cells under the suppression threshold carry
    ``count=None`` and ``display="<5"``; never an exact small number."""
    tenant_id = tenant.pk if isinstance(tenant, Tenant) else tenant
    qs = Signal.objects.filter(tenant_id=tenant_id).exclude(status=Signal.Status.DISMISSED)
    if since:
        qs = qs.filter(observed_at__gte=since)
    if until:
        qs = qs.filter(observed_at__lt=until)
    if area_code:
        qs = qs.filter(area_code=area_code)
    fields = {"area_code": "area_code", "category": "category__code", "month": "month"}
    unknown = set(by) - set(fields)
    if unknown:
        raise ValueError(f"Unknown grouping: {sorted(unknown)}")
    if "month" in by:
        qs = qs.annotate(month=TruncMonth("observed_at"))
    group = [fields[b] for b in by]
    rows = qs.values(*group).annotate(n=Count("id")).order_by(*group)
    names = dict(Category.objects.filter(tenant_id=tenant_id).values_list("code", "name"))
    result = []
    for row in rows:
        value, suppressed = suppression.api_value(row["n"])
        item = {
            "count": value,
            "suppressed": suppressed,
            "display": suppression.display(row["n"]),
        }
        if "area_code" in by:
            item["area_code"] = row["area_code"] or ""
        if "category" in by:
            item["category"] = row["category__code"]
            item["category_name"] = names.get(row["category__code"], row["category__code"])
        if "month" in by:
            item["month"] = (
                row["month"].date().isoformat()[:7]
                if hasattr(row["month"], "date")
                else str(row["month"])[:7]
            )
        result.append(item)
    return result


def local_indicator_rows(tenant: Tenant | int, *, year: int) -> list[dict]:
    """Signal counts per buurt for one year in the wijkbeeld's local-indicator format
    (``areas.services.import_local_rows``): a total and one per theme. Suppressed cells carry
    ``waarde=None`` so no exact small number leaves this module."""
    from datetime import datetime as _dt

    tenant_id = tenant.pk if isinstance(tenant, Tenant) else tenant
    tz = timezone.get_current_timezone()
    qs = (
        Signal.objects.filter(
            tenant_id=tenant_id,
            observed_at__gte=_dt(year, 1, 1, tzinfo=tz),
            observed_at__lt=_dt(year + 1, 1, 1, tzinfo=tz),
        )
        .exclude(status=Signal.Status.DISMISSED)
        .exclude(area_code="")
    )
    definition = "Aantal door professionals en bewoners gemelde signalen (na triage niet afgewezen), naar plaats van waarneming."
    rows = []
    totals = qs.values("area_code").annotate(n=Count("id")).order_by("area_code")
    per_theme = (
        qs.values("area_code", "category__theme")
        .annotate(n=Count("id"))
        .order_by("area_code", "category__theme")
    )
    for row in totals:
        value, _ = suppression.api_value(row["n"])
        rows.append(
            {
                "gebiedscode": row["area_code"],
                "periode": str(year),
                "indicator": "signalen_totaal",
                "waarde": value,
                "naam": "Signalen (Wijkkompas)",
                "eenheid": "aantal",
                "soort": "aantal",
                "richting": "hoger_slechter",
                "definitie": definition,
            }
        )
    labels = dict(Category.Theme.choices)
    for row in per_theme:
        value, _ = suppression.api_value(row["n"])
        theme = row["category__theme"]
        rows.append(
            {
                "gebiedscode": row["area_code"],
                "periode": str(year),
                "indicator": f"signalen_{theme}",
                "waarde": value,
                "naam": f"Signalen {labels.get(theme, theme).lower()} (Wijkkompas)",
                "eenheid": "aantal",
                "soort": "aantal",
                "richting": "hoger_slechter",
                "definitie": definition,
            }
        )
    return rows


# --- processing register (AVG art. 30) ----------------------------------------------------------------


@dataclass
class RegisterEntry:
    category: Category
    recipients: list[dict]
    data_classes: list[str]


def processing_register(tenant_id: int | None) -> dict:
    """The register of processing activities, generated from the covenant configuration."""
    covenant = covenant_of(tenant_id)
    if covenant is None:
        return {"covenant": None, "entries": [], "parties": []}
    grants = AccessGrant.objects.filter(category__tenant_id=tenant_id).select_related(
        "organisation", "category"
    )
    by_category: dict[int, list[AccessGrant]] = defaultdict(list)
    for g in grants:
        by_category[g.category_id].append(g)
    from wijkkompas.accounts.roles import Role

    entries = []
    for category in categories_for(tenant_id):
        recipients = [
            {
                "organisation": str(g.organisation),
                "role": Role(g.role).label if g.role in Role.values else g.role,
                "max_data_class": DataClass(g.max_data_class).label,
                "may_identify": g.may_identify,
            }
            for g in sorted(
                by_category.get(category.pk, []), key=lambda g: (str(g.organisation), g.role)
            )
        ]
        max_class = max(
            (g.max_data_class for g in by_category.get(category.pk, [])), default=DataClass.GEWOON
        )
        entries.append(
            RegisterEntry(category, recipients, [c.label for c in DataClass if c <= max_class])
        )
    parties = list(CovenantParty.objects.filter(covenant=covenant).select_related("organisation"))
    return {
        "covenant": covenant,
        "entries": entries,
        "parties": parties,
        "generated_at": timezone.now(),
    }
