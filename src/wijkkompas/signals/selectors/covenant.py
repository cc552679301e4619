"""The covenant configuration as the views and the API read it: partners, categories, the
organisations a request names, and the processing register (AVG art. 30) generated from it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.accounts.roles import Role
from wijkkompas.signals.models import AccessGrant, Category, Covenant, CovenantParty, DataClass


def covenant_of(tenant_id: int | None) -> Covenant | None:
    return Covenant.objects.filter(tenant_id=tenant_id).select_related("controller").first()


def covenant_partners(tenant_id: int | None) -> QuerySet[Organisation]:
    return Organisation.objects.filter(covenant_parties__covenant__tenant_id=tenant_id).order_by(
        "name"
    )


def categories_for(tenant_id: int | None, *, public_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.filter(tenant_id=tenant_id, is_active=True)
    return qs.filter(public=True) if public_only else qs


def category_by_code(user: Any, code: str) -> Category | None:
    """The category a request names by code, in the user's municipality (the service refuses
    ``None`` and inactive ones with a message on the field)."""
    return Category.objects.filter(tenant_id=user.tenant_id, code=code).first()


def public_tenants() -> QuerySet[Tenant]:
    """Municipalities whose public signal form is open (they have a covenant with public categories)."""
    return Tenant.objects.filter(covenant__isnull=False, signal_categories__public=True).distinct()


def organisation_of_tenant(user: Any, pk: int | None) -> Organisation | None:
    """An organisation a request names by id, in the user's municipality; the services check
    that it takes part in the covenant."""
    return Organisation.objects.filter(pk=pk, tenant_id=user.tenant_id).first() if pk else None


def organisations_of_tenant(user: Any, ids: list[int]) -> list[Organisation]:
    """The organisations a request names by id, in its order; an unknown id is invalid input."""
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids, tenant_id=user.tenant_id)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {
                "organisaties": f"Onbekende organisatie(s) in uw gemeente: {', '.join(map(str, missing))}."
            }
        )
    return [found[i] for i in ids]


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
