"""The pages (thin views over the services) and the CLI."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.programmes import reporting, work
from wijkkompas.programmes.models import MethodTemplate, Step

from .factories import NIEUWLAND, ensure_area, integrale_werkwijze, make_programme

pytestmark = pytest.mark.django_db


def test_start_decide_and_override_through_the_pages(demo, client_for):
    ensure_area()
    reg = demo["regisseur"]
    c = client_for(reg)
    r = c.post(
        "/aanpak/starten/",
        {
            "template": integrale_werkwijze().pk,
            "title": "Via de pagina",
            "lead_organisation": reg.organisation_id,
            "area_codes": NIEUWLAND,
        },
    )
    assert r.status_code == 302
    pid = int(r["Location"].strip("/").split("/")[-1])
    page = c.get(f"/aanpak/{pid}/").content.decode()
    assert "Go/no-go vastleggen voor stap 1" in page and "Override" in page
    second = Step.objects.get(programme_id=pid, position=2)
    r = c.post(f"/aanpak/{pid}/stappen/{second.pk}/starten/", {"version": second.version})
    second.refresh_from_db()
    assert second.status == "gepland"
    r = c.post(
        f"/aanpak/{pid}/stappen/{second.pk}/starten/",
        {"version": second.version, "override_reason": "Bestuurlijke urgentie"},
    )
    second.refresh_from_db()
    assert second.status == "actief" and second.override_reason == "Bestuurlijke urgentie"
    assert "Gestart zonder go/no-go-besluit" in c.get(f"/aanpak/{pid}/").content.decode()


def test_decision_page_shows_errors_in_dutch(demo, client_for):
    reg = demo["regisseur"]
    p = make_programme(reg)
    step = p.steps.get(position=1)
    r = client_for(reg).post(
        f"/aanpak/{p.pk}/stappen/{step.pk}/besluit/",
        {
            "version": step.version,
            "outcome": "go",
            "body": "stuurgroep",
            "decided_on": "2026-03-01",
            "rationale": "r",
            "fact_1": "Iets",
            "kind_1": "feit",
            "source_1": "",
            "kind_2": "feit",
            "kind_3": "feit",
        },
    )
    assert r.status_code == 200 and "een feit heeft een bron" in r.content.decode()


def test_other_tenant_and_bestuurder_on_the_pages(demo, client_for):
    p = make_programme(demo["regisseur"])
    assert client_for(demo["oov-buur"]).get(f"/aanpak/{p.pk}/").status_code == 404
    b = client_for(demo["bestuurder"])
    assert b.get(f"/aanpak/{p.pk}/").status_code == 404
    assert b.get(f"/aanpak/{p.pk}/stuurgroep/").status_code == 200
    assert client_for(demo["corporatie"]).get(f"/aanpak/{p.pk}/").status_code == 404


def test_cli_list_export_report(demo, tmp_path):
    reg = demo["regisseur"]
    p = make_programme(reg)
    out = io.StringIO()
    call_command("programmes", "list", stdout=out)
    assert f"{p.pk}\t{p.title}" in out.getvalue()
    out = io.StringIO()
    call_command("programmes", "export", str(p.pk), stdout=out)
    assert json.loads(out.getvalue())["programme"]["id"] == p.pk
    with pytest.raises(CommandError, match="nog geen rapportage"):
        call_command("programmes", "report", str(p.pk), "-o", str(tmp_path / "r.pdf"))
    reporting.create_report(
        actor=reg,
        programme=p,
        title="R",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
    )
    for fmt in ("pdf", "docx"):
        target = tmp_path / f"r.{fmt}"
        call_command(
            "programmes",
            "report",
            str(p.pk),
            "--format",
            fmt,
            "-o",
            str(target),
            stdout=io.StringIO(),
        )
        assert target.read_bytes()[:4] in (b"%PDF", b"PK\x03\x04")
    assert AuditEvent.objects.filter(action="programme_report_exported").count() == 2
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("programmes", "export", "999999")


def test_meeting_page_minutes_flow(demo, client_for):
    reg = demo["regisseur"]
    p = make_programme(reg)
    m = work.create_meeting(
        actor=reg,
        programme=p,
        kind="kernteam",
        title="Kernteam",
        starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
    )
    c = client_for(reg)
    url = f"/aanpak/{p.pk}/overleggen/{m.pk}/"
    assert (
        c.post(
            url, {"version": m.version, "text": "Verslag", "confidential_text": "Geheim"}
        ).status_code
        == 302
    )
    m.refresh_from_db()
    r = c.post(url, {"version": 1, "text": "Oud"})
    assert r.status_code == 409
    c.post(url + "vaststellen/", {"version": m.version})
    agent = client_for(demo["wijkagent"])
    page = agent.get(url).content.decode()
    assert "Verslag" in page and "Geheim" not in page
    assert agent.get(url + "verslag.pdf?vertrouwelijk=1").status_code == 403
    assert agent.get(url + "verslag.pdf").status_code == 200


def test_an_own_method_template_through_the_page_then_a_programme_from_it(demo, client_for):
    ensure_area()
    oov = demo["oov"]
    c = client_for(oov)
    assert "Eigen werkwijze toevoegen" in c.get("/aanpak/starten/").content.decode()
    steps = "Verkennen\n- Partners spreken\n- Cijfers verzamelen\nAanpakken\nEvalueren (geen go/no-go)\n"
    r = c.post("/aanpak/werkwijzen/nieuw/", {"title": "Wijkaanpak Nieuwland", "steps": steps})
    assert r.status_code == 302 and r["Location"].endswith("/aanpak/starten/#werkwijzen")
    template = MethodTemplate.objects.get(tenant=oov.tenant, key="wijkaanpak-nieuwland")
    assert template.steps[0]["substeps"] == ["Partners spreken", "Cijfers verzamelen"]
    assert [(s["title"], s["gate"]) for s in template.steps] == [
        ("Verkennen", True),
        ("Aanpakken", True),
        ("Evalueren", False),
    ]
    event = AuditEvent.objects.get(action="method_template_created")
    assert event.object_id == str(template.pk)
    page = c.get("/aanpak/starten/").content.decode()
    assert "Wijkaanpak Nieuwland <small>(eigen werkwijze)</small>" in page

    # the same name again, and a sub-step above the first step: Dutch errors on the form
    again = c.post("/aanpak/werkwijzen/nieuw/", {"title": "Wijkaanpak Nieuwland", "steps": "A"})
    assert again.status_code == 200
    assert "Er is al een werkwijze met sleutel" in again.content.decode()
    wrong = c.post("/aanpak/werkwijzen/nieuw/", {"title": "Andere", "steps": "- los\nStap"})
    assert "Regel 1: een deelstap" in wrong.content.decode()
    assert MethodTemplate.objects.filter(tenant=oov.tenant).count() == 1

    r = c.post(
        "/aanpak/starten/",
        {
            "template": template.pk,
            "title": "Nieuwland eigen aanpak",
            "lead_organisation": oov.organisation_id,
            "area_codes": NIEUWLAND,
        },
    )
    assert r.status_code == 302
    pid = int(r["Location"].strip("/").split("/")[-1])
    titles = list(
        Step.objects.filter(programme_id=pid).order_by("position").values_list("title", flat=True)
    )
    assert titles == ["Verkennen", "Aanpakken", "Evalueren"]


@pytest.mark.parametrize("username", ["jongerenwerker", "wijkagent", "bestuurder", "analist"])
def test_only_managers_add_a_method_template(demo, client_for, username):
    c = client_for(demo[username])
    assert c.get("/aanpak/werkwijzen/nieuw/").status_code == 403
    assert c.post("/aanpak/werkwijzen/nieuw/", {"title": "X", "steps": "A"}).status_code == 403
    assert not MethodTemplate.objects.filter(tenant__isnull=False).exists()


def test_another_municipality_does_not_see_an_own_template(demo, client_for):
    c = client_for(demo["oov"])
    c.post("/aanpak/werkwijzen/nieuw/", {"title": "Alleen van ons", "steps": "Eén stap"})
    assert MethodTemplate.objects.filter(title="Alleen van ons").exists()
    assert (
        "Alleen van ons"
        not in client_for(demo["oov-buur"]).get("/aanpak/starten/").content.decode()
    )
