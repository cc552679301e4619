"""``wijkkompas fieldwork import-addresses CAMPAIGN FILE`` and ``export CAMPAIGN``."""

import io

import pytest
from django.core.management import CommandError, call_command

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.fieldwork.models import Address

from .factories import address_rows, build_world, csv_file

pytestmark = pytest.mark.django_db


def test_import_and_export_from_the_command_line(tmp_path):
    world = build_world(requires_check=False)
    path = tmp_path / "lijst.csv"
    path.write_bytes(csv_file([*address_rows(3, street="=Formule", bag=False)]))
    out = io.StringIO()
    call_command("fieldwork", "import-addresses", str(world.campaign.pk), str(path), stdout=out)
    assert out.getvalue().startswith("3 adressen toegevoegd")
    assert Address.objects.count() == 5
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_file(["Laan;0;;1234AB;Proefstad;;52.005;5.005"]))
    with pytest.raises(CommandError, match=r"fout\.csv, rij 2, kolom huisnummer"):
        call_command("fieldwork", "import-addresses", str(world.campaign.pk), str(bad))
    out = io.StringIO()
    call_command("fieldwork", "export", str(world.campaign.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("straat;huisnummer") and len(lines) == 6
    assert any(line.startswith("'=Formule") for line in lines)
    assert AuditEvent.objects.filter(
        action="fieldwork_address_exported", actor_username="systeem"
    ).exists()
