"""Vulnerability index at national scale: 15,000 buurten × 60 indicators × 10 years (synthetic),
one profile (7 indicators, two per 1,000 inhabitants), compared across the whole country.

Measures ``areas.index.compute`` (one query → numpy) against a plain pandas reference of the same
computation (read_sql of the same figure blocks → wide frame → per-1,000 → z-scores → weighted
mean), in the same process on the same database, and checks both give the same scores. Last line:
JSON.
"""

import json
import time

from _areas_setup import django_with_fresh_db

N_AREAS, N_IND, YEARS = 15_000, 60, list(range(2015, 2025))


def build() -> tuple:
    import numpy as np

    from wijkkompas.areas import store
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
    columns = list(ids.values())
    pop_col = columns.index(ids["AantalInwoners_5"])
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    for year in YEARS:
        values = np.round(rng.normal(20, 6, (N_AREAS, len(columns))), 1)
        values[:, pop_col] = rng.integers(20, 8000, N_AREAS)
        missing = rng.random((N_AREAS, len(columns))) < 0.05
        missing[:, pop_col] = False
        values[missing] = np.nan
        statuses = np.where(missing, store.NONE, store.OK).astype(np.uint8)
        n = store.write_matrix(
            buurt_ids,
            period=str(year),
            year=year,
            indicator_ids=columns,
            values=values,
            statuses=statuses,
        )
        print(f"  {year}: {n} waarnemingen geladen ({time.perf_counter() - t0:.0f} s)", flush=True)
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
    """The same computation written plainly with pandas: read the year's blocks of all buurten
    with read_sql, unpack them into a wide frame (area × indicator), then per-1,000, z-scores
    and the weighted mean."""
    import numpy as np
    import pandas as pd
    from django.db import connection

    from wijkkompas.areas import store
    from wijkkompas.areas.index import MIN_WEIGHT_SHARE, min_population, population_indicator_id
    from wijkkompas.areas.models import BlockLayout

    comps = list(profile.components.select_related("indicator"))
    pop_id = population_indicator_id()
    areas = pd.read_sql(
        "SELECT id FROM areas_area WHERE year = %s AND level = 'buurt' ORDER BY id",
        connection,
        params=[year],
    )
    blocks = pd.read_sql(
        "SELECT b.area_id, b.layout_id, b.figures FROM areas_figureblock b "
        "JOIN areas_area a ON a.id = b.area_id "
        "WHERE a.year = %s AND a.level = 'buurt' AND b.period = %s",
        connection,
        params=[year, str(year)],
    )
    frames = []
    for layout_id, group in blocks.groupby("layout_id"):
        columns = BlockLayout.objects.get(pk=layout_id).indicator_ids
        values = store.decode_figures(list(group["figures"]), len(columns))
        frames.append(pd.DataFrame(values, index=group["area_id"], columns=columns))
    wide = pd.concat(frames).reindex(areas["id"])
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
