"""Views render, exports work, suppression holds in view, export and API; API shapes and auth."""

from pathlib import Path

import pytest
from django.test import Client

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.models import Area, IndexProfile, Indicator
from wijkkompas.areas.tests.helpers import stored
from wijkkompas.dossiers.models import Dossier, DossierPin
from wijkkompas.knowledge import demo as knowledge_demo
from wijkkompas.knowledge.models import Question, Theme

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def schiedam(demo):
    for kind, name in (
        ("cbs", "85618NED_kerncijfers_wijken_buurten_2023.csv"),
        ("police", "47018NED_geregistreerde_misdrijven_2023.csv"),
        ("geometry", "geometry_schiedam_2023.geojson"),
    ):
        services.import_file(actor=policy.SYSTEM, kind=kind, path=FIXTURES / name)
    return services.ensure_example_profile(actor=policy.SYSTEM)


@pytest.fixture
def oov(demo, client_for):
    return client_for(demo["oov"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/wijkbeeld/?gemeente=GM0606",
        "/wijkbeeld/?gemeente=GM0606&kleur=3.1.1&niveau=buurt",
        "/wijkbeeld/?gemeente=GM0606&niveau=wijk&kleur=AantalInwoners",
        "/wijkbeeld/gebied/BU06060101/",
        "/wijkbeeld/gebied/GM0606/",
        "/wijkbeeld/indicatoren/",
        "/wijkbeeld/indicatoren/3.1.1/",
        "/wijkbeeld/indicatoren/AantalInwoners/?gemeente=GM0606",
    ],
)
def test_pages_render(schiedam, oov, url):
    response = oov.get(url)
    assert response.status_code == 200
    assert b"<h1>" in response.content


@pytest.mark.django_db
def test_overview_has_map_table_and_ranking(schiedam, oov):
    html = oov.get("/wijkbeeld/?gemeente=GM0606").content.decode()
    assert "data-area-map" in html and "<caption>" in html and "Voorbeeldprofiel" in html
    geojson = oov.get("/api/v1/areas/GM0606/map?year=2023").json()
    assert len(geojson["features"]) == 2  # the two buurten with geometry


@pytest.mark.django_db
def test_profile_page_shows_method_and_weights(schiedam, oov):
    html = oov.get(f"/wijkbeeld/indexprofielen/{schiedam.pk}/").content.decode()
    assert "Gewicht" in html and "Voorbeeld" in html
    # Each part once, in its own block (a broken template once repeated the forms in the title).
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and schiedam.name in title
    assert html.count("Maak een eigen profiel voor mijn gemeente") == 1
    # indicators by name, linked to their page (which shows the code), no column of CBS keys
    table = html.split("Indicatoren van het profiel")[1].split("</table>")[0]
    assert '<th scope="col">Code</th>' not in table and 'href="/wijkbeeld/indicatoren/' in table


@pytest.mark.django_db
def test_small_counts_and_small_areas_are_suppressed_everywhere(
    schiedam, oov, demo, api_client_for
):
    # BU06060202: bijstand 4 (count < 5); BU06060102: drugshandel 3; BU06060103: 30 inhabitants.
    html = oov.get("/wijkbeeld/gebied/BU06060202/").content.decode()
    assert "&lt;5" in html
    small = oov.get("/wijkbeeld/gebied/BU06060103/").content.decode()
    assert "afgeschermd" in small and ">30<" not in small and "minder dan 50 inwoners" in small
    overview = oov.get("/wijkbeeld/?gemeente=GM0606&kleur=3.1.1").content.decode()
    assert "&lt;5" in overview
    csv_text = oov.get("/wijkbeeld/?gemeente=GM0606&kleur=3.1.1&export=csv").content.decode()
    line = next(row for row in csv_text.splitlines() if "BU06060102" in row)
    assert line.endswith(";<5")
    small_line = next(row for row in csv_text.splitlines() if "BU06060103" in row)
    assert ";30;" not in small_line and "afgeschermd" in small_line
    area_csv = oov.get("/wijkbeeld/gebied/BU06060202/?export=csv").content.decode()
    bijstand = next(
        row for row in area_csv.splitlines() if "PersonenPerSoortUitkeringBijstand" in row
    )
    assert "<5" in bijstand and ";4;" not in bijstand
    xlsx = oov.get("/wijkbeeld/gebied/BU06060103/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    api = api_client_for(demo["wijkagent"])
    items = api.get("/api/v1/areas/BU06060102/observations?page_size=500").json()["results"]
    drug = next(i for i in items if i["indicator"] == "3.1.1" and i["period"] == "2023")
    assert drug == {
        "indicator": "3.1.1",
        "period": "2023",
        "value": None,
        "suppressed": True,
        "status": "ok",
    }
    total = next(i for i in items if i["indicator"] == "0.0.0" and i["period"] == "2023")
    assert total["value"] == 130 and total["suppressed"] is False
    small_items = api.get("/api/v1/areas/BU06060103/observations?page_size=500").json()["results"]
    assert small_items and all(i["value"] is None and i["suppressed"] for i in small_items)
    distribution = oov.get(
        "/wijkbeeld/indicatoren/3.1.1/?jaar=2023&gemeente=GM0606&export=csv"
    ).content.decode()
    assert ";3\r\n" not in distribution and ";2\r\n" not in distribution


@pytest.mark.django_db
def test_api_shapes(schiedam, demo, api_client_for):
    api = api_client_for(demo["analist"])
    areas = api.get("/api/v1/areas?level=buurt&municipality=GM0606").json()
    assert areas["count"] == 5 and {"results", "count", "next", "previous"} <= set(areas)
    first = areas["results"][0]
    assert (
        first["code"].startswith("BU0606")
        and first["parent"].startswith("WK0606")
        and first["municipality_class"] == "G40"
    )
    indicators = api.get("/api/v1/indicators?page_size=500").json()["results"]
    assert {"code", "name", "definition", "unit", "source", "direction", "kind"} <= set(
        indicators[0]
    )
    assert {"AantalInwoners", "1.1.1"} <= {i["code"] for i in indicators}
    scores = api.get(
        f"/api/v1/index-profiles/{schiedam.pk}/scores?comparison=gemeente&year=2023&municipality=GM0606"
    ).json()
    assert scores["comparison"] == "gemeente" and scores["profile"]["is_example"] is True
    ranked = [r for r in scores["results"] if r["rank"] is not None]
    assert ranked and ranked[0]["rank"] == 1 and ranked[0]["contributions"]
    assert sum(c["contribution"] or 0 for c in ranked[0]["contributions"]) == pytest.approx(
        ranked[0]["score"], abs=1e-3
    )
    tiny = next(r for r in scores["results"] if r["code"] == "BU06060103")
    assert tiny["score"] is None and tiny["suppressed"] is True
    bad = api.get(f"/api/v1/index-profiles/{schiedam.pk}/scores?comparison=wijk")
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
    # the document lists the comparisons (an enum): the schema refuses another, in Dutch
    assert "kies uit 'gemeente', 'provincie', 'klasse' of 'land'" in bad.json()["detail"]
    assert bad.json()["invalid_params"][0]["loc"][-1] == "comparison"
    assert api.get("/api/v1/areas/BU99999999/observations").status_code == 404


@pytest.mark.django_db
def test_area_page_overview_and_api_read_the_same_index(schiedam, oov, demo, api_client_for):
    """One breakdown behind the area page, the overview's table and the API's scores."""
    api = api_client_for(demo["oov"])
    results = api.get(
        f"/api/v1/index-profiles/{schiedam.pk}/scores?comparison=gemeente&year=2023&municipality=GM0606"
    ).json()["results"]
    top = next(r for r in results if r["rank"] == 1)
    page = oov.get(f"/wijkbeeld/gebied/{top['code']}/?jaar=2023").content.decode()
    shown = f"{top['score']:.2f}".replace(".", ",")
    assert f"Index {shown} — plaats 1 van {sum(r['rank'] is not None for r in results)}" in page
    assert "Opbouw van de index van" in page and "svg" in page
    overview = oov.get("/wijkbeeld/?gemeente=GM0606&jaar=2023").content.decode()
    assert shown in overview
    tiny = oov.get("/wijkbeeld/gebied/BU06060103/?jaar=2023").content.decode()
    assert "plaats" not in tiny  # under the minimum population: no index on its page


@pytest.mark.django_db
def test_area_data_needs_login(schiedam):
    anonymous = Client()
    assert anonymous.get("/api/v1/areas").status_code == 401
    assert anonymous.get("/api/v1/areas/BU06060101/observations").status_code == 401
    assert (
        anonymous.get(
            f"/api/v1/index-profiles/{IndexProfile.objects.first().pk}/scores"
        ).status_code
        == 401
    )
    response = anonymous.get("/wijkbeeld/")
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


@pytest.fixture
def dossier(demo):
    """An open dossier of Voorbeeldstad (opened by ``oov``) on a Kennisbank theme with question 4."""
    theme = Theme.objects.first()
    if theme is None or not Question.objects.filter(number=4).exists():
        knowledge_demo.load()
        theme = Theme.objects.first()
    user = demo["oov"]
    return Dossier.objects.create(tenant=user.tenant, theme=theme, opened_by=user)


@pytest.mark.django_db
def test_pin_area_to_dossier_question_4(schiedam, demo, dossier, client_for):
    user = demo["oov"]
    response = client_for(user).post(
        "/wijkbeeld/gebied/BU06060101/vastpinnen/",
        {"dossier": dossier.pk, "jaar": 2023, "toelichting": "Hoge drugscijfers"},
    )
    assert response.status_code == 302
    pin = DossierPin.objects.get(dossier=dossier)
    assert (
        pin.question.number == 4
        and pin.kind == "area_figure"
        and pin.url.startswith("/wijkbeeld/gebied/BU06060101/")
    )
    response = client_for(user).post(
        "/wijkbeeld/gebied/GM0606/vastpinnen/",
        {
            "dossier": dossier.pk,
            "jaar": 2023,
            "kaart": "1",
            "weergave": "kleur=3.1.1&niveau=buurt&export=csv",
        },
    )
    map_pin = DossierPin.objects.get(dossier=dossier, reference__startswith="areas.map:GM0606")
    assert (
        map_pin.url.startswith("/wijkbeeld/?")
        and "kleur=3.1.1" in map_pin.url
        and "export" not in map_pin.url
    )
    other = demo["oov-buur"]
    response = client_for(other).post(
        "/wijkbeeld/gebied/BU06060101/vastpinnen/", {"dossier": dossier.pk, "jaar": 2023}
    )
    assert DossierPin.objects.filter(dossier=dossier).count() == 2  # the neighbour added nothing


@pytest.mark.django_db
def test_procesregisseur_pins_from_the_wijkbeeld_a_bestuurder_cannot(
    schiedam, demo, dossier, client_for
):
    """The regisseur may pin to a dossier without being able to edit it (the "pin" action, not
    "edit"); the bestuurder reads dossiers but pins nothing."""
    regisseur = client_for(demo["regisseur"])
    page = regisseur.get("/wijkbeeld/gebied/BU06060101/?jaar=2023").content.decode()
    assert 'id="pin-dossier"' in page and f'value="{dossier.pk}"' in page
    response = regisseur.post(
        "/wijkbeeld/gebied/BU06060101/vastpinnen/",
        {"dossier": dossier.pk, "jaar": 2023, "toelichting": "Voor de aanpak"},
    )
    assert response.status_code == 302
    pin = DossierPin.objects.get(dossier=dossier)
    assert (
        pin.question.number == 4
        and pin.kind == "area_figure"
        and pin.pinned_by == demo["regisseur"]
    )
    assert not policy.can(demo["regisseur"], "edit", "dossier", dossier)

    bestuurder = client_for(demo["bestuurder"])
    page = bestuurder.get("/wijkbeeld/gebied/BU06060101/?jaar=2023").content.decode()
    assert 'id="pin-dossier"' not in page
    response = bestuurder.post(
        "/wijkbeeld/gebied/BU06060101/vastpinnen/",
        {"dossier": dossier.pk, "jaar": 2023, "kaart": ""},
    )
    assert response.status_code == 302
    assert DossierPin.objects.filter(dossier=dossier).count() == 1  # the bestuurder added nothing


@pytest.mark.django_db
def test_municipality_copies_example_and_sets_weights_with_version_check(
    schiedam, demo, client_for
):
    from wijkkompas.accounts.models import AuditEvent

    oov = client_for(demo["oov"])
    assert (
        oov.post(f"/wijkbeeld/indexprofielen/{schiedam.pk}/", {"versie": 1}).status_code == 200
    )  # example: not editable
    response = oov.post(f"/wijkbeeld/indexprofielen/{schiedam.pk}/kopie/")
    own = IndexProfile.objects.get(tenant=demo["oov"].tenant)
    assert response.status_code == 302 and own.components.count() == schiedam.components.count()
    comps = list(own.components.all())
    form = {
        "versie": own.version,
        "toelichting": "Vastgesteld met de ketenpartners",
        "standaardisering": "percentiel",
    }
    for i, c in enumerate(comps):
        form[f"gewicht-{c.pk}"] = "0" if i == 0 else "2,5"
        form[f"richting-{c.pk}"] = c.direction
    assert oov.post(f"/wijkbeeld/indexprofielen/{own.pk}/", form).status_code == 302
    own.refresh_from_db()
    assert (
        own.version == 2
        and own.standardisation == "percentiel"
        and own.components.count() == len(comps) - 1
    )
    assert {c.weight for c in own.components.all()} == {2.5}
    assert AuditEvent.objects.filter(action="area_profile_edited").exists()
    stale = oov.post(f"/wijkbeeld/indexprofielen/{own.pk}/", {**form, "toelichting": "Mijn tekst"})
    assert stale.status_code == 409 and "Mijn tekst" in stale.content.decode()
    bad = oov.post(
        f"/wijkbeeld/indexprofielen/{own.pk}/",
        {**form, "versie": 2, f"gewicht-{comps[1].pk}": "veel"},
    )
    assert bad.status_code == 400 and "Gewicht van" in bad.content.decode()
    neighbour = client_for(demo["oov-buur"])
    assert neighbour.get(f"/wijkbeeld/indexprofielen/{own.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_renumbered_cbs_key_lands_on_the_same_indicator(schiedam, oov, tmp_path):
    """CBS moved GemiddeldInkomenPerInwoner from _78 (2023) to _66 in this made-up 2022 file:
    both years are one indicator, so a profile over it keeps working, and one trend row."""
    text = (FIXTURES / "85618NED_kerncijfers_wijken_buurten_2023.csv").read_text(encoding="utf-8")
    older = tmp_path / "kwb_2022.csv"
    older.write_text(
        text.replace("GemiddeldInkomenPerInwoner_78", "GemiddeldInkomenPerInwoner_66"),
        encoding="utf-8",
    )
    services.import_file(actor=policy.SYSTEM, kind="cbs", path=older, year=2022)
    html = oov.get("/wijkbeeld/gebied/BU06060101/?jaar=2023").content.decode()
    assert html.count("Gemiddeld inkomen per inwoner</a>") == 1
    income = Indicator.objects.filter(code__startswith="GemiddeldInkomenPerInwoner")
    assert [i.code for i in income] == ["GemiddeldInkomenPerInwoner"]
    assert {f.period for f in stored(indicator="GemiddeldInkomenPerInwoner")} == {"2022", "2023"}


def _same_file_for(tmp_path, gm_digits: str) -> Path:
    """The Schiedam Kerncijfers fixture as if it were another municipality's (same figures)."""
    text = (FIXTURES / "85618NED_kerncijfers_wijken_buurten_2023.csv").read_text(encoding="utf-8")
    path = tmp_path / f"85618NED_{gm_digits}.csv"
    path.write_text(text.replace("0606", gm_digits), encoding="utf-8")
    return path


@pytest.fixture
def three_municipalities(schiedam, tmp_path):
    """Schiedam and Rotterdam (Zuid-Holland) and Amsterdam (Noord-Holland), buurten alike."""
    for digits in ("0599", "0363"):
        services.import_file(actor=policy.SYSTEM, kind="cbs", path=_same_file_for(tmp_path, digits))
    return schiedam


def _scores(api, profile, comparison):
    return api.get(
        f"/api/v1/index-profiles/{profile.pk}/scores?comparison={comparison}&year=2023"
        "&municipality=GM0606"
    )


@pytest.mark.django_db
def test_api_province_comparison(three_municipalities, demo, api_client_for):
    api = api_client_for(demo["analist"])
    unknown = _scores(api, three_municipalities, "provincie")
    assert unknown.status_code == 422 and unknown["Content-Type"] == "application/problem+json"
    assert unknown.json()["title"].startswith("De provincie van gemeente GM0606 is niet bekend")
    assert "wijkkompas areas import provinces" in unknown.json()["title"]

    services.import_file(
        actor=policy.SYSTEM, kind="provinces", path=FIXTURES / "gemeenten_provincies.csv"
    )
    province = _scores(api, three_municipalities, "provincie").json()
    assert province["comparison"] == "provincie"
    assert {r["code"][2:6] for r in province["results"]} == {"0606", "0599"}
    assert province["count"] == 10  # five buurten each
    country = _scores(api, three_municipalities, "land").json()
    assert {r["code"][2:6] for r in country["results"]} == {"0606", "0599", "0363"}


@pytest.mark.django_db
def test_views_province_comparison(three_municipalities, oov):
    url = "/wijkbeeld/?gemeente=GM0606&jaar=2023&vergelijking=provincie"
    html = oov.get(url).content.decode()
    assert "De provincie van gemeente GM0606 is niet bekend" in html
    assert "Bijdrage " not in html  # no index columns, the figures themselves still shown
    assert 'href="/wijkbeeld/gebied/BU06060101/' in html
    area = oov.get("/wijkbeeld/gebied/BU06060101/?jaar=2023&vergelijking=provincie")
    assert area.status_code == 200
    area_html = area.content.decode()
    assert "De provincie van gemeente GM0606 is niet bekend" in area_html
    assert '<th scope="col" class="num">Provincie</th>' not in area_html

    services.import_file(
        actor=policy.SYSTEM, kind="provinces", path=FIXTURES / "gemeenten_provincies.csv"
    )
    html = oov.get(url).content.decode()
    assert "niet bekend" not in html and "Bijdrage " in html
    assert '<option value="provincie" selected>Eigen provincie</option>' in html
    area_html = oov.get("/wijkbeeld/gebied/BU06060101/?jaar=2023&vergelijking=provincie")
    area_html = area_html.content.decode()
    assert "niet bekend" not in area_html and "(eigen provincie)" in area_html
    assert '<th scope="col" class="num">Provincie</th>' in area_html
    assert "<dt>Provincie</dt><dd>Zuid-Holland</dd>" in area_html
    exported = oov.get("/wijkbeeld/gebied/BU06060101/?jaar=2023&export=csv").content.decode()
    lines = [line.split(";") for line in exported.splitlines()]
    gm, pv = lines[0].index("Gemeente"), lines[0].index("Provincie")
    assert lines[0][gm : gm + 4] == ["Gemeente", "Provincie", "Klasse", "Nederland"]
    # Rotterdam's figures are Schiedam's, so the province figure is the municipality's
    assert all(line[pv] == line[gm] for line in lines[1:])
    assert any(line[pv] not in ("", "–") for line in lines[1:])


def test_the_population_row_has_no_per_1000_figure(schiedam, oov):
    """ "Aantal inwoners per 1.000 inw. = 1.000" said nothing; that row shows no such figure."""
    from wijkkompas.areas import index as area_index
    from wijkkompas.areas.selectors import area_page

    area = Area.objects.filter(code="BU06060101").order_by("-year").first()
    data = area_page(None, area, year=2023)
    pop_id = area_index.population_indicator_id()
    population = next(r for r in data["rows"] if r["indicator"].id == pop_id)
    assert population["per_1000"] is None and population["gemeente"].value is None
    others = [r for r in data["rows"] if r["indicator"].is_count and r["indicator"].id != pop_id]
    assert any(r["per_1000"] is not None for r in others)


def test_the_area_page_names_indicators_without_their_cbs_key(schiedam, oov):
    page = oov.get("/wijkbeeld/gebied/BU06060101/?jaar=2023").content.decode()
    table = page.split('class="table indicator-figures"')[1].split("</table>")[0]
    for code, name, unit in Indicator.objects.values_list("code", "name", "unit"):
        if code not in (name, unit):  # a code that is also a word is not a key
            shown = (f'<span class="help">{code}<', f'<span class="help">{code} ·', f">{code}<")
            assert not any(s in table for s in shown), code
