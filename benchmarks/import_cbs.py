"""Import speed of a CBS *Kerncijfers wijken en buurten* file against pandas ``read_csv`` of the
same file, in the same process. Uses the largest real file in ../shared/data/real/ when present;
otherwise generates a national-size file in CBS's published CSV form (≈17,000 regions × 120
columns, quoted, space-padded codes, decimal commas, "." and "x" markers) and says so.

The import figure is the whole job: parse, validate, create the year's areas and indicators,
write every figure in one transaction, record the import. Nine alternating rounds (pandas, import
into an empty wijkbeeld, import again); the medians are compared. ``DATABASE_URL=postgresql://…``
measures on PostgreSQL. Last line: JSON.
"""

import json
import random
import statistics
import sys
import time
from pathlib import Path

from _areas_setup import django_with_fresh_db

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def generate(
    path: Path, n_gm: int = 342, wk_per_gm: int = 9, bu_per_wk: int = 5, n_cols: int = 114
) -> int:
    rng = random.Random(7)
    header = [
        "ID",
        "WijkenEnBuurten",
        "Gemeentenaam_1",
        "SoortRegio_2",
        "Codering_3",
        "IndelingswijzigingWijkenEnBuurten_4",
        "AantalInwoners_5",
    ]
    header += [f"Kolom{i}_{i}" for i in range(6, 6 + n_cols - 2)] + [
        "MeestVoorkomendePostcode_118",
        "Dekkingspercentage_119",
    ]
    lines = [";".join(f'"{h}"' for h in header)]
    regions = [("NL00", "Land")]
    for g in range(1, n_gm + 1):
        regions.append((f"GM{g:04d}", "Gemeente"))
        for w in range(wk_per_gm):
            regions.append((f"WK{g:04d}{w:02d}", "Wijk"))
            regions.extend((f"BU{g:04d}{w:02d}{b:02d}", "Buurt") for b in range(bu_per_wk))
    for n, (code, kind) in enumerate(regions):
        cells = [
            str(n),
            code.ljust(10),
            f"Gemeente {code[2:6]}".ljust(40),
            kind.ljust(10),
            code.ljust(10),
            "1",
            str(rng.randint(0, 9000)),
        ]
        for i in range(n_cols - 2):
            r = rng.random()
            if r < 0.15:
                cells.append(".")
            elif r < 0.16:
                cells.append("x")
            elif i % 2:
                cells.append(f"{rng.uniform(0, 100):.1f}".replace(".", ","))
            else:
                cells.append(str(rng.randint(0, 5000)))
        cells += [f"{rng.randint(1000, 9999)}", "1"]
        lines.append(";".join(f'"{c}"' for c in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(regions)


ROUNDS = 9


def _wipe() -> None:
    """Back to an empty wijkbeeld, so the next import creates the year's areas and indicators
    again (not timed)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table in (
            "areas_figureblock",
            "areas_blocklayout",
            "areas_indexcomponent",
            "areas_indexprofile",
            "areas_indicator",
            "areas_area",
        ):
            cursor.execute(f"DELETE FROM {table}")


def main() -> None:
    tmp = django_with_fresh_db()
    # Both libraries are imported before either is timed: the figure compares the work, not
    # module loading (polars is what the importer parses with).
    import pandas as pd
    import polars  # noqa: F401

    from wijkkompas.accounts import policy
    from wijkkompas.areas import services

    real = (
        sorted(REAL.rglob("*erncijfers*.csv"), key=lambda p: p.stat().st_size, reverse=True)
        if REAL.is_dir()
        else []
    )
    if real:
        path, source = real[0], f"echt bestand {real[0].name}"
    else:
        path = tmp / "85984NED_kerncijfers_synthetisch_2024.csv"
        rows = generate(path)
        source = f"gegenereerd (geen echt bestand in {REAL}): {rows} regio's in CBS-vorm"
    year = None if real else 2024
    pandas_s, first_s, again_s = [], [], []
    for _ in range(ROUNDS):  # alternating, so machine noise hits all three alike
        t = time.perf_counter()
        df = pd.read_csv(path, sep=";", decimal=",", na_values=[".", "x", "?"], low_memory=False)
        pandas_s.append(time.perf_counter() - t)
        _wipe()
        t = time.perf_counter()
        counts = services.import_file(actor=policy.SYSTEM, kind="cbs", path=path, year=year)
        first_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=path, year=year)
        again_s.append(time.perf_counter() - t)
    p, f, a = (statistics.median(x) for x in (pandas_s, first_s, again_s))
    print(
        f"bestand: {source}; {df.shape[0]} rijen x {df.shape[1]} kolommen, "
        f"{path.stat().st_size / 1e6:.1f} MB; {counts['observations']} waarnemingen; "
        f"mediaan van {ROUNDS} rondes ({connection_vendor()})"
    )
    print(f"pandas read_csv: {p:.3f} s")
    print(
        f"import in een lege database (maakt ook gebieden en indicatoren): {f:.3f} s = {f / p:.2f}x"
    )
    print(f"opnieuw importeren (idempotent, vervangt alles): {a:.3f} s = {a / p:.2f}x")
    print(f"eerste ronde (koud): pandas {pandas_s[0]:.3f} s, import {first_s[0]:.3f} s")
    print(
        json.dumps(
            {
                "source": "real" if real else "synthetic",
                "database": connection_vendor(),
                "rows": int(df.shape[0]),
                "columns": int(df.shape[1]),
                "observations": counts["observations"],
                "rounds": ROUNDS,
                "pandas_read_csv_s": round(p, 3),
                "import_s": round(f, 3),
                "ratio": round(f / p, 2),
                "reimport_s": round(a, 3),
                "reimport_ratio": round(a / p, 2),
                "target_ratio": 3.0,
            }
        )
    )


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    sys.exit(main())
