"""CLI: wijkkompas barriers list/export/import/poster, acting as the audited system actor."""

import io
import json

import pypdf
import pytest
from django.core.management import CommandError, call_command

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.barriers import interchange
from wijkkompas.barriers.models import BarrierModel


def _run(*args) -> str:
    out = io.StringIO()
    call_command("barriers", *args, stdout=out)
    return out.getvalue()


def test_list_export_import_poster(small_model, tmp_path):
    listing = _run("list", "--tenant", "voorbeeldstad")
    assert f"{small_model.pk}\t{small_model.title}" in listing
    exported = _run("export", str(small_model.pk))
    assert json.loads(exported) == interchange.export_data(small_model)
    path = tmp_path / "model.json"
    path.write_text(exported, encoding="utf-8")
    new_id = int(_run("import", str(path), "--tenant", "voorbeeldstad").strip())
    assert interchange.export_data(BarrierModel.objects.get(pk=new_id)) == json.loads(exported)
    pdf = tmp_path / "poster.pdf"
    _run("poster", str(small_model.pk), "--format", "pdf", "-o", str(pdf))
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "Locatie vinden" in text
    svg = tmp_path / "poster.svg"
    _run("poster", str(small_model.pk), "--format", "svg", "-o", str(svg))
    assert svg.read_text().startswith("<?xml")
    events = AuditEvent.objects.filter(actor_username="systeem", action__startswith="barrier_")
    assert {"barrier_model_listed", "barrier_model_exported", "barrier_model_imported"} <= set(
        events.values_list("action", flat=True)
    )


def test_import_refusal_and_unknown_ids(small_model, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "wijkkompas.barrier-model", "format_version": 1, "model": {"title": "x"}}'
    )
    before = BarrierModel.objects.count()
    with pytest.raises(CommandError, match=r"model\.phenomenon: verplicht veld ontbreekt"):
        _run("import", str(bad), "--tenant", "voorbeeldstad")
    assert BarrierModel.objects.count() == before
    with pytest.raises(CommandError, match="bestaat niet"):
        _run("export", "999999")
    with pytest.raises(CommandError, match="Gemeente 'nergens' bestaat niet"):
        _run("list", "--tenant", "nergens")


def test_load_templates_command(db):
    assert "4 landelijke sjablonen" in _run("load-templates")
    assert BarrierModel.objects.filter(tenant=None, parent_step=None).count() == 4
