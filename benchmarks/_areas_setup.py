"""Shared setup for the area benchmarks: a throw-away SQLite database, or with DATABASE_URL a
fresh PostgreSQL database ``<name>_areas_bench`` on that server."""

import os
import sys
import tempfile
from pathlib import Path


def _fresh_postgres(url: str) -> str:
    import psycopg

    base, _, name = url.rpartition("/")
    bench = f"{name or 'wk'}_areas_bench"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{bench}"')
        con.execute(f'CREATE DATABASE "{bench}"')
    return f"{base}/{bench}"


def django_with_fresh_db() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="wk-bench-areas-"))
    os.environ["WIJKKOMPAS_DATA_DIR"] = str(tmp)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        os.environ["DATABASE_URL"] = _fresh_postgres(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    return tmp
