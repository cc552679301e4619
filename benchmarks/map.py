"""Map GeoJSON for a municipality with 500+ buurten: Amsterdam's 518 real buurten (the
municipality's own map, /work/shared/data/real/geometry/vl09-amsterdam/buurten.geojson, imported
with the geometry importer; a generated 520-buurt grid when the file is absent).

Measures a request to ``/api/v1/areas/GM0363/map`` (simplified for the zoom, rounded, cached by
content) against a plain Django view that serves the same stored geometry unchanged (the rows'
stored JSON text stitched into a FeatureCollection, no decoding), both through the full Django
stack with the same logged-in session, in alternating rounds; medians. Also: a cold request (cache
emptied first) and the payload per zoom before and after simplification. Last line: JSON.
"""

import gzip
import json
import math
import statistics
import sys
import time
from pathlib import Path

from _areas_setup import django_with_fresh_db

REAL = (
    Path(__file__).resolve().parents[2] / "shared/data/real/geometry/vl09-amsterdam/buurten.geojson"
)
YEAR, GM = 2024, "GM0363"
ROUNDS, PER_ROUND = 9, 10
ZOOMS = (10, 12, 14, 16)

urlpatterns: list = []  # filled in main(): the app's URLs plus the plain reference view


def stored_view(request):
    """The reference: the same areas' stored GeoJSON, served as it is stored."""
    from django.db.models import F, TextField
    from django.db.models.functions import Cast
    from django.http import HttpResponse

    from wijkkompas.areas import selectors
    from wijkkompas.areas.models import Area

    parent = Area.objects.get(code=GM, year=YEAR)
    rows = (
        selectors.areas_visible_to(request.user)
        .filter(year=YEAR, level="buurt", municipality_code=parent.code, geometry__isnull=False)
        .annotate(text=Cast("geometry", output_field=TextField()), parent_code=F("parent__code"))
        .order_by("code")
        .values_list("code", "name", "parent_code", "text")
    )
    features = ",".join(
        '{"type":"Feature","id":'
        + json.dumps(code)
        + ',"properties":'
        + json.dumps({"code": code, "name": name, "level": "buurt", "parent": parent_code})
        + ',"geometry":'
        + text
        + "}"
        for code, name, parent_code, text in rows
    )
    body = '{"type":"FeatureCollection","features":[' + features + "]}"
    return HttpResponse(body.encode(), content_type="application/geo+json")


def load_areas() -> str:
    """Amsterdam's buurten through the geometry importer; a grid only without the file."""
    from wijkkompas.accounts import policy
    from wijkkompas.areas import services
    from wijkkompas.areas.importers.common import ensure_areas
    from wijkkompas.areas.models import Area

    if REAL.exists():
        services.import_file(actor=policy.SYSTEM, kind="geometry", path=REAL, year=YEAR)
        return "Amsterdam, echte buurten (geometry-import)"
    names, shapes = {}, {}
    for n in range(520):
        wk, bu = divmod(n, 20)
        code = f"BU0363{wk:02d}{bu:02d}"
        lon, lat = 4.75 + (n % 26) * 0.01, 52.30 + (n // 26) * 0.006
        ring = [
            [
                lon + 0.005 + 0.005 * math.cos(t / 40 * math.tau),
                lat + 0.003 + 0.003 * math.sin(t / 40 * math.tau),
            ]
            for t in range(200)
        ]
        names[code], shapes[code] = (
            f"Buurt {n}",
            {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
        )
    ensure_areas(names, YEAR)
    for code, geom in shapes.items():
        Area.objects.filter(code=code, year=YEAR).update(geometry=geom)
    return "gegenereerd raster (bestand ontbreekt)"


def main() -> None:
    global urlpatterns
    django_with_fresh_db()
    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.urls import path

    from wijkkompas.accounts.models import Organisation, Tenant, User
    from wijkkompas.areas import maps
    from wijkkompas.areas.models import Area
    from wijkkompas.urls import urlpatterns as app_urls

    urlpatterns = [path("bench/stored-map", stored_view), *app_urls]
    sys.modules["__main__"].urlpatterns = urlpatterns
    t0 = time.perf_counter()
    source = load_areas()
    load_s = time.perf_counter() - t0
    buurten = Area.objects.filter(year=YEAR, level="buurt", geometry__isnull=False).count()
    tenant = Tenant.objects.create(slug="bench", name="Bench")
    org = Organisation.objects.create(tenant=tenant, name="Bench", kind="gemeente")
    user = User.objects.create(username="bench", organisation=org, roles=["analist"])
    client = Client()
    client.force_login(user)
    ours_url = f"/api/v1/areas/{GM}/map?level=buurt&year={YEAR}&zoom=12"

    def timed(url: str) -> tuple[float, bytes]:
        t = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - t
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return elapsed, response.content

    with override_settings(ROOT_URLCONF="__main__"):
        _, stored = timed("/bench/stored-map")
        json.loads(stored)
        payload = {}
        cold = {}
        for zoom in ZOOMS:
            times = []
            for _ in range(5):
                cache.clear()
                elapsed, body = timed(ours_url.replace("zoom=12", f"zoom={zoom}"))
                times.append(elapsed)
            data = json.loads(body)
            assert data["type"] == "FeatureCollection" and len(data["features"]) == buurten
            payload[zoom] = (len(body), len(gzip.compress(body)))
            cold[zoom] = statistics.median(times)
        timed(ours_url)  # warm the cache for zoom 12
        ours, ref = [], []
        for _ in range(ROUNDS):
            t = [timed(ours_url)[0] for _ in range(PER_ROUND)]
            ours.append(statistics.median(t))
            t = [timed("/bench/stored-map")[0] for _ in range(PER_ROUND)]
            ref.append(statistics.median(t))
    ours_ms, ref_ms = statistics.median(ours) * 1000, statistics.median(ref) * 1000

    def dutch(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    print(f"{source}: {buurten} buurten met geometrie, geladen in {load_s:.1f} s")
    print(
        f"opgeslagen GeoJSON: {dutch(len(stored))} bytes (gzip {dutch(len(gzip.compress(stored)))})"
    )
    for zoom in ZOOMS:
        raw, packed = payload[zoom]
        print(
            f"  zoom {zoom:>2} (tolerantie {maps.tolerance(zoom, 52.37) * 111_000:.1f} m, "
            f"{maps.decimals(zoom)} decimalen): {dutch(raw):>9} bytes = {raw / len(stored):.0%} "
            f"(gzip {dutch(packed)}), koud {cold[zoom] * 1000:.0f} ms"
        )
    print(
        f"warm, zoom 12: {ours_ms:.2f} ms per verzoek; opgeslagen JSON ongewijzigd: {ref_ms:.2f} ms; "
        f"verhouding {ours_ms / ref_ms:.2f}x"
    )
    print(
        json.dumps(
            {
                "source": "amsterdam" if REAL.exists() else "grid",
                "buurten": buurten,
                "stored_bytes": len(stored),
                "bytes_by_zoom": {str(z): payload[z][0] for z in ZOOMS},
                "gzip_bytes_by_zoom": {str(z): payload[z][1] for z in ZOOMS},
                "cold_ms_by_zoom": {str(z): round(cold[z] * 1000, 1) for z in ZOOMS},
                "warm_ms": round(ours_ms, 2),
                "stored_view_ms": round(ref_ms, 2),
                "ratio": round(ours_ms / ref_ms, 3),
                "target_ratio": 1.0,
            }
        )
    )


if __name__ == "__main__":
    main()
