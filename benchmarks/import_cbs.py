"""Import speed of CBS *Kerncijfers wijken en buurten* files, against what an analyst would run
instead, in the same process and on the same database kind:

1. a generated national file in CBS's published OData-key form (18,811 regions × 121 columns,
   quoted, space-padded codes, decimal commas, "." and "x" markers): import into an empty
   wijkbeeld against pandas ``read_csv`` of the same file (target ≤ 3×);
2. the real file with the most rows in ../shared/data/real/kwb (the national 2024 StatLine
   download, 18,310 regions × 13 columns: creating the year's areas dominates): import into an
   empty wijkbeeld against pandas ``read_csv`` plus ``DataFrame.to_sql`` of the same rows into the
   same database kind (target ≤ 1.0×). Skipped, and said so, when the folder is absent.

The import figure is the whole job: recognise the form, parse, validate, create the year's areas
and indicators, write every figure in one transaction, record the import. Nine alternating rounds;
medians are compared. ``DATABASE_URL=postgresql://…`` measures on PostgreSQL. Last line: JSON.
"""

import json
import os
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


ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))


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


def _largest_real_file() -> Path | None:
    """The real Kerncijfers file with the most data rows that has area codes."""
    if not REAL.is_dir():
        return None
    from wijkkompas.areas.importers.kwb_forms import read_table

    best, best_rows = None, 0
    for path in REAL.rglob("*.csv"):
        if "kwb" not in path.parts:
            continue
        table = read_table(path)
        if "Codering" not in table.keys:
            continue
        rows = table.data.count(b"\n") if table.data is not None else len(table.rows or [])
        if rows > best_rows:
            best, best_rows = path, rows
    return best


def _to_sql_target(tmp: Path):
    """Where the analyst's ``to_sql`` writes: a database of the same kind as ours (a SQLite file
    in WAL mode beside ours, or a table in the same PostgreSQL database)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        con = sqlite3.connect(tmp / "analist.sqlite3")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        return con
    from sqlalchemy import create_engine

    settings = connection.settings_dict
    return create_engine(
        f"postgresql+psycopg://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


def _area_floor() -> float:
    """Seconds to write only the year's areas just imported, as plain rows into an empty copy of
    the area table with the same constraints and indexes (``core.bulk.insert_rows``, the fastest
    path the importer has: one ``json_each`` statement on SQLite, COPY on PostgreSQL): no parsing, no checks, no figures. No import that keeps areas as rows of
    this table can be faster; the figure shows how much of the target is left for the rest."""
    from django.db import connection, transaction

    from wijkkompas.areas.models import Area
    from wijkkompas.core.bulk import insert_rows

    table = Area._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        names = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    copy = "bench_area_floor"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {copy}")
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table]
            )
            for (ddl,) in cursor.fetchall():
                ddl = ddl.replace(f'"{table}"', copy)
                # index names are unique per database: give the copies their own
                cursor.execute(ddl.replace('INDEX "', 'INDEX "floor_'))
    t = time.perf_counter()
    with transaction.atomic():
        insert_rows(copy, names, rows)
    seconds = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {copy}")
    return seconds


def _measure(path: Path, year: int | None, baseline, floor: bool = False) -> dict:
    """Alternating rounds of baseline and import into an empty wijkbeeld; medians."""
    from wijkkompas.accounts import policy
    from wijkkompas.areas import services

    base_s, import_s, floor_s = [], [], []
    counts = {}
    for _ in range(ROUNDS):
        t = time.perf_counter()
        shape = baseline(path)
        base_s.append(time.perf_counter() - t)
        _wipe()
        t = time.perf_counter()
        counts = services.import_file(actor=policy.SYSTEM, kind="cbs", path=path, year=year)
        import_s.append(time.perf_counter() - t)
        if floor:
            floor_s.append(_area_floor())
    b, i = statistics.median(base_s), statistics.median(import_s)
    extra = {}
    if floor:
        f = statistics.median(floor_s)
        extra = {"areas_alone_s": round(f, 3), "areas_alone_ratio": round(f / b, 2)}
    return {
        **extra,
        "file": path.name,
        "rows": shape[0],
        "columns": shape[1],
        "megabytes": round(path.stat().st_size / 1e6, 1),
        "observations": counts["observations"],
        "baseline_s": round(b, 3),
        "import_s": round(i, 3),
        "ratio": round(i / b, 2),
    }


def main() -> None:
    tmp = django_with_fresh_db()
    # Both libraries are imported before either is timed: the figure compares the work, not
    # module loading (polars is what the importer parses with).
    import pandas as pd
    import polars  # noqa: F401

    def read_csv(path: Path):
        df = pd.read_csv(path, sep=";", decimal=",", na_values=[".", "x", "?"], low_memory=False)
        return df.shape

    target = _to_sql_target(tmp)

    def read_csv_to_sql(path: Path):
        df = pd.read_csv(path, sep=";", decimal=",", na_values=[".", "x", "?"], low_memory=False)
        df.to_sql("kerncijfers", target, if_exists="replace", index=False)
        return df.shape

    generated = tmp / "85984NED_kerncijfers_synthetisch_2024.csv"
    regions = generate(generated)
    vendor = connection_vendor()
    results = {"database": vendor, "rounds": ROUNDS}
    synthetic = _measure(generated, 2024, read_csv)
    results["generated"] = {**synthetic, "baseline": "pandas read_csv", "target_ratio": 3.0}
    print(
        f"1. gegenereerd landelijk bestand ({regions} regio's, {synthetic['columns']} kolommen, "
        f"{synthetic['megabytes']} MB, {synthetic['observations']} waarnemingen; {vendor}, "
        f"mediaan van {ROUNDS} rondes): pandas read_csv {synthetic['baseline_s']:.3f} s, import "
        f"{synthetic['import_s']:.3f} s = {synthetic['ratio']:.2f}x (doel <= 3x)"
    )
    real = _largest_real_file()
    if real is None:
        print(f"2. geen echt bestand in {REAL}: overgeslagen")
    else:
        measured = _measure(real, None, read_csv_to_sql, floor=True)
        results["real"] = {
            **measured,
            "baseline": "pandas read_csv + DataFrame.to_sql",
            "target_ratio": 1.0,
        }
        print(
            f"2. echt bestand {real.name} ({measured['rows']} rijen x {measured['columns']} "
            f"kolommen, {measured['megabytes']} MB): pandas read_csv + to_sql "
            f"{measured['baseline_s']:.3f} s, import {measured['import_s']:.3f} s = "
            f"{measured['ratio']:.2f}x (doel <= 1.0x); alleen de gebieden als rijen schrijven "
            f"(geen controle, geen cijfers): {measured['areas_alone_s']:.3f} s = "
            f"{measured['areas_alone_ratio']:.2f}x"
        )
    print(json.dumps(results))


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    sys.exit(main())
