"""Cases as each user may see them, the lookups of one case with the policy action bound in the
name, and the case timeline limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.signals.models import Case, CaseMeeting, Escalation, Intervention
from wijkkompas.signals.selectors.signals import signals_visible_to

_CASES = Case.objects.select_related("category", "organisation")


def cases_visible_to(user: Any, *, status: str = "") -> QuerySet[Case]:
    qs = policy.visible(user, "list", "case", _CASES.all())
    return qs.filter(status=status) if status else qs


def editable_cases(user: Any) -> QuerySet[Case]:
    return policy.visible(user, "edit", "case", Case.objects.exclude(status=Case.Status.CLOSED))


def get_case_for_view(user: Any, pk: int) -> Case:
    return policy.get_object_or_404(user, "view", "case", _CASES.all(), pk=pk)


def get_case_for_edit(user: Any, pk: int) -> Case:
    return policy.get_object_or_404(user, "edit", "case", _CASES.all(), pk=pk)


def get_case_for_transition(user: Any, pk: int) -> Case:
    return policy.get_object_or_404(user, "transition", "case", _CASES.all(), pk=pk)


def get_case_for_export(user: Any, pk: int) -> Case:
    return policy.get_object_or_404(user, "export", "case", _CASES.all(), pk=pk)


def get_case_for_new_intervention(user: Any, pk: int) -> Case:
    """A visible case to which the user may add an intervention (403 when only seeing it)."""
    case = get_case_for_view(user, pk)
    policy.require(
        user, "create", "intervention", Intervention(tenant_id=case.tenant_id, case=case)
    )
    return case


def get_case_for_new_escalation(user: Any, pk: int) -> Case:
    """A visible case the user may escalate (403 when only seeing it)."""
    case = get_case_for_view(user, pk)
    policy.require(user, "create", "escalation", Escalation(tenant_id=case.tenant_id, case=case))
    return case


def find_case_of_tenant(user: Any, pk: int | None) -> Case | None:
    """A case a triage decision names; the service refuses it unless the user may edit it and it
    is still open, each with its own message."""
    return Case.objects.filter(pk=pk, tenant_id=user.tenant_id).first() if pk else None


def visible_case_ids(user: Any, among: list[int] | None = None) -> set[int]:
    """Which of the cases (``among``, or all) the user may see."""
    qs = cases_visible_to(user)
    if among is not None:
        qs = qs.filter(pk__in=among)
    return set(qs.values_list("pk", flat=True))


# --- timeline ----------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime
    kind: str
    text: str
    reason: str = ""


def case_timeline(user: Any, case: Case) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first, limited to what the user may see
    (signals not shared with the user leave no trace, not even their number)."""
    entries: list[TimelineEntry] = [
        TimelineEntry(case.created_at, "casus", f"Casus geopend door {case.organisation}")
    ]
    # Only the signals the user may see: an entry per hidden signal would count them.
    for s in signals_visible_to(user).filter(case=case).select_related("category"):
        entries.append(
            TimelineEntry(s.received_at, "signaal", f"Signaal {s.pk} ({s.category}) ontvangen")
        )
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
        held = item.meeting.status == CaseMeeting.Status.HELD
        entries.append(
            TimelineEntry(
                item.meeting.starts_at,
                "overleg",
                # A meeting still planned has not discussed anything yet.
                f"Besproken in {item.meeting.title}"
                if held
                else f"Geagendeerd voor {item.meeting.title} (gepland)",
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
