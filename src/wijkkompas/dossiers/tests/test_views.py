import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.dossiers import services
from wijkkompas.dossiers.models import SourceStatus, Status
from wijkkompas.dossiers.tests.factories import InstrumentFactory, PracticeFactory, six_questions

pytestmark = pytest.mark.django_db


def _status_post(entry, status, version=0, note="", back="vraag-4"):
    return {"status": status, "date": "", "note": note, "version": str(version), "back": back}


def test_index_lists_dossiers_and_offers_to_open_themes(demo, kb, client_for):
    oov_page = client_for(demo["oov"]).get(reverse("dossiers:index")).content.decode()
    assert "Dossier openen" in oov_page and kb[0].name in oov_page
    reader_page = client_for(demo["bestuurder"]).get(reverse("dossiers:index")).content.decode()
    assert "Dossier openen" not in reader_page


def test_oov_opens_a_dossier_through_the_page(demo, kb, client_for):
    client = client_for(demo["oov"])
    response = client.post(reverse("dossiers:open"), {"theme": kb[0].slug})
    assert response.status_code == 302
    detail = client.get(response.url)
    assert detail.status_code == 200 and "Themadossier: " + kb[0].name in detail.content.decode()
    again = client.post(reverse("dossiers:open"), {"theme": kb[0].slug}, follow=True)
    assert "Er is al een themadossier" in again.content.decode()


def test_pages_render_with_accessible_charts(demo, dossier, client_for):
    client = client_for(demo["bestuurder"])
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert page.count('role="img"') == 3 and '<title id="ip-vragen-titel">' in page
    assert "<caption>Informatiepositie per vraag</caption>" in page
    for number in range(1, 7):
        response = client.get(reverse("dossiers:question", args=[dossier.pk, number]))
        assert response.status_code == 200
    assert client.get(reverse("dossiers:question", args=[dossier.pk, 9])).status_code == 404
    assert client.get(reverse("dossiers:sources", args=[dossier.pk])).status_code == 200


def test_question_page_shows_its_sources_and_plugin_slot(demo, kb, dossier, client_for):
    page = (
        client_for(demo["oov"])
        .get(reverse("dossiers:question", args=[dossier.pk, 4]))
        .content.decode()
    )
    for key in ("e1", "e2", "e3"):
        assert kb[1][key].source.name in page
    assert kb[1]["e4"].source.name not in page
    assert "Cijfers uit het wijkbeeld" in page
    page5 = (
        client_for(demo["oov"])
        .get(reverse("dossiers:question", args=[dossier.pk, 5]))
        .content.decode()
    )
    assert "Barrièremodellen van de lokale aanpak" in page5


def test_bestuurder_reads_but_cannot_write(demo, kb, dossier, client_for):
    client = client_for(demo["bestuurder"])
    page = client.get(reverse("dossiers:question", args=[dossier.pk, 4])).content.decode()
    assert "Nieuwe status" not in page and "Bevindingen opslaan" not in page
    entry = kb[1]["e1"]
    assert (
        client.post(
            reverse("dossiers:source_status", args=[dossier.pk, entry.pk]),
            _status_post(entry, "benaderd"),
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("dossiers:finding", args=[dossier.pk, 4]), {"text": "x", "version": "0"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("dossiers:next_steps", args=[dossier.pk]), {"next_steps": "x", "version": "1"}
        ).status_code
        == 403
    )
    assert client.post(reverse("dossiers:open"), {"theme": kb[0].slug}).status_code == 403
    assert not SourceStatus.objects.exists()
    # Reading the koersnotitie is allowed.
    assert (
        client.get(reverse("dossiers:koersnotitie_markdown", args=[dossier.pk])).status_code == 200
    )


@pytest.mark.parametrize(
    "name,args,method",
    [
        ("dossiers:detail", [], "get"),
        ("dossiers:sources", [], "get"),
        ("dossiers:question", [4], "get"),
        ("dossiers:koersnotitie_pdf", [], "get"),
        ("dossiers:koersnotitie_markdown", [], "get"),
        ("dossiers:finding", [4], "post"),
        ("dossiers:next_steps", [], "post"),
        ("dossiers:links", [], "post"),
        ("dossiers:add_pin", [4], "post"),
    ],
)
def test_other_tenant_gets_404(demo, dossier, client_for, name, args, method):
    client = client_for(demo["oov-buur"])
    response = getattr(client, method)(reverse(name, args=[dossier.pk, *args]))
    assert response.status_code == 404


def test_other_tenant_cannot_set_a_status_or_see_the_dossier_listed(demo, kb, dossier, client_for):
    client = client_for(demo["oov-buur"])
    entry = kb[1]["e1"]
    response = client.post(
        reverse("dossiers:source_status", args=[dossier.pk, entry.pk]),
        _status_post(entry, "benaderd"),
    )
    assert response.status_code == 404 and not SourceStatus.objects.exists()
    index = client.get(reverse("dossiers:index")).content.decode()
    assert reverse("dossiers:detail", args=[dossier.pk]) not in index


def test_status_update_without_javascript_redirects_back(demo, kb, dossier, client_for):
    client = client_for(demo["oov"])
    entry = kb[1]["e1"]
    response = client.post(
        reverse("dossiers:source_status", args=[dossier.pk, entry.pk]),
        _status_post(entry, "informatie_ontvangen", note="Overleg gehad"),
    )
    assert response.status_code == 302 and response.url.endswith(f"/vraag/4/#bron-{entry.pk}")
    page = client.get(response.url).content.decode()
    assert f"Status van &#x27;{entry.source.name}&#x27; opgeslagen." in page
    # the dossier's figures table is there, closed, under the chart
    detail = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert '<details class="data-tables">' in detail and 'class="data-tables" open' not in detail
    status = SourceStatus.objects.get(entry=entry)
    assert (status.status, status.note, status.set_by) == (
        "informatie_ontvangen",
        "Overleg gehad",
        demo["oov"],
    )


def test_status_update_with_htmx_returns_row_and_new_position(demo, kb, dossier, client_for):
    client = client_for(demo["oov"])
    entry = kb[1]["e3"]
    response = client.post(
        reverse("dossiers:source_status", args=[dossier.pk, entry.pk]),
        _status_post(entry, "structureel_geborgd"),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="bron-{entry.pk}"' in html and 'data-status="structureel_geborgd"' in html
    assert 'id="ip-cijfers" hx-swap-oob="innerHTML"' in html
    # Question 4 now 1 of 3; overall 1 of 5.
    assert "33% (1 van 3)" in html and "20% (1 van 5)" in html
    assert 'name="version" value="1"' in html
    assert f'role="status">Status van {entry.source.name} opgeslagen.' in html


def test_stale_status_edit_keeps_the_users_note(demo, kb, dossier, client_for):
    entry = kb[1]["e1"]
    services.set_source_status(
        actor=demo["oov"], dossier=dossier, entry=entry, status=Status.BENADERD, expected_version=0
    )
    client = client_for(demo["oov"])
    url = reverse("dossiers:source_status", args=[dossier.pk, entry.pk])
    response = client.post(
        url, _status_post(entry, "structureel_geborgd", version=0, note="Mijn notitie")
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "intussen gewijzigd" in html and 'value="Mijn notitie"' in html
    assert SourceStatus.objects.get(entry=entry).status == Status.BENADERD
    htmx = client.post(
        url,
        _status_post(entry, "structureel_geborgd", version=0, note="Mijn notitie"),
        headers={"HX-Request": "true"},
    )
    assert (
        "intussen gewijzigd" in htmx.content.decode()
        and 'value="Mijn notitie"' in htmx.content.decode()
    )


def test_stale_finding_edit_is_refused_and_text_kept(demo, dossier, client_for):
    services.save_finding(
        actor=demo["oov"],
        dossier=dossier,
        question=six_questions()[4],
        text="Versie van een collega",
        expected_version=0,
    )
    client = client_for(demo["oov"])
    response = client.post(
        reverse("dossiers:finding", args=[dossier.pk, 4]),
        {"text": "Mijn eigen analyse", "version": "0"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "intussen gewijzigd" in html and "Uw tekst is niet opgeslagen" in html
    assert re.search(r"<textarea[^>]*>\s*Mijn eigen analyse</textarea>", html)
    assert "Versie van een collega" in html  # the stored version is shown to compare
    assert 'name="version" value="1"' in html  # a deliberate second save goes through
    ok = client.post(
        reverse("dossiers:finding", args=[dossier.pk, 4]),
        {"text": "Mijn eigen analyse", "version": "1"},
    )
    assert ok.status_code == 302


def test_findings_markdown_is_sanitised(demo, dossier, client_for):
    client = client_for(demo["oov"])
    text = "## Beeld\n\n**Drie** signalen <script>alert('x')</script> [link](javascript:alert(1))"
    client.post(reverse("dossiers:finding", args=[dossier.pk, 1]), {"text": text, "version": "0"})
    page = client.get(reverse("dossiers:question", args=[dossier.pk, 1])).content.decode()
    rendered = page.split('class="markdown finding">')[1].split("</div>")[0]
    assert "<h2>Beeld</h2>" in rendered and "<strong>Drie</strong>" in rendered
    assert "<script" not in rendered and "javascript:" not in rendered


def test_links_and_pins_through_the_pages(demo, dossier, client_for):
    practice = PracticeFactory(themes=[dossier.theme], title="Wijkaanpak Tilburg")
    instrument = InstrumentFactory(themes=[dossier.theme], questions=[5], name="Barrièremodel")
    client = client_for(demo["oov"])
    response = client.post(
        reverse("dossiers:links", args=[dossier.pk]),
        {"practices": [practice.pk], "instruments": [instrument.pk], "version": "1"},
    )
    assert response.status_code == 302
    page5 = client.get(reverse("dossiers:question", args=[dossier.pk, 5])).content.decode()
    assert "Barrièremodel" in page5
    stale = client.post(
        reverse("dossiers:links", args=[dossier.pk]), {"practices": [], "version": "1"}
    )
    assert stale.status_code == 409 and "intussen gewijzigd" in stale.content.decode()
    bad = client.post(
        reverse("dossiers:add_pin", args=[dossier.pk, 2]),
        {"title": "Verslag", "url": "javascript:x"},
    )
    assert bad.status_code == 400 and "moet beginnen met" in bad.content.decode()
    good = client.post(
        reverse("dossiers:add_pin", args=[dossier.pk, 2]),
        {"title": "Verslag driehoek", "url": "https://example.org/verslag"},
    )
    assert good.status_code == 302
    assert (
        "Verslag driehoek"
        in client.get(reverse("dossiers:question", args=[dossier.pk, 2])).content.decode()
    )


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_koersnotitie_pdf_contains_the_dossier(demo, kb, dossier, client_for):
    oov = demo["oov"]
    services.set_source_status(
        actor=oov, dossier=dossier, entry=kb[1]["e1"], status=Status.ONTVANGEN, expected_version=0
    )
    services.set_source_status(
        actor=oov, dossier=dossier, entry=kb[1]["e3"], status=Status.GEBORGD, expected_version=0
    )
    services.save_finding(
        actor=oov,
        dossier=dossier,
        question=six_questions()[4],
        text="Ronselen bij het winkelcentrum in Noord",
        expected_version=0,
    )
    services.save_next_steps(
        actor=oov,
        dossier=dossier,
        text="Informatieprotocol afsluiten met de ketenpartners",
        expected_version=1,
    )
    response = client_for(demo["bestuurder"]).get(
        reverse("dossiers:koersnotitie_pdf", args=[dossier.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "koersnotitie-voorbeeldstad-jonge-aanwas" in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content).split())
    for expected in (
        "Koersnotitie: Jonge aanwas in de (georganiseerde) criminaliteit",
        "Voorbeeldstad",
        "Informatiepositie",
        "40% (2 van 5)",
        "Wat zijn de huidige lokale veiligheidsrisico's?",
        "Ronselen bij het winkelcentrum in Noord",
        "Leerplichtregistratie",
        "Structureel geborgd",
        "Volgende stappen",
        "Informatieprotocol afsluiten met de ketenpartners",
    ):
        assert expected in text, expected
    assert AuditEvent.objects.filter(
        action="dossier_koersnotitie_export", actor_username="bestuurder"
    ).exists()


def test_koersnotitie_markdown(demo, kb, dossier, client_for):
    services.save_finding(
        actor=demo["oov"],
        dossier=dossier,
        question=six_questions()[1],
        text="- punt een\n- punt twee",
        expected_version=0,
    )
    response = client_for(demo["oov"]).get(
        reverse("dossiers:koersnotitie_markdown", args=[dossier.pk])
    )
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert text.startswith("# Koersnotitie: Jonge aanwas")
    assert "### Vraag 1: Wat is de kern van het thema" in text and "- punt een\n- punt twee" in text
    assert "| Team Jeugd en Onderwijs | Partner (intern) | 1, 4 | Niet benaderd | – |" in text
    assert "| **Totaal** | 0 | 5 | 0% |" in text
    assert "&amp;" not in text and "&#x27;" not in text


def test_procesregisseur_may_pin_links_but_not_edit(demo, dossier, client_for):
    client = client_for(demo["regisseur"])
    page = client.get(reverse("dossiers:question", args=[dossier.pk, 5])).content.decode()
    assert (
        "Koppeling toevoegen" in page
        and "Nieuwe status" not in page
        and "Bevindingen opslaan" not in page
    )
    response = client.post(
        reverse("dossiers:add_pin", args=[dossier.pk, 5]),
        {"title": "Plan van aanpak", "url": "/barrieremodellen/"},
    )
    assert response.status_code == 302
    assert (
        client.post(
            reverse("dossiers:finding", args=[dossier.pk, 5]), {"text": "x", "version": "0"}
        ).status_code
        == 403
    )
