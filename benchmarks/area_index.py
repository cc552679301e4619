"""Vulnerability index at national scale: 15,000 buurten × 60 indicators × 10 years (synthetic),
one profile (7 indicators, two per 1,000 inhabitants), compared across the whole country.

Measures ``areas.index.compute`` (one query → numpy) against a plain pandas reference of the same
computation (read_sql of the same rows → pivot → per-1,000 → z-scores → weighted mean), in the same
process on the same database, and checks both give the same scores. Last line: JSON.
"""

import json
import random
import time

from _areas_setup import django_with_fresh_db

N_AREAS, N_IND, YEARS = 15_000, 60, list(range(2015, 2025))


def build() -> tuple:
    from django.db import connection

    from wijkkompas.areas.catalogue import Entry
    from wijkkompas.areas.importers.common import ensure_areas, ensure_indicators
    from wijkkompas.areas.models import IndexComponent, IndexProfile

    entries = {"AantalInwoners_5": Entry("Inwoners", "aantal", "aantal")}
    for i in range(1, N_IND):
        entries[f"Indicator{i}_{i + 5}"] = Entry(
            f"Indicator {i}", "", "aantal" if i % 3 == 0 else "verhouding"
        )
    ids = ensure_indicators(entries, source="cbs", source_detail="synthetisch")
    codes = {}
    for n in range(N_AREAS):
        gm, wk, bu = n // 45, (n // 5) % 9, n % 5
        codes[f"BU{gm:04d}{wk:02d}{bu:02d}"] = ""
    area_ids = ensure_areas(codes, 2024)
    buurt_ids = [area_ids[c] for c in codes]
    rng = random.Random(1)
    raw = connection.connection
    ind_list = list(ids.values())
    pop_id = ids["AantalInwoners_5"]
    t0 = time.perf_counter()
    indexes = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # bulk load without secondary indexes, then build them once (as a DBA would)
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='areas_observation' AND sql IS NOT NULL"
            )
            indexes = cursor.fetchall()
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        for year in YEARS:
            rows = []
            for aid in buurt_ids:
                pop = float(rng.randint(20, 8000))
                for iid in ind_list:
                    if iid == pop_id:
                        rows.append((aid, iid, str(year), year, pop, "ok"))
                    elif rng.random() > 0.05:
                        rows.append((aid, iid, str(year), year, round(rng.gauss(20, 6), 1), "ok"))
            if connection.vendor == "sqlite":
                raw.executemany(
                    "INSERT INTO areas_observation (area_id, indicator_id, period, year, value, status) VALUES (?,?,?,?,?,?)",
                    rows,
                )
            else:
                cursor.executemany(
                    "INSERT INTO areas_observation (area_id, indicator_id, period, year, value, status) VALUES (%s,%s,%s,%s,%s,%s)",
                    rows,
                )
            print(
                f"  {year}: {len(rows)} waarnemingen geladen ({time.perf_counter() - t0:.0f} s)",
                flush=True,
            )
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE areas_observation")
    build_s = time.perf_counter() - t0
    profile = IndexProfile.objects.create(name="bench", level="buurt")
    for k, code in enumerate(
        [
            "Indicator1_6",
            "Indicator2_7",
            "Indicator3_8",
            "Indicator4_9",
            "Indicator5_10",
            "Indicator6_11",
            "Indicator7_12",
        ]
    ):
        IndexComponent.objects.create(
            profile=profile,
            indicator_id=ids[code],
            weight=1.0 + k % 3,
            direction="hoger_beter" if k == 1 else "hoger_slechter",
            per_1000_inhabitants=code in ("Indicator3_8", "Indicator6_11"),
        )
    return profile, build_s


def pandas_reference(profile, year: int):
    import numpy as np
    import pandas as pd
    from django.db import connection

    from wijkkompas.areas.index import MIN_WEIGHT_SHARE, min_population, population_indicator_id

    comps = list(profile.components.select_related("indicator"))
    pop_id = population_indicator_id()
    ids = [c.indicator_id for c in comps] + [pop_id]
    areas = pd.read_sql(
        "SELECT id FROM areas_area WHERE year = %s AND level = 'buurt' ORDER BY id",
        connection,
        params=[year],
    )
    sql = (
        "SELECT o.area_id, o.indicator_id, o.value FROM areas_observation o JOIN areas_area a ON a.id = o.area_id "
        f"WHERE a.year = %s AND a.level = 'buurt' AND o.year = %s AND o.period = %s AND o.value IS NOT NULL AND o.indicator_id IN ({','.join(['%s'] * len(ids))})"
    )
    obs = pd.read_sql(sql, connection, params=[year, year, str(year), *ids])
    wide = obs.pivot_table(
        index="area_id", columns="indicator_id", values="value", aggfunc="first"
    ).reindex(areas["id"])
    pop = wide[pop_id]
    small = pop < min_population()
    cols = []
    for c in comps:
        s = wide[c.indicator_id]
        if c.per_1000_inhabitants:
            s = (s / pop * 1000).where(pop > 0)
        if c.direction == "hoger_beter":
            s = -s
        s = s.where(~small)
        cols.append((s - s.mean()) / s.std(ddof=0))
    z = pd.concat(cols, axis=1)
    w = pd.Series([c.weight for c in comps], index=z.columns)
    present = z.notna()
    wsum = present.mul(w, axis=1).sum(axis=1)
    score = z.mul(w, axis=1).sum(axis=1) / wsum
    score = score.where(wsum >= MIN_WEIGHT_SHARE * w.sum()).where(~small)
    return np.asarray(score, dtype=float)


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore", message="pandas only supports SQLAlchemy")
    import os

    reuse = os.environ.get("BENCH_REUSE_DATA_DIR")  # time again on a database built before
    if reuse:
        os.environ["WIJKKOMPAS_DATA_DIR"] = reuse
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.settings")
        import django

        django.setup()
    else:
        django_with_fresh_db()
    import numpy as np

    from wijkkompas.areas import index as area_index
    from wijkkompas.areas.models import IndexProfile

    if reuse:
        profile, build_s = IndexProfile.objects.get(name="bench"), 0.0
    else:
        profile, build_s = build()
    year = YEARS[-1]
    # warm-up (connection, caches) for both
    area_index.compute(profile, year=year, comparison="land")
    pandas_reference(profile, year)
    ours, ref = [], []
    for _ in range(5):
        t = time.perf_counter()
        result = area_index.compute(profile, year=year, comparison="land")
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        expected = pandas_reference(profile, year)
        ref.append(time.perf_counter() - t)
    same = np.allclose(result.scores, expected, equal_nan=True, atol=1e-9)
    ours_s, ref_s = min(ours), min(ref)
    print(
        f"synthetic set: {N_AREAS} buurten x {N_IND} indicatoren x {len(YEARS)} jaar (opbouw {build_s:.1f} s)"
    )
    print(
        f"areas.index.compute: {ours_s * 1000:.1f} ms   pandas reference: {ref_s * 1000:.1f} ms   ratio {ours_s / ref_s:.2f}x   same scores: {same}"
    )
    print(
        json.dumps(
            {
                "areas": N_AREAS,
                "indicators": N_IND,
                "years": len(YEARS),
                "compute_ms": round(ours_s * 1000, 1),
                "pandas_ms": round(ref_s * 1000, 1),
                "ratio": round(ours_s / ref_s, 3),
                "same_scores": bool(same),
                "target_ratio": 1.0,
            }
        )
    )


if __name__ == "__main__":
    main()
