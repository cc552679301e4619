"""Signals as each user may see them: lists already filtered by the policy, and the lookups of
one signal with the policy action bound in the name (404 outside the user's view, 403 when
visible but the action is not theirs)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, QuerySet, Value, When

from wijkkompas.accounts import policy
from wijkkompas.areas.models import Area, Level
from wijkkompas.signals.models import Signal

_SIGNALS = Signal.objects.select_related("category", "subject", "reporter_organisation", "case")


def signals_visible_to(
    user: Any, *, status: str = "", category: str = "", q: str = ""
) -> QuerySet[Signal]:
    qs = policy.visible(user, "list", "signal", _SIGNALS.all())
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if q:
        qs = qs.filter(description__icontains=q)
    return qs


def signals_for_export(user: Any) -> QuerySet[Signal]:
    return policy.visible(user, "export", "signal", _SIGNALS.all())


def triage_queue(user: Any) -> QuerySet[Signal]:
    """Signals awaiting a triage decision, urgent first."""
    qs = policy.visible(
        user,
        "triage",
        "signal",
        Signal.objects.select_related("category", "subject", "reporter_organisation"),
    )
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


def get_signal_for_view(user: Any, pk: int) -> Signal:
    return policy.get_object_or_404(user, "view", "signal", _SIGNALS.all(), pk=pk)


def get_signal_for_edit(user: Any, pk: int) -> Signal:
    return policy.get_object_or_404(user, "edit", "signal", _SIGNALS.all(), pk=pk)


def get_signal_for_triage(user: Any, pk: int) -> Signal:
    return policy.get_object_or_404(user, "triage", "signal", _SIGNALS.all(), pk=pk)


def get_signal_for_feedback(user: Any, pk: int) -> Signal:
    """A signal the user may see and give feedback on to its reporter (403 when only seeing)."""
    signal = get_signal_for_view(user, pk)
    policy.require(user, "create", "feedback", signal)
    return signal


def buurt_choices(tenant: Any) -> list[tuple[str, str]]:
    """(CBS code, name) of every buurt of the tenant's municipality in the latest division the
    wijkbeeld holds, for the buurt picker of a form (public area data, not person-related)."""
    code = getattr(tenant, "cbs_code", "")
    if not code:
        return []
    buurten = Area.objects.filter(level=Level.BUURT, municipality_code=code)
    year = buurten.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        return []
    return list(buurten.filter(year=year).order_by("name", "code").values_list("code", "name"))
