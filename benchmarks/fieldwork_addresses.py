"""Veldwerk at scale: importing and placing 10,000 addresses (CSV, WGS84) in 400 buurten, and the
coverage of a campaign of 10,000 addresses with 5,000 visits.

1. ``importer.read`` + ``services.import_addresses`` (parse, validate, de-duplicate, STRtree point
   in polygon, bulk insert, audit) against what an analyst would write: pandas ``read_csv``, the
   same shapely STRtree over the same points, ``DataFrame.to_sql`` into the same SQLite database.
2. ``selectors.coverage`` (campaign, buurt and cluster rows, suppression) against the minimal
   endpoint: one GROUP BY of status per buurt.

SQLite only (the pandas reference writes through sqlite3). Last line: JSON."""

import json
import sqlite3
import sys
import time
from datetime import date
from pathlib import Path

from _areas_setup import django_with_fresh_db

N_ADDRESSES, GRID = 10_000, 20  # 20 × 20 buurten


def main() -> None:
    tmp = django_with_fresh_db()
    import numpy as np
    import pandas as pd
    import shapely
    from django.db import connection
    from django.db.models import Count

    from wijkkompas.accounts import policy
    from wijkkompas.accounts.models import Organisation, Tenant
    from wijkkompas.areas.models import Area, Level
    from wijkkompas.fieldwork import importer, selectors, services
    from wijkkompas.fieldwork.models import Address, Campaign, Visit

    if connection.vendor != "sqlite":
        print(json.dumps({"skipped": "alleen SQLite"}))
        return
    tenant = Tenant.objects.create(slug="bench", name="Bench", cbs_code="GM9990")
    org = Organisation.objects.create(tenant=tenant, name="Gemeente Bench")
    gm = Area.objects.create(
        code="GM9990", year=2024, level=Level.GEMEENTE, name="B", municipality_code="GM9990"
    )
    wk = Area.objects.create(
        code="WK999000",
        year=2024,
        level=Level.WIJK,
        name="W",
        parent=gm,
        municipality_code="GM9990",
    )
    step = 0.005
    for i in range(GRID * GRID):
        x, y = round(5.0 + (i % GRID) * step, 6), round(52.0 + (i // GRID) * step, 6)
        x2, y2 = round(x + step, 6), round(y + step, 6)
        ring = [[x, y], [x2, y], [x2, y2], [x, y2], [x, y]]
        Area.objects.create(
            code=f"BU9990{i:04d}", year=2024, level=Level.BUURT, name=f"B{i}", parent=wk,
            municipality_code="GM9990", geometry={"type": "Polygon", "coordinates": [ring]},
        )  # fmt: skip
    rng = np.random.default_rng(15)
    lons = 5.0 + rng.random(N_ADDRESSES) * GRID * step
    lats = 52.0 + rng.random(N_ADDRESSES) * GRID * step
    lines = ["straat;huisnummer;toevoeging;postcode;plaats;lat;lon"]
    lines += [
        f"Straat {i // 100};{i % 100 + 1};;{1000 + i // 100}AB;Bench;{lat:.6f};{lon:.6f}"
        for i, (lat, lon) in enumerate(zip(lats, lons, strict=True))
    ]
    path = tmp / "adressen.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def campaign() -> Campaign:
        c = Campaign.objects.create(
            tenant=tenant, name="Bench", kind="huisbezoeken", starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31), organisation=org, legal_basis="b", purpose="p",
        )  # fmt: skip
        return c

    c1 = campaign()
    t0 = time.perf_counter()
    rows = importer.read(path)
    result = services.import_addresses(
        actor=policy.SYSTEM, campaign=c1, rows=rows, filename="a.csv"
    )
    ours = time.perf_counter() - t0
    assert result.created == N_ADDRESSES and result.unplaced == 0, result

    db = sqlite3.connect(connection.settings_dict["NAME"])
    t0 = time.perf_counter()
    frame = pd.read_csv(path, sep=";", dtype={"toevoeging": str})
    buurten = pd.read_sql("select code, geometry from areas_area where level = 'buurt'", db)
    polygons = shapely.from_geojson(buurten["geometry"].tolist())
    tree = shapely.STRtree(polygons)
    hits = tree.query(shapely.points(frame["lon"], frame["lat"]), predicate="intersects")
    codes = np.full(len(frame), "", dtype=object)
    codes[hits[0]] = buurten["code"].to_numpy()[hits[1]]
    frame["buurt"] = codes
    frame.to_sql("bench_reference", db, index=False)
    db.commit()
    reference = time.perf_counter() - t0
    placed = dict(Address.objects.filter(campaign=c1).values_list("number", "area_code")[:1])
    assert placed and all(frame["buurt"] != "")

    addresses = list(
        Address.objects.filter(campaign=c1).values_list("id", flat=True)[: N_ADDRESSES // 2]
    )
    Visit.objects.bulk_create(
        [
            Visit(
                tenant=tenant,
                campaign=c1,
                address_id=a,
                organisation=org,
                visited_at="2026-03-01T10:00Z",
                outcome="gesprek",
                legal_basis="b",
                purpose="p",
                source_organisation="o",
                author="a",
                retain_until=date(2027, 3, 1),
            )
            for a in addresses
        ],
        batch_size=1000,
    )
    Address.objects.filter(id__in=addresses).update(status="gesprek", visits_count=1)
    t0 = time.perf_counter()
    for _ in range(5):
        cov = selectors.coverage(policy.SYSTEM, c1)
    coverage_s = (time.perf_counter() - t0) / 5
    t0 = time.perf_counter()
    for _ in range(5):
        minimal = list(
            Address.objects.filter(campaign=c1)
            .values("area_code", "status")
            .order_by()
            .annotate(n=Count("id"))
        )
    minimal_s = (time.perf_counter() - t0) / 5
    assert cov.total.total == N_ADDRESSES and minimal
    print(
        json.dumps(
            {
                "addresses": N_ADDRESSES,
                "buurten": GRID * GRID,
                "import_s": round(ours, 3),
                "pandas_reference_s": round(reference, 3),
                "import_ratio": round(ours / reference, 2),
                "coverage_s": round(coverage_s, 4),
                "minimal_groupby_s": round(minimal_s, 4),
                "coverage_ratio": round(coverage_s / minimal_s, 2),
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
