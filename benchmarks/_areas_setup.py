"""Shared setup for the area benchmarks: a throw-away SQLite database (or DATABASE_URL)."""

import os
import sys
import tempfile
from pathlib import Path


def django_with_fresh_db() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="wk-bench-areas-"))
    os.environ["WIJKKOMPAS_DATA_DIR"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    return tmp
