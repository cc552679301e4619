"""Reads of fieldwork, already filtered by the policy. Address lists are ordered by geography
only (buurt, postcode, street, number), never by a score. Coverage is exact for the campaign's
team; for everyone else each count is published through ``core.suppression.published_count``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from wijkkompas.accounts import audit, policy
from wijkkompas.areas.models import Area
from wijkkompas.core import suppression
from wijkkompas.fieldwork.models import (
    GEOGRAPHIC_ORDER,
    Address,
    Campaign,
    Cluster,
    InformationCheck,
    Visit,
)
from wijkkompas.fieldwork.policy_rules import team_campaign_ids

STATUSES = [s for s in Address.Status.values if s != Address.Status.OPEN]


def campaigns_visible_to(user: Any) -> QuerySet:
    return policy.visible(user, "list", "campaign", Campaign.objects.select_related("organisation"))


def get_campaign(user: Any, pk: int, action: str = "view") -> Campaign:
    qs = Campaign.objects.select_related("organisation", "theme", "signal_category", "tenant")
    return policy.get_object_or_404(user, action, "campaign", qs, pk=pk)


def draft(model: type, campaign: Campaign) -> Any:
    """An unsaved address, visit or check of ``campaign``, for a type-and-campaign policy check."""
    return model(campaign=campaign, tenant_id=campaign.tenant_id)


def is_team_member(user: Any, campaign: Campaign) -> bool:
    return campaign.pk in team_campaign_ids(user)


def addresses_of(user: Any, campaign: Campaign) -> QuerySet:
    qs = Address.objects.filter(campaign=campaign).select_related("cluster")
    return policy.visible(user, "list", "fieldwork_address", qs).order_by(*GEOGRAPHIC_ORDER)


def day_list(
    user: Any, campaign: Campaign, *, day: date, cluster: Cluster | None = None
) -> QuerySet:
    """Addresses still to visit on ``day``: never visited, or nobody home with the revisit due;
    clusters that are closed are left out. Ordered by geography."""
    qs = addresses_of(user, campaign).filter(
        Q(status=Address.Status.OPEN)
        | Q(status=Address.Status.NOBODY) & (Q(revisit_on__isnull=True) | Q(revisit_on__lte=day))
    )
    qs = qs.exclude(cluster__closed_at__isnull=False)
    return qs.filter(cluster=cluster) if cluster is not None else qs


def get_address(user: Any, pk: int, action: str = "view") -> Address:
    qs = Address.objects.select_related("campaign", "campaign__tenant", "cluster")
    return policy.get_object_or_404(user, action, "fieldwork_address", qs, pk=pk)


def get_cluster(user: Any, pk: int) -> Cluster:
    return policy.get_object_or_404(
        user, "edit", "cluster", Cluster.objects.select_related("campaign"), pk=pk
    )


def visits_at(user: Any, address: Address) -> QuerySet:
    qs = Visit.objects.filter(address=address).select_related("organisation", "visited_by")
    return policy.visible(user, "list", "visit", qs)


def visits_of(user: Any, campaign: Campaign) -> QuerySet:
    qs = Visit.objects.filter(campaign=campaign).select_related("address", "organisation")
    return policy.visible(user, "list", "visit", qs)


def get_visit(user: Any, pk: int, action: str = "view") -> Visit:
    qs = Visit.objects.select_related("campaign", "address", "organisation", "signal")
    return policy.get_object_or_404(user, action, "visit", qs, pk=pk)


def checks_at(user: Any, address: Address) -> QuerySet:
    qs = InformationCheck.objects.filter(address=address).select_related("organisation")
    return policy.visible(
        user, "list", "information_check", qs.prefetch_related("sources", "companions")
    )


def checks_of(user: Any, campaign: Campaign) -> QuerySet:
    qs = InformationCheck.objects.filter(campaign=campaign).select_related(
        "address", "organisation"
    )
    return policy.visible(
        user, "list", "information_check", qs.prefetch_related("sources", "companions")
    )


def get_check(user: Any, pk: int, action: str = "view") -> InformationCheck:
    qs = InformationCheck.objects.select_related("campaign", "address", "organisation")
    return policy.get_object_or_404(user, action, "information_check", qs, pk=pk)


def audit_read(user: Any, obj: Any, object_type: str) -> None:
    audit.record(actor=user, action=f"{object_type}_viewed", obj=obj, object_type=object_type)


def audit_list(user: Any, object_type: str, ids: list[int], *, verb: str = "listed") -> None:
    """One audit row for a page of addresses, visits or checks, with the ids shown."""
    audit.record(
        actor=user,
        action=f"{object_type}_{verb}",
        object_type=object_type,
        detail={"ids": ids[:500]},
    )


EXPORT_HEADER = [
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "plaats",
    "buurt",
    "cluster",
    "status",
    "bezoeken",
]


def export_rows(user: Any, campaign: Campaign) -> list[list]:
    """The address list with its status for an export (``core.exports``), audited as exported."""
    rows = list(addresses_of(user, campaign))
    audit_list(user, "fieldwork_address", [a.pk for a in rows], verb="exported")
    return [
        [a.street, a.number, a.addition, a.postcode, a.place, a.area_code,
         a.cluster.name if a.cluster else "", a.get_status_display(), a.visits_count]
        for a in rows
    ]  # fmt: skip


def open_feedback(user: Any, campaign: Campaign) -> int:
    """How many promised feedbacks are still to be given (visible visits)."""
    return visits_of(user, campaign).filter(feedback=Visit.Feedback.PROMISED).count()


# --- coverage ---------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    key: str
    label: str
    total: int
    counts: dict[str, int]
    exact: bool
    closed: bool = False
    cells: dict[str, str] = field(default_factory=dict)
    share: str = ""
    reached: int = 0
    share_value: float | None = None  # attempted / total, from published counts for others
    url: str = ""  # the buurt's wijkbeeld page or the cluster's close form, set by the view

    def __post_init__(self) -> None:
        attempted = sum(self.counts.values())
        self.reached = self.counts.get(Address.Status.CONTACT, 0)
        values = {"total": self.total, "attempted": attempted, "open": self.total - attempted}
        values |= {s: self.counts.get(s, 0) for s in STATUSES}
        if self.exact:
            self.cells = {k: f"{v:n}" for k, v in values.items()}
            self.share = _share(attempted, self.total)
            self.share_value = attempted / self.total if self.total else None
            self.reached_text = f"{self.reached} van {self.total}"
            return
        published = {k: suppression.published_count(v) for k, v in values.items()}
        self.cells = {k: p["display"] for k, p in published.items()}
        total, done = published["total"]["count"], published["attempted"]["count"]
        self.share = _share(done, total) if total and done is not None else "–"
        self.share_value = done / total if total and done is not None else None
        self.reached_text = ""

    @property
    def attempted_share(self) -> str:
        return self.share


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


@dataclass
class Coverage:
    exact: bool
    total: CoverageRow
    buurten: list[CoverageRow]
    clusters: list[CoverageRow]
    note: str


def coverage(user: Any, campaign: Campaign) -> Coverage:
    """Attempted, contact, refused, nobody home, not found and open per campaign, buurt and
    cluster, as counts and share of the list ("270 van 360 = 75%")."""
    exact = is_team_member(user, campaign)
    addresses = Address.objects.filter(campaign=campaign)
    counts = {f"n_{s}": Count("id", filter=Q(status=s)) for s in STATUSES} | {
        "n_total": Count("id")
    }

    def rows(group: str) -> list[dict]:
        return list(addresses.values(group).annotate(**counts).order_by(group))

    def row(key: str, label: str, values: dict, closed: bool = False) -> CoverageRow:
        return CoverageRow(
            key,
            label,
            values["n_total"],
            {s: values[f"n_{s}"] for s in STATUSES},
            exact,
            closed,
        )

    total = row("", "Hele campagne", addresses.aggregate(**counts))
    buurt_rows = rows("area_code")
    names = dict(
        Area.objects.filter(code__in=[r["area_code"] for r in buurt_rows])
        .order_by("year")
        .values_list("code", "name")
    )
    buurten = [
        row(r["area_code"], names.get(r["area_code"], r["area_code"]) or "Buiten de buurten", r)
        for r in buurt_rows
    ]
    clusters_by_id = {c.pk: c for c in Cluster.objects.filter(campaign=campaign)}
    clusters = [
        row(
            str(r["cluster"] or ""),
            clusters_by_id[r["cluster"]].name
            if r["cluster"] in clusters_by_id
            else "Zonder cluster",
            r,
            bool(r["cluster"] in clusters_by_id and clusters_by_id[r["cluster"]].closed_at),
        )
        for r in rows("cluster")
    ]
    clusters.sort(key=lambda c: c.label)
    note = (
        "Exacte aantallen: u hoort bij het team van deze campagne."
        if exact
        else suppression.rounding_note()
    )
    return Coverage(exact, total, buurten, clusters, note)
