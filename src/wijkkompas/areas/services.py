"""Writes for the wijkbeeld: imports (atomic, idempotent, audited) and index profiles."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.areas.catalogue import municipality_classes
from wijkkompas.areas.importers import cbs, geometry, local, police, provinces
from wijkkompas.areas.importers.common import file_sha256, p10_codes
from wijkkompas.areas.models import Area, ImportRun, IndexComponent, IndexProfile, Indicator, Level
from wijkkompas.core.bulk import gc_paused
from wijkkompas.core.versioning import check_version
from wijkkompas.dossiers import selectors as dossier_selectors
from wijkkompas.dossiers import services as dossier_services

IMPORTERS: dict[str, Callable[..., dict[str, int]]] = {
    "cbs": cbs.import_file,
    "police": police.import_file,
    "geometry": geometry.import_file,
    "local": local.import_file,
    "provinces": provinces.import_file,
}


def record_import(
    actor: Any, kind: str, source: str, sha: str, counts: dict[str, Any]
) -> ImportRun:
    """The import record and its audit event (inside the import's transaction)."""
    run = ImportRun.objects.create(
        kind=kind,
        source=source[:500],
        sha256=sha,
        rows=counts.get("rows", 0),
        observations=counts.get("observations", 0),
        areas=counts.get("areas", 0),
        imported_by=getattr(actor, "username", "systeem"),
    )
    audit.record(
        actor=actor,
        action="area_data_imported",
        obj=run,
        reason=f"import {kind}",
        detail={k: v for k, v in counts.items() if isinstance(v, int | str)},
    )
    return run


def import_file(
    *,
    actor: Any,
    kind: str,
    path: Path,
    year: int | None = None,
    source: str = "",
) -> dict[str, Any]:
    """Import one file of ``kind`` (cbs, police, geometry, local, provinces) in one transaction: on any error
    ``ImportRefused`` is raised and nothing is written. Importing the same file again gives the
    same data (the file replaces the figures it covers). ``source`` names the file in the import
    record when ``path`` is a temporary copy (an upload)."""
    policy.require(actor, "import", "area_data")
    if kind not in IMPORTERS:
        raise ValueError(f"onbekende importsoort: {kind}")
    kwargs = {"year": year} if kind in ("cbs", "geometry") else {}
    # The file's hash (for the import record) is computed alongside the import; hashlib
    # releases the GIL, so on a national file this costs no time.
    with gc_paused(), ThreadPoolExecutor(max_workers=1) as pool, transaction.atomic():
        sha = pool.submit(file_sha256, path)
        counts = IMPORTERS[kind](path, **kwargs)
        record_import(actor, kind, source or str(path), sha.result(), counts)
    return counts


def import_table(
    *, actor: Any, kind: str, table_id: str, year: int | None = None
) -> dict[str, Any]:  # pragma: no cover - network
    """Fetch a table live from CBS OData (``cbsodata``) and import it like a file."""
    policy.require(actor, "import", "area_data")
    with transaction.atomic():
        counts = (
            cbs.import_table(table_id, year=year)
            if kind == "cbs"
            else police.import_table(table_id)
        )
        record_import(actor, kind, f"CBS OData {table_id}", "", counts)
    return counts


def link_predecessors() -> int:
    """Link every area without predecessor to the same code in the latest earlier division."""
    updated = []
    latest: dict[str, int] = {}
    for area in Area.objects.order_by("year", "code"):
        prev = latest.get(area.code)
        if prev and area.predecessor_id != prev:
            area.predecessor_id = prev
            updated.append(area)
        latest[area.code] = area.id
    Area.objects.bulk_update(updated, ["predecessor"], batch_size=500)
    return len(updated)


def classify_municipalities(*, actor: Any) -> int:
    """Apply the shipped G4/G40 list and tenants' P10 flags to all areas (after editing the list)."""
    policy.require(actor, "import", "area_data")
    classes = municipality_classes()
    p10 = p10_codes()
    changed = 0
    with transaction.atomic():
        for gm in set(
            Area.objects.exclude(municipality_code="").values_list("municipality_code", flat=True)
        ):
            changed += Area.objects.filter(municipality_code=gm).update(
                municipality_class=classes.get(gm, "overig"), is_p10=gm in p10
            )
        audit.record(
            actor=actor,
            action="area_classes_assigned",
            object_type="area",
            detail={"areas": changed},
        )
    return changed


EXAMPLE_PROFILE_NAME = "Voorbeeldprofiel ondermijningsgevoeligheid (gewichten zelf vaststellen)"
EXAMPLE_DESCRIPTION = (
    "VOORBEELD — geen vastgestelde index. Dit profiel laat zien hoe een kwetsbaarheidsindex is "
    "opgebouwd uit indicatoren waar de praktijkvoorbeelden naar wijzen: laag inkomen, uitkeringen, het "
    "aandeel jongeren, geregistreerde drugs- en vermogenscriminaliteit en leegstand. De gewichten zijn "
    "een startpunt; een gemeente stelt ze zelf vast met haar ketenpartners en legt die keuze uit. "
    "De index gaat over gebieden, nooit over personen."
)
# (indicator code prefix or code, weight, direction, per 1,000 inhabitants)
EXAMPLE_COMPONENTS = [
    ("HuishOnderOfRondSociaalMinimum", 2.0, Indicator.Direction.HIGHER_WORSE, False),
    ("k_40PersonenMetLaagsteInkomen", 1.0, Indicator.Direction.HIGHER_WORSE, False),
    ("PersonenPerSoortUitkeringBijstand", 1.5, Indicator.Direction.HIGHER_WORSE, True),
    ("k_15Tot25Jaar", 1.0, Indicator.Direction.HIGHER_WORSE, True),
    ("3.1.1", 2.0, Indicator.Direction.HIGHER_WORSE, True),
    ("1.1.1", 1.0, Indicator.Direction.HIGHER_WORSE, True),
    ("PercentageOnbewoond", 1.0, Indicator.Direction.HIGHER_WORSE, False),
]


def _find_indicator(key: str) -> Indicator | None:
    exact = Indicator.objects.filter(code=key).first()
    return exact or Indicator.objects.filter(code__startswith=key + "_").order_by("-code").first()


@transaction.atomic
def ensure_example_profile(*, actor: Any) -> IndexProfile:
    """The national example profile over whichever of its indicators are in the catalogue."""
    profile, created = IndexProfile.objects.get_or_create(
        tenant=None,
        name=EXAMPLE_PROFILE_NAME,
        defaults={"description": EXAMPLE_DESCRIPTION, "is_example": True, "level": Level.BUURT},
    )
    for key, weight, direction, per_1000 in EXAMPLE_COMPONENTS:
        indicator = _find_indicator(key)
        if indicator is not None:
            IndexComponent.objects.get_or_create(
                profile=profile,
                indicator=indicator,
                defaults={
                    "weight": weight,
                    "direction": direction,
                    "per_1000_inhabitants": per_1000,
                },
            )
    if created:
        audit.record(actor=actor, action="area_profile_created", obj=profile)
    return profile


def pin_to_dossier(
    *,
    actor: Any,
    dossier_id: int,
    title: str,
    url: str,
    note: str = "",
    reference: str = "",
) -> Any:
    """Pin a wijkbeeld figure or map to question 4 ("local risks") of a themadossier, through the
    dossiers app's own lookup (the "pin" action bound there) and service (which checks the
    dossier's rules and writes the audit event)."""
    dossier = dossier_selectors.get_dossier_for_pinning(actor, dossier_id)
    return dossier_services.pin_item(
        actor=actor,
        dossier=dossier,
        question_number=4,
        kind="area_figure",
        title=title,
        url=url,
        note=note,
        reference=reference,
    )


@transaction.atomic
def copy_profile(*, actor: Any, profile: IndexProfile) -> IndexProfile:
    """A municipality's own copy of a (national example) profile, whose weights it then sets."""
    policy.require(actor, "create", "index_profile")
    tenant = actor.tenant
    base = profile.name.replace(" (gewichten zelf vaststellen)", "")
    name = f"{base} — {tenant.name}"
    n = 1
    while IndexProfile.objects.filter(tenant=tenant, name=name).exists():
        n += 1
        name = f"{base} — {tenant.name} ({n})"
    copy = IndexProfile.objects.create(
        tenant=tenant,
        name=name[:200],
        description=f"Eigen profiel van {tenant.name}, afgeleid van “{profile.name}”. Leg hier vast waarom deze indicatoren en gewichten zijn gekozen.",
        is_example=False,
        standardisation=profile.standardisation,
        level=profile.level,
        created_by=actor,
    )
    IndexComponent.objects.bulk_create(
        IndexComponent(
            profile=copy,
            indicator_id=c.indicator_id,
            weight=c.weight,
            direction=c.direction,
            per_1000_inhabitants=c.per_1000_inhabitants,
        )
        for c in profile.components.all()
    )
    audit.record(actor=actor, action="area_profile_created", obj=copy, detail={"from": profile.pk})
    return copy


@transaction.atomic
def update_profile(
    *,
    actor: Any,
    profile: IndexProfile,
    version: int | str | None,
    description: str,
    standardisation: str,
    components: dict[int, dict[str, Any]],
) -> IndexProfile:
    """Set a profile's method and weights. ``components``: component id → {weight, direction,
    per_1000}. A stale or missing ``version`` raises Conflict (``core.versioning``)."""
    policy.require(actor, "edit", "index_profile", profile)
    locked = IndexProfile.objects.select_for_update().get(pk=profile.pk)
    check_version(locked.version, version)
    if standardisation not in IndexProfile.Standardisation.values:
        raise ValidationError({"standaardisering": "Kies z-score of percentielrang."})
    existing = {c.pk: c for c in locked.components.all()}
    errors = {}
    for pk, values in components.items():
        if pk not in existing:
            raise ValidationError({"onderdeel": f"Onderdeel {pk} hoort niet bij dit profiel."})
        weight = values.get("weight")
        if weight is None or not (0 <= weight <= 100):
            errors[f"gewicht-{pk}"] = (
                f"Gewicht van {existing[pk].indicator.name}: een getal van 0 tot en met 100 (0 = niet meetellen)."
            )
        if values.get("direction") not in (
            Indicator.Direction.HIGHER_WORSE,
            Indicator.Direction.HIGHER_BETTER,
        ):
            errors[f"richting-{pk}"] = (
                f"Richting van {existing[pk].indicator.name}: kies hoger is ongunstiger of gunstiger."
            )
    if errors:
        raise ValidationError(errors)
    if not any(v["weight"] > 0 for v in components.values()):
        raise ValidationError({"gewicht": "Geef minstens één indicator een gewicht groter dan 0."})
    for pk, values in components.items():
        c = existing[pk]
        if values["weight"] == 0:
            c.delete()
            continue
        c.weight, c.direction, c.per_1000_inhabitants = (
            values["weight"],
            values["direction"],
            bool(values.get("per_1000")),
        )
        c.save()
    locked.description = description.strip()
    locked.standardisation = standardisation
    locked.version += 1
    locked.save()
    audit.record(
        actor=actor,
        action="area_profile_edited",
        obj=locked,
        detail={"components": len(components)},
    )
    return locked
