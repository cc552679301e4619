"""The covenant configuration file: export → load round trip is idempotent; a bad file changes
nothing and names every problem with its place."""

from __future__ import annotations

import time
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.policy import SYSTEM
from wijkkompas.signals import covenant_io
from wijkkompas.signals.models import AccessGrant, Category, CovenantParty

pytestmark = pytest.mark.django_db


def _export() -> dict:
    out = StringIO()
    call_command("signals", "export-covenant", "--gemeente", "voorbeeldstad", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_round_trip_is_idempotent_and_changes_apply(demo, tmp_path):
    from wijkkompas.signals import demo as signals_demo

    signals_demo.load()
    config = _export()
    before = (
        CovenantParty.objects.count(),
        Category.objects.filter(is_active=True).count(),
        AccessGrant.objects.count(),
    )
    path = tmp_path / "convenant.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    call_command("signals", "load-covenant", str(path), stdout=StringIO())
    assert (
        CovenantParty.objects.count(),
        Category.objects.filter(is_active=True).count(),
        AccessGrant.objects.count(),
    ) == before
    assert _export() == config

    # The school leaves the covenant: its party row and grants go, nothing else changes.
    config["partners"] = [
        p for p in config["partners"] if p["organisatie"] != "Voorbeeldcollege (vmbo)"
    ]
    for category in config["categorieen"]:
        category["toegang"] = [
            g for g in category["toegang"] if g["organisatie"] != "Voorbeeldcollege (vmbo)"
        ]
    config["categorieen"][0]["bewaartermijn_afgewezen_maanden"] = 3
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    out = StringIO()
    call_command("signals", "load-covenant", str(path), stdout=out)
    assert "1 verwijderd" in out.getvalue()
    assert not CovenantParty.objects.filter(organisation__name="Voorbeeldcollege (vmbo)").exists()
    assert not AccessGrant.objects.filter(organisation__name="Voorbeeldcollege (vmbo)").exists()
    assert (
        Category.objects.get(code=config["categorieen"][0]["code"]).retention_dismissed_months == 3
    )
    assert (
        AuditEvent.objects.filter(action="covenant_loaded", actor_username="systeem").count() == 2
    )


def test_bad_file_changes_nothing_and_names_each_problem(demo, tmp_path):
    from wijkkompas.signals import demo as signals_demo

    signals_demo.load()
    config = _export()
    config["partners"].append({"organisatie": "Woningcorporatie Thuisbasiss", "rol": "x"})
    config["categorieen"][1]["toegang"][0]["rol"] = "agent"
    config["categorieen"][2]["toegang"].append(
        {"organisatie": "Woningcorporatie Thuisbasis", "rol": "professional", "tot_en_met": "alles"}
    )
    config["categorieen"][3]["thema"] = "drugs"
    path = tmp_path / "fout.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    grants = AccessGrant.objects.count()
    with pytest.raises(CommandError) as err:
        call_command("signals", "load-covenant", str(path), stdout=StringIO())
    message = str(err.value)
    assert "niets gewijzigd" in message
    assert "fout.yaml, partners[7], veld 'organisatie': 'Woningcorporatie Thuisbasiss'" in message
    assert "categorieen[2] (" in message and "veld 'rol': 'agent' is onbekend" in message
    assert (
        "Woningcorporatie Thuisbasis is geen convenantpartner" in message
        and "'alles' is onbekend" in message
    )
    assert "veld 'thema': 'drugs'" in message
    assert AccessGrant.objects.count() == grants


def _billion_laughs(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    path = tmp_path / "lachen.yaml"
    path.write_text("gemeente: voorbeeldstad\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size < 1024
    return path


def test_billion_laughs_is_refused_fast_and_writes_nothing(demo, tmp_path):
    """A 1 KB file that safe_load would grow to gigabytes (issue 12): refused at the first alias,
    well under a second, nothing written."""
    path = _billion_laughs(tmp_path)
    before = AuditEvent.objects.count(), CovenantParty.objects.count()
    started = time.perf_counter()
    with pytest.raises(covenant_io.CovenantFileError) as refused:
        covenant_io.load_config(actor=SYSTEM, path=path)
    assert time.perf_counter() - started < 1.0
    assert "lachen.yaml, regel 3" in " ".join(refused.value.errors)
    assert (AuditEvent.objects.count(), CovenantParty.objects.count()) == before
