"""The public read API: shapes, filters, best-first search, no login needed."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon():
    return Client()


def test_list_themes_is_public_and_paginated(loaded, anon):
    body = anon.get("/api/v1/themes").json()
    assert set(body) == {"results", "count", "next", "previous"}
    assert body["count"] == 2
    assert body["results"][0]["slug"] == "jonge-aanwas"
    assert set(body["results"][0]) == {"slug", "name", "description", "order", "url"}
    assert body["results"][0]["url"].endswith("/kennisbank/themas/jonge-aanwas/")


def test_get_theme_lists_its_sources(loaded, anon):
    body = anon.get("/api/v1/themes/jonge-aanwas").json()
    assert {s["source"] for s in body["sources"]} == {
        "jongerenwerk",
        "zorg-en-veiligheidshuis",
        "leerplichtregistratie",
    }
    assert body["practices"] == ["preventie-eindhoven"]
    assert body["instruments"] == ["barrieremodel"]
    response = anon.get("/api/v1/themes/bestaat-niet")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_list_questions(loaded, anon):
    body = anon.get("/api/v1/questions").json()
    assert [q["number"] for q in body["results"]] == [1, 4, 6]
    assert body["results"][1]["scope"] == "lokaal"


def test_list_sources_filters_by_theme_and_question(loaded, anon):
    body = anon.get("/api/v1/sources", {"theme": "jonge-aanwas", "question": 4}).json()
    assert [s["slug"] for s in body["results"]] == ["jongerenwerk", "leerplichtregistratie"]
    source = body["results"][0]
    assert set(source) == {
        "slug",
        "name",
        "kind",
        "internal",
        "web_address",
        "description",
        "url",
        "entries",
    }
    assert source["entries"] == [
        {
            "theme": "jonge-aanwas",
            "offers": "Ziet welke jongere afglijdt en wie er ronselt op straat.",
            "questions": [4, 6],
        }
    ]
    assert (
        anon.get("/api/v1/sources", {"theme": "zorg-en-veiligheid", "question": 6}).json()["count"]
        == 0
    )
    assert anon.get("/api/v1/sources", {"question": 1}).json()["count"] == 1
    assert (
        anon.get("/api/v1/sources", {"internal": "true"}).json()["results"][0]["slug"]
        == "leerplichtregistratie"
    )
    assert anon.get("/api/v1/sources", {"question": "x"}).status_code == 422


def test_get_source(loaded, anon):
    body = anon.get("/api/v1/sources/zorg-en-veiligheidshuis").json()
    assert body["web_address"] == "https://www.zorgenveiligheidshuizen.nl"
    assert [e["theme"] for e in body["entries"]] == ["jonge-aanwas", "zorg-en-veiligheid"]


def test_practices_and_instruments(loaded, anon):
    practice = anon.get("/api/v1/practices").json()["results"][0]
    assert practice["municipality"] == "Eindhoven" and practice["start_year"] == 2021
    assert practice["themes"] == ["jonge-aanwas"]
    instrument = anon.get("/api/v1/instruments", {"question": 4}).json()["results"][0]
    assert instrument["steps"][0] == {
        "name": "Bedrijfsproces",
        "description": "Breng de stappen in kaart.",
    }
    assert instrument["questions"] == [1, 4]


def test_search_returns_best_first(loaded, anon):
    body = anon.get("/api/v1/search", {"q": "casuïstiek"}).json()
    assert body["count"] >= 2
    first = body["results"][0]
    assert set(first) == {"type", "title", "url", "snippet"}
    assert first["type"] in {"theme", "source", "practice", "instrument", "question"}
    assert "casu" in (first["title"] + first["snippet"]).lower()
    filtered = anon.get(
        "/api/v1/search", {"q": "jongeren", "type": "source", "internal": "false"}
    ).json()
    assert {r["type"] for r in filtered["results"]} == {"source"}
    assert anon.get("/api/v1/search").json()["count"] == 0


def test_search_realistic_query_over_the_real_content(real_content, anon):
    body = anon.get("/api/v1/search", {"q": "woonwagenkamp"}).json()
    assert body["count"] >= 1
    assert any("Oss" in r["title"] for r in body["results"][:5])
