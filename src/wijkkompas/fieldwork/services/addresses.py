"""Importing a campaign's address list: every address placed in its CBS buurt (point in polygon
over the wijkbeeld geometry), duplicates refused by BAG id or normalised address, all or nothing
(atomic), and idempotent: a row already on the list is skipped, so importing the same file twice
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

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


def _duplicates_in_file(rows: list[Row], keys: list[str], name: str) -> list[str]:
    errors, seen_bag, seen_address = [], {}, {}
    for row, key in zip(rows, keys, strict=True):
        if row.bag_id:
            first = seen_bag.setdefault(row.bag_id, row.line)
            if first != row.line:
                errors.append(
                    f"{name}, rij {row.line}, kolom BAG-id: {row.bag_id} staat ook op rij {first}."
                )
                continue
        first = seen_address.setdefault(key, row.line)
        if first != row.line:
            errors.append(
                f"{name}, rij {row.line}, kolom postcode: {row.postcode} {row.number}"
                f"{row.addition} staat ook op rij {first}."
            )
    return errors


_COLUMNS = (
    "cluster_id", "street", "number", "addition", "postcode", "place", "bag_id", "kvk_number",
    "branch", "latitude", "longitude", "area_code", "normalised",
)  # fmt: skip


def _insert_addresses(campaign: Campaign, values: list[tuple]) -> None:
    """One INSERT for many rows (``COPY`` on PostgreSQL), as ``DataFrame.to_sql`` would: the
    ORM's ``bulk_create`` spends ~40× the database's time compiling 10,000 rows. The columns
    not in ``_COLUMNS`` take the model's defaults; the unique constraints still hold."""
    if not values:
        return
    values.sort(key=lambda row: row[-1])  # in the unique index's order: cheaper index inserts
    fields = {f.column: f for f in Address._meta.concrete_fields}
    fixed = {
        "tenant_id": campaign.tenant_id,
        "campaign_id": campaign.pk,
        "status": fields["status"].get_default(),
        "visits_count": fields["visits_count"].get_default(),
        "revisit_on": None,
    }
    if set(fields) - {"id", *fixed, *_COLUMNS}:
        raise RuntimeError("Address has a column _insert_addresses does not fill")
    columns = [*fixed, *_COLUMNS]
    head = tuple(fixed.values())
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    table = quote(Address._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(head + row)
            return
        # sqlite3's own executemany, in the same connection and transaction: Django's wrapper
        # rewrites the placeholders and walks every parameter in Python first (half the time)
        marks = ", ".join(["?"] * len(columns))
        cursor.cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - names from the model
            (head + row for row in values),
        )


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
    keys = [r.normalised for r in rows]
    errors = _duplicates_in_file(rows, keys, filename)
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        errors = [*errors[:MAX_ERRORS], f"{filename}: en nog {more} dubbele adressen."]
    if errors:
        raise ImportRefused(errors)
    known = Address.objects.filter(campaign=campaign).values_list("bag_id", "normalised")
    known_bag, known_address = set(), set()
    for bag_id, normalised in known:  # one query for both duplicate rules
        known_address.add(normalised)
        if bag_id:
            known_bag.add(bag_id)
    new = [
        (r, key)
        for r, key in zip(rows, keys, strict=True)
        if key not in known_address and not (r.bag_id and r.bag_id in known_bag)
    ]
    index = geo.BuurtIndex(_municipality(campaign))
    codes = index.place([r.longitude for r, _ in new], [r.latitude for r, _ in new])
    clusters = dict(Cluster.objects.filter(campaign=campaign).values_list("name", "id"))
    wanted = {}
    for r, _ in new:
        name = (r.cluster or r.street)[:120]
        if name not in clusters and name not in wanted:
            wanted[name] = Cluster.Kind.BLOCK if r.cluster else Cluster.Kind.STREET
    made = Cluster.objects.bulk_create(
        Cluster(tenant_id=campaign.tenant_id, campaign=campaign, name=name, kind=kind)
        for name, kind in wanted.items()
    )
    clusters |= {c.name: c.pk for c in made}
    _insert_addresses(
        campaign,
        [
            (clusters[(r.cluster or r.street)[:120]], r.street, r.number, r.addition,
             r.postcode, r.place, r.bag_id, r.kvk_number, r.branch, r.latitude, r.longitude,
             code, key)
            for (r, key), code in zip(new, codes, strict=True)
        ],
    )  # fmt: skip
    result = ImportResult(
        created=len(new),
        skipped=len(rows) - len(new),
        unplaced=sum(1 for c in codes if not c),
        clusters=len(made),
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
