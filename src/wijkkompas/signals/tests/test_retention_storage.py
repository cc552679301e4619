"""Retention leaves nothing in the SQLite file either: run against a real database file in its
own folder, the expired texts are afterwards in no row, no free page and no write-ahead log —
also when another connection held the log open during the run (then the command says so, and
the next run finishes the job)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
TYPED = [
    "Bleek een misverstand",
    "Jongere verhuisd naar andere gemeente",
    "Broer van de jongere is bekend.",
    "Huisbezoek bij familie",
    # records in every other status have a term too: in triage, forwarded (and the triage
    # reason in the audit trail), a meeting without cases, a tip with contact details
    "Scooter zonder kenteken bij de flat",
    "Hennepgeur in het portiek",
    "Voor de wijkagent van de portiek",
    "Losse aantekening over de buurman",
    "tipgever-jansen@example.org",
]
SETUP = r"""
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from wijkkompas.signals.tests.factories import build_world
from wijkkompas.signals.tests.test_retention import _close, _dismissed_signal
world = build_world()
_dismissed_signal(world, "Verkeerd Persoon")
_close(world)
from django.utils import timezone
from wijkkompas.accounts.roles import Role
from wijkkompas.knowledge.models import Tip
from wijkkompas.signals import services
from wijkkompas.signals.tests.factories import record_signal
regisseur = world.user(Role.PROCESREGISSEUR, "own")
record_signal(regisseur, world.category, description="Scooter zonder kenteken bij de flat")
forwarded = record_signal(regisseur, world.category, description="Hennepgeur in het portiek")
services.triage_signal(
    actor=regisseur, signal=forwarded, decision="doorsturen",
    reason="Voor de wijkagent van de portiek", organisation=world.orgs["partner"],
)
meeting = services.create_meeting(
    actor=regisseur, title="Los overleg", starts_at=timezone.now(),
    participants=[world.orgs["partner"]], cases=[],
)
meeting.notes = "Losse aantekening over de buurman"
meeting.save()
Tip.objects.create(
    kind="overig", subject="Bron", text="Zie de site", contact="tipgever-jansen@example.org",
    submitted_at=timezone.now(),
)
with connection.cursor() as cursor:
    cursor.execute("PRAGMA secure_delete")
    print(cursor.fetchone()[0])
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "WIJKKOMPAS_DATA_DIR": str(data_dir)}
    env["DJANGO_SETTINGS_MODULE"] = "wijkkompas.settings"
    env.pop("DATABASE_URL", None)
    return env


def _found(data_dir: Path) -> list[str]:
    raw = b"".join(p.read_bytes() for p in data_dir.glob("wijkkompas.sqlite3*"))
    return [text for text in TYPED if text.encode() in raw]


def _retention(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wijkkompas.cli", "retention", "run", "--peildatum", "2040-01-01"],
        env=_env(data_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the SQLite file itself")
def test_no_expired_text_survives_in_the_database_file(tmp_path):
    setup = subprocess.run(
        [sys.executable, "-c", SETUP],
        env=_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert setup.stdout.split()[-1] == "1"  # the app turns secure_delete on itself
    assert _found(tmp_path) == TYPED  # the texts are there before the run

    reader = sqlite3.connect(tmp_path / "wijkkompas.sqlite3")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM signals_signal").fetchone()  # holds a read snapshot
    held = _retention(tmp_path)
    assert "niet volledig geleegd" in held.stderr  # the command says the log was held open
    reader.rollback()
    reader.close()

    _retention(tmp_path)  # the next run completes the checkpoint
    assert _found(tmp_path) == []
    verify = subprocess.run(
        [sys.executable, "-m", "wijkkompas.cli", "audit", "verify"],
        env=_env(tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
