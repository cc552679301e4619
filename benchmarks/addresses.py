"""Veldwerk at scale: importing and placing 10,000 addresses (CSV, WGS84) in 400 buurten, and the
campaign page (coverage per buurt and cluster, the buurt map's colours) of a campaign of 10,000
addresses with 5,000 visits.

1. ``importer.read`` + ``services.import_addresses`` (parse, validate every cell, refuse
   duplicates, STRtree point in polygon, insert, audit; each round a fresh campaign) against what
   an analyst would write: pandas ``read_csv``, shapely's STRtree over the same buurten and
   points, ``DataFrame.to_sql`` into the same database (sqlite3, or SQLAlchemy on PostgreSQL).
2. ``GET /veldwerk/<id>/`` for a team member against the minimal endpoint: a logged-in JSON view
   with one GROUP BY of status per buurt, both through the same middleware.

Rounds alternate which side goes first; the figures are medians. With DATABASE_URL=postgresql://…
a fresh database on that server is used. Last line: JSON."""

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _areas_setup import django_with_fresh_db

N_ADDRESSES, GRID, ROUNDS, PAGE_ROUNDS = 10_000, 20, 7, 9  # 20 × 20 buurten


def minimal(request, pk: int):
    """The least a coverage endpoint can do: counts of status per buurt."""
    from django.db.models import Count
    from django.http import HttpResponseForbidden, JsonResponse

    from wijkkompas.fieldwork.models import Address

    if not request.user.is_authenticated:
        return HttpResponseForbidden()
    rows = (
        Address.objects.filter(campaign_id=pk)
        .values("area_code", "status")
        .order_by()
        .annotate(n=Count("id"))
    )
    return JsonResponse({"rows": list(rows)})


def _urlpatterns():
    from django.urls import include, path

    return [path("bench/minimal/<int:pk>/", minimal), path("", include("wijkkompas.urls"))]


def main() -> None:
    tmp = django_with_fresh_db()
    import numpy as np
    import pandas as pd
    import shapely
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from wijkkompas.accounts import policy
    from wijkkompas.accounts.models import Organisation, Tenant, User
    from wijkkompas.accounts.roles import Role
    from wijkkompas.areas.models import Area, Level
    from wijkkompas.fieldwork import importer, services
    from wijkkompas.fieldwork.models import Address, Campaign, Visit

    tenant = Tenant.objects.create(slug="bench", name="Bench", cbs_code="GM9990")
    org = Organisation.objects.create(tenant=tenant, name="Gemeente Bench")
    gm = Area.objects.create(
        code="GM9990", year=2024, level=Level.GEMEENTE, name="B", municipality_code="GM9990"
    )
    wk = Area.objects.create(
        code="WK999000", year=2024, level=Level.WIJK, name="W", parent=gm,
        municipality_code="GM9990",
    )  # fmt: skip
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

    def campaign(n: int) -> Campaign:
        return Campaign.objects.create(
            tenant=tenant, name=f"Bench {n}", kind="huisbezoeken", starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31), organisation=org, legal_basis="b", purpose="p",
        )  # fmt: skip

    if connection.vendor == "postgresql":
        from sqlalchemy import create_engine

        s = connection.settings_dict
        engine = create_engine(
            f"postgresql+psycopg://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:"
            f"{s['PORT'] or 5432}/{s['NAME']}"
        )
        db = engine.connect()
    else:
        import sqlite3

        engine, db = None, sqlite3.connect(connection.settings_dict["NAME"])

    def ours(n: int) -> tuple[float, Campaign]:
        c = campaign(n)
        t0 = time.perf_counter()
        rows = importer.read(path)
        result = services.import_addresses(
            actor=policy.SYSTEM, campaign=c, rows=rows, filename="adressen.csv"
        )
        took = time.perf_counter() - t0
        assert result.created == N_ADDRESSES and result.unplaced == 0, result
        return took, c

    def reference(n: int) -> float:
        t0 = time.perf_counter()
        frame = pd.read_csv(path, sep=";", dtype={"toevoeging": str})
        buurten = pd.read_sql("select code, geometry from areas_area where level = 'buurt'", db)
        geometry = [g if isinstance(g, str) else json.dumps(g) for g in buurten["geometry"]]
        tree = shapely.STRtree(shapely.from_geojson(geometry))
        hits = tree.query(shapely.points(frame["lon"], frame["lat"]), predicate="intersects")
        codes = np.full(len(frame), "", dtype=object)
        codes[hits[0]] = buurten["code"].to_numpy()[hits[1]]
        frame["buurt"] = codes
        frame.to_sql(f"bench_reference_{n}", db, index=False)
        db.commit()
        took = time.perf_counter() - t0
        assert (frame["buurt"] != "").all()
        return took

    ours_s, reference_s, first = [], [], None
    for n in range(ROUNDS):
        if n % 2:
            reference_s.append(reference(n))
            took, c = ours(n)
        else:
            took, c = ours(n)
            reference_s.append(reference(n))
        ours_s.append(took)
        first = first or c
    # idempotent: the same file again adds nothing
    again = services.import_addresses(
        actor=policy.SYSTEM, campaign=first, rows=importer.read(path), filename="adressen.csv"
    )
    assert again.created == 0 and again.skipped == N_ADDRESSES

    addresses = list(
        Address.objects.filter(campaign=first).values_list("id", flat=True)[: N_ADDRESSES // 2]
    )
    Visit.objects.bulk_create(
        [
            Visit(
                tenant=tenant, campaign=first, address_id=a, organisation=org,
                visited_at="2026-03-01T10:00Z", outcome="gesprek", legal_basis="b",
                purpose="p", source_organisation="o", author="a", retain_until=date(2027, 3, 1),
            )
            for a in addresses
        ],
        batch_size=1000,
    )  # fmt: skip
    Address.objects.filter(id__in=addresses).update(status="gesprek", visits_count=1)
    lead = User.objects.create(
        username="bench-lead", organisation=org, roles=[Role.OOV_ADVISEUR], password="!"
    )
    settings.ROOT_URLCONF = "addresses"
    client = Client()
    client.force_login(lead)
    session = client.session
    session["otp_verified"] = True
    session.save()
    page_url, minimal_url = f"/veldwerk/{first.pk}/", f"/bench/minimal/{first.pk}/"
    for url in (page_url, minimal_url):  # warm up, and check both answer
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    body = client.get(page_url).content.decode()
    assert "5000 van 10000" in body or "5.000 van 10.000" in body, "coverage not on the page"

    def timed(url: str) -> float:
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200
        return time.perf_counter() - t0

    page_s, minimal_s = [], []
    for n in range(PAGE_ROUNDS):
        pair = (page_url, minimal_url) if n % 2 == 0 else (minimal_url, page_url)
        for url in pair:
            (page_s if url == page_url else minimal_s).append(timed(url))
    if engine is not None:
        db.close()
        engine.dispose()
    ours_m, ref_m = statistics.median(ours_s), statistics.median(reference_s)
    page_m, min_m = statistics.median(page_s), statistics.median(minimal_s)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "addresses": N_ADDRESSES,
                "buurten": GRID * GRID,
                "rounds": ROUNDS,
                "import_s": round(ours_m, 4),
                "pandas_reference_s": round(ref_m, 4),
                "import_ratio": round(ours_m / ref_m, 2),
                "import_target": 1.5,
                "visits": len(addresses),
                "coverage_page_s": round(page_m, 4),
                "minimal_endpoint_s": round(min_m, 4),
                "coverage_ratio": round(page_m / min_m, 2),
            }
        )
    )


def __getattr__(name: str):
    # this module is the URLconf of the page test: the minimal endpoint beside the real URLs
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


if __name__ == "__main__":
    sys.modules["addresses"] = sys.modules["__main__"]
    main()
