"""Dutch search: stemming, accents, compounds, synonyms, filters, ranking on the real content."""

import pytest

from wijkkompas.knowledge import search, services
from wijkkompas.knowledge.models import Source, Theme
from wijkkompas.knowledge.search import Decompounder, Filters, fold, stem

pytestmark = pytest.mark.django_db


def _titles(query, filters=None):
    hits, _ = search.search(query, filters)
    return [h.title for h in hits]


def test_folding_and_stemming_helpers():
    assert fold("Casuïstiek Één") == "casuistiek een"
    assert stem("jongeren") == stem("jongere")
    assert Decompounder({"drugs", "afval", "veiligheid", "huis"}).split("drugsafval") == (
        "drugs",
        "afval",
    )
    assert Decompounder({"veiligheid", "huis"}).split("veiligheidshuis") == ("veiligheid", "huis")
    assert Decompounder({"veilig"}).split("veiligheid") == ()


def test_stemming_jongeren_finds_jongere(loaded):
    # The fixture text says "Ziet welke jongere afglijdt"; the query uses the plural.
    hits, _ = search.search("jongeren", Filters(type="source"))
    assert "Jongerenwerk" in [h.title for h in hits]
    jongerenwerk = next(h for h in hits if h.title == "Jongerenwerk")
    assert "jongere" in jongerenwerk.snippet


def test_accents_casuistiek_finds_casuistiek(loaded):
    titles = _titles("casuistiek")
    assert "Zorg- en Veiligheidshuis" in titles
    assert "Zorg en veiligheid / complexe casuïstiek" in titles
    assert _titles("CASUÏSTIEK") == titles


def test_compound_parts_find_the_compound(loaded):
    # "veiligheidshuis" only occurs as part of the compound "Zorg- en Veiligheidshuis" ... and the
    # query "informatieprotocol" (a compound) finds the practice that says "informatieprotocol".
    assert "Project Preventie jonge aanwas (Eindhoven)" in _titles("protocol informatie")


def test_synonyms_widen_the_query(loaded):
    # "rekruteren" is not in the texts; the synonym list maps it to "ronselen".
    titles = _titles("rekruteren")
    assert "Jonge aanwas in de (georganiseerde) criminaliteit" in titles or "Jongerenwerk" in titles
    exact = search.search("ronselen")[0][0].score
    assert search.search("rekruteren")[0][0].score < exact


def test_filters(loaded):
    assert set(_titles("jongeren", Filters(type="source"))) <= {
        s.name for s in Source.objects.all()
    }
    internal = _titles("", Filters(internal=True))
    assert internal == ["Leerplichtregistratie"]
    external = _titles("", Filters(internal=False))
    assert set(external) == {"Jongerenwerk", "Zorg- en Veiligheidshuis"}
    assert _titles("", Filters(kind="registratie")) == ["Leerplichtregistratie"]
    # theme + question: only sources whose entry for THAT theme serves that question
    assert set(_titles("", Filters(theme="jonge-aanwas", question=4, type="source"))) == {
        "Jongerenwerk",
        "Leerplichtregistratie",
    }
    assert set(_titles("", Filters(theme="zorg-en-veiligheid", question=4, type="source"))) == {
        "Zorg- en Veiligheidshuis"
    }
    assert _titles("casuistiek", Filters(theme="jonge-aanwas", type="theme")) == []
    assert "Barrièremodel" in _titles("", Filters(type="instrument", question=4))
    assert _titles("", Filters(type="instrument", question=6)) == []


def test_index_follows_edits(loaded, demo):
    assert _titles("thuiszitters") == []
    source = Source.objects.get(slug="leerplichtregistratie")
    services.update_object(
        actor=demo["redacteur"],
        obj=source,
        fields={"description": "Verzuim, thuiszitters en voortijdig schoolverlaten."},
        expected_version=source.version,
    )
    assert _titles("thuiszitters") == ["Leerplichtregistratie"]
    theme = Theme.objects.get(slug="zorg-en-veiligheid")
    services.delete_object(actor=demo["redacteur"], obj=theme, expected_version=theme.version)
    assert "Zorg en veiligheid / complexe casuïstiek" not in _titles("casuistiek")


REALISTIC = [
    # (query, a title fragment that must be in the top five)
    ("drugsafval buitengebied", "buitengebied"),
    ("jongeren ronselen", "jonge aanwas"),
    ("woonwagenkamp", "Oss"),
    ("informatie delen convenant", "Eindhoven"),
    ("casuistiek", "complexe casuïstiek"),
    ("hennep vakantiepark", "buitengebied"),
    ("barrièremodel", "Barrièremodel"),
    ("cybercrime ouderen", "Ouderen"),
    ("zorg- en veiligheidshuis", "Veiligheidshuis"),
    ("ronselaars school", "jonge aanwas"),
]


@pytest.mark.parametrize(("query", "expected"), REALISTIC)
def test_realistic_queries_find_a_relevant_item_in_the_top_five(real_content, query, expected):
    hits, count = search.search(query, limit=5)
    assert count > 0
    assert any(expected.lower() in h.title.lower() for h in hits), [h.title for h in hits]


def test_snippet_marks_the_matched_words_and_escapes(loaded):
    hits, _ = search.search("jongeren ronselen", Filters(type="source"))
    jongerenwerk = next(h for h in hits if h.title == "Jongerenwerk")
    html = str(jongerenwerk.snippet_html)
    assert "<mark>jongere</mark>" in html and "<mark>ronselt</mark>" in html
    index = search.get_index()
    assert (
        str(index.highlight("<b>jongeren</b>", {stem("jongeren")}))
        == "&lt;b&gt;<mark>jongeren</mark>&lt;/b&gt;"
    )
