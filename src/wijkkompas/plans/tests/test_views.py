"""The pages and the API: list, import (file upload, refusal in Dutch with status 400), plan
detail with confirm/edit/merge/add, comparison with exports, the API's priorities and comparison,
a stale PATCH answered 409."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wijkkompas.plans.models import Plan, Priority, PriorityChange

from .factories import TEXT, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_pages_for_an_analyst(world, client_for):
    c = client_for(world.user("analist", "own"))
    assert "Plan importeren" in c.get("/ivp/").content.decode()
    upload = SimpleUploadedFile("ivp.txt", TEXT.replace("Proefstad", "Beekdal").encode())
    r = c.post(
        "/ivp/importeren/",
        {
            "file": upload,
            "municipalities": "GM9942, GM9943",
            "period": "2023-2026",
            "title": "IVP Beekdal",
        },
    )
    assert r.status_code == 302
    plan = Plan.objects.get(title="IVP Beekdal")
    page = c.get(r["Location"]).content.decode()
    assert (
        "Ondermijning aanpakken" in page and "gezamenlijk plan" in page and "doorslaggevend" in page
    )
    p = plan.priorities.get(title="Ondermijning aanpakken")
    r = c.post(f"/ivp/prioriteit/{p.pk}/status/", {"status": "bevestigd", "version": p.version})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "bevestigd"
    r = c.post(
        f"/ivp/prioriteit/{p.pk}/",
        {
            f"p{p.pk}-version": p.version,
            f"p{p.pk}-title": "Ondermijning",
            f"p{p.pk}-theme_codes": ["ondermijning"],
        },
    )
    p.refresh_from_db()
    assert p.title == "Ondermijning" and p.corrected
    others = list(plan.priorities.exclude(pk=p.pk))
    c.post(f"/ivp/{plan.pk}/samenvoegen/", {"merge": [p.pk, others[0].pk], "target": p.pk})
    assert Priority.objects.get(pk=others[0].pk).status == "samengevoegd"
    c.post(
        f"/ivp/{plan.pk}/toevoegen/",
        {"title": "Huiselijk geweld", "theme_codes": ["huiselijk_geweld"]},
    )
    assert plan.priorities.filter(title="Huiselijk geweld", origin="analist").exists()
    assert PriorityChange.objects.filter(priority__plan=plan).count() == 5
    page = c.get(f"/ivp/{plan.pk}/").content.decode()
    assert "Wijzigingen (5, nieuwste eerst)" in page
    assert "· samengevoegd ·" in page and "· toegevoegd ·" in page and "confirmed" not in page


def test_import_refusal_is_dutch_and_not_a_500(world, client_for):
    c = client_for(world.user("oov_adviseur", "own"))
    r = c.post(
        "/ivp/importeren/",
        {
            "file": SimpleUploadedFile("kapot.pdf", b"%PDF-1.4 stuk"),
            "municipalities": "GM0858",
            "period": "2019-2022",
        },
    )
    assert r.status_code == 400
    assert "kapot.pdf: dit is geen leesbare PDF" in r.content.decode()


def test_a_reader_sees_but_cannot_edit(world, client_for):
    c = client_for(world.user("professional", "colleague"))
    page = c.get(f"/ivp/{world.plan.pk}/").content.decode()
    assert "Ondermijning aanpakken" in page and "Bevestigen" not in page
    assert c.get("/ivp/importeren/").status_code == 403
    p = world.plan.priorities.first()
    assert (
        c.post(f"/ivp/prioriteit/{p.pk}/status/", {"status": "bevestigd", "version": 1}).status_code
        == 403
    )
    assert c.get(f"/ivp/{world.other_plan.pk}/").status_code == 404


def test_comparison_page_and_exports(world, client_for):
    c = client_for(world.user("bestuurder", "own"))
    page = c.get(
        "/ivp/vergelijking/?ook_voorgesteld=1&per=klasse&weergave=gemeente"
    ).content.decode()
    assert "Landelijk beeld:" in page and "3 prioriteiten" in page and "Overige gemeenten" in page
    csv = c.get("/ivp/vergelijking/export.csv?ook_voorgesteld=1")
    assert csv.status_code == 200 and "Overige gemeenten" in csv.content.decode("utf-8-sig")
    xlsx = c.get("/ivp/vergelijking/export.xlsx")
    assert xlsx.content[:2] == b"PK"
    pdf = c.get("/ivp/vergelijking/export.pdf")
    assert pdf.content[:5] == b"%PDF-"
    assert c.get("/ivp/vergelijking/?per=onzin").status_code == 404


def test_api_priorities_comparison_and_conflict(world, api_client_for):
    api = api_client_for(world.user("analist", "own"))
    plans = api.get("/api/v1/plans").json()
    assert plans["count"] == 1 and plans["results"][0]["municipalities"][0]["code"] == "GM9941"
    items = api.get(f"/api/v1/plans/{world.plan.pk}/priorities").json()["results"]
    first = items[0]
    assert (
        first["theme_codes"][0] == "ondermijning"
        and first["confidence"] > 0.4
        and first["classified"]
    )
    ok = api.patch(
        f"/api/v1/priorities/{first['id']}",
        data={"version": first["version"], "status": "bevestigd"},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "bevestigd"
    stale = api.patch(
        f"/api/v1/priorities/{first['id']}",
        data={"version": first["version"], "status": "afgewezen"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    bad = api.patch(
        f"/api/v1/priorities/{first['id']}",
        data={"version": ok.json()["version"], "theme_codes": ["onzin"]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "Thema 'onzin' bestaat niet" in bad.content.decode()
    comparison = api.get("/api/v1/plans/comparison?per=klasse").json()
    assert comparison["summary"].startswith("1 prioriteiten; 100% ondermijning")
    assert comparison["groups"][0]["key"] == "overig"
    export = api.get("/api/v1/plans/export").json()
    assert export[0]["priorities"][0]["fields"][0]["code"] == "integriteit"


def test_links_from_themes_to_kennisbank_and_dossier_and_from_areas_to_wijkbeeld(client_for):
    from importlib import import_module

    from wijkkompas.accounts.models import User
    from wijkkompas.dossiers.models import Dossier
    from wijkkompas.plans import selectors

    for app in ("accounts", "knowledge", "dossiers", "areas"):
        import_module(f"wijkkompas.{app}.demo").load()
    oov, professional = User.objects.get(username="oov"), User.objects.get(username="wijkagent")
    links = selectors.theme_links(oov)
    dossier = Dossier.objects.get(tenant__slug="voorbeeldstad", theme__slug="jonge-aanwas")
    assert links["risicojongeren"]["knowledge_url"] == "/kennisbank/themas/jonge-aanwas/"
    assert links["risicojongeren"]["dossier_url"] == f"/dossiers/{dossier.pk}/"
    # no dossier of the theme yet: the OOV-adviseur may open one, a professional gets no link
    assert links["ondermijning"]["knowledge_name"].startswith("Weerbaar buitengebied")
    assert links["ondermijning"]["dossier_text"] == "dossier openen"
    assert selectors.theme_links(professional)["ondermijning"]["dossier_url"] == ""
    assert "overlast" not in links  # no Kennisbank theme

    text = TEXT + "Prioriteit 4: Overlast in De Flats en in Noord\nNoordwijk is geen buurt.\n"
    upload = SimpleUploadedFile("ivp.txt", text.encode())
    c = client_for(oov)
    r = c.post(
        "/ivp/importeren/",
        {"file": upload, "municipalities": "GM9901, GM0001", "period": "2023-2026"},
    )
    plan = Plan.objects.get(pk=int(r["Location"].strip("/").split("/")[-1]))
    areas = {a["name"]: a["level"] for a in selectors.plan_areas(oov, plan)}
    assert areas == {"Voorbeeldstad": "gemeente", "Noord": "wijk", "De Flats": "buurt"}
    page = c.get(r["Location"]).content.decode()
    assert 'href="/wijkbeeld/gebied/GM9901/"' in page and "GM0001/" not in page
    assert ">Wijkbeeld De Flats</a> (buurt, genoemd in het plan)" in page
    assert 'href="/kennisbank/themas/weerbaar-buitengebied/"' in page
    comparison = c.get("/ivp/vergelijking/?ook_voorgesteld=1").content.decode()
    assert "Eigen plan (Voorbeeldstad, klasse G40)" in comparison
    assert "Kennisbank: Jonge aanwas" in comparison and f"/dossiers/{dossier.pk}/" in comparison
    assert 'id="themas"' in comparison
