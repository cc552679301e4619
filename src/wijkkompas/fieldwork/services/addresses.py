"""Importing a campaign's address list: every address placed in its CBS buurt (point in polygon
over the wijkbeeld geometry), duplicates refused by BAG id or normalised address, all or nothing
(atomic), and idempotent: a row already on the list is skipped, so importing the same file twice
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.fieldwork import geo
from wijkkompas.fieldwork.importer import MAX_ERRORS, ImportRefused, Row
from wijkkompas.fieldwork.models import Address, Campaign, Cluster


@dataclass
class ImportResult:
    created: int
    skipped: int
    unplaced: int
    clusters: int
    buurt_year: int | None

    def summary(self) -> str:
        text = f"{self.created} adressen toegevoegd"
        if self.skipped:
            text += f", {self.skipped} stonden al op de lijst"
        if self.unplaced:
            text += f", {self.unplaced} liggen in geen enkele buurt van het wijkbeeld"
        return text + "."


def _duplicates_in_file(rows: list[Row], name: str) -> list[str]:
    errors, seen_bag, seen_address = [], {}, {}
    for row in rows:
        if row.bag_id:
            first = seen_bag.setdefault(row.bag_id, row.line)
            if first != row.line:
                errors.append(
                    f"{name}, rij {row.line}, kolom BAG-id: {row.bag_id} staat ook op rij {first}."
                )
                continue
        first = seen_address.setdefault(row.normalised, row.line)
        if first != row.line:
            errors.append(
                f"{name}, rij {row.line}, kolom postcode: {row.postcode} {row.number}"
                f"{row.addition} staat ook op rij {first}."
            )
    return errors


def _municipality(campaign: Campaign) -> str:
    code = campaign.tenant.cbs_code
    if code:
        return code
    first = next(iter(campaign.area_codes or []), "")
    return "GM" + first[2:6] if first else ""


@transaction.atomic
def import_addresses(
    *, actor: Any, campaign: Campaign, rows: list[Row], filename: str = "bestand"
) -> ImportResult:
    """Add ``rows`` (from ``importer.read``) to the campaign's list. Refused as a whole
    (``ImportRefused``, every line named) when the file repeats an address."""
    policy.require(
        actor,
        "create",
        "fieldwork_address",
        Address(campaign=campaign, tenant_id=campaign.tenant_id),
    )
    errors = _duplicates_in_file(rows, filename)
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        errors = [*errors[:MAX_ERRORS], f"{filename}: en nog {more} dubbele adressen."]
    if errors:
        raise ImportRefused(errors)
    existing = Address.objects.filter(campaign=campaign)
    known_bag = set(existing.exclude(bag_id="").values_list("bag_id", flat=True))
    known_address = set(existing.values_list("normalised", flat=True))
    new = [
        r
        for r in rows
        if r.normalised not in known_address and not (r.bag_id and r.bag_id in known_bag)
    ]
    index = geo.BuurtIndex(_municipality(campaign))
    codes = index.place([r.longitude for r in new], [r.latitude for r in new])
    clusters = {c.name: c for c in Cluster.objects.filter(campaign=campaign)}
    made = 0
    for r in new:
        name = (r.cluster or r.street)[:120]
        if name not in clusters:
            kind = Cluster.Kind.BLOCK if r.cluster else Cluster.Kind.STREET
            clusters[name] = Cluster.objects.create(
                tenant_id=campaign.tenant_id, campaign=campaign, name=name, kind=kind
            )
            made += 1
    Address.objects.bulk_create(
        [
            Address(
                tenant_id=campaign.tenant_id,
                campaign=campaign,
                cluster=clusters[(r.cluster or r.street)[:120]],
                street=r.street,
                number=r.number,
                addition=r.addition,
                postcode=r.postcode,
                place=r.place,
                bag_id=r.bag_id,
                kvk_number=r.kvk_number,
                branch=r.branch,
                latitude=r.latitude,
                longitude=r.longitude,
                area_code=code,
                normalised=r.normalised,
            )
            for r, code in zip(new, codes, strict=True)
        ],
        batch_size=2000,
    )
    result = ImportResult(
        created=len(new),
        skipped=len(rows) - len(new),
        unplaced=sum(1 for c in codes if not c),
        clusters=made,
        buurt_year=index.year,
    )
    audit.record(
        actor=actor,
        action="fieldwork_address_imported",
        obj=campaign,
        object_type="campaign",
        detail={
            "file": filename[:100],
            "created": result.created,
            "skipped": result.skipped,
            "unplaced": result.unplaced,
        },
    )
    return result
