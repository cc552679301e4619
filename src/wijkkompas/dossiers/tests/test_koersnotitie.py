"""The koersnotitie for the college: summary and advice up front (written by the adviseur, with a
suggestion assembled from the dossier), full texts, and the Word document beside the PDF."""

import io

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.core.api_support import Conflict
from wijkkompas.dossiers import koersnotitie, services
from wijkkompas.dossiers.models import Dossier, DossierPin, Status
from wijkkompas.dossiers.tests.factories import PracticeFactory, six_questions

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Longer than any cut the old PDF made (30 words), with a last word to look for.
LONG_PRACTICE = " ".join(f"woord{n}" for n in range(80)) + " slotzin van het praktijkvoorbeeld."
LONG_FINDING = (
    "Ronselen bij het winkelcentrum in Noord. "
    + " ".join(f"bevinding{n}" for n in range(120))
    + " einde van de bevinding."
)


@pytest.fixture
def filled(demo, kb, dossier):
    """The dossier with two sources tapped, findings on questions 4 and 1, a wijkbeeld figure
    pinned to question 4, a long practice example and the adviseur's summary and advice."""
    oov = demo["oov"]
    entries = kb[1]
    services.set_source_status(
        actor=oov, dossier=dossier, entry=entries["e1"], status=Status.ONTVANGEN, expected_version=0
    )
    services.set_source_status(
        actor=oov, dossier=dossier, entry=entries["e3"], status=Status.GEBORGD, expected_version=0
    )
    questions = six_questions()
    for number, text in ((4, LONG_FINDING), (1, "- De kern: ronselen via sociale media\n- twee")):
        services.save_finding(
            actor=oov, dossier=dossier, question=questions[number], text=text, expected_version=0
        )
    services.pin_item(
        actor=oov,
        dossier=dossier,
        question_number=4,
        kind=DossierPin.Kind.AREA_FIGURE,
        title="Wijkbeeld Noord (BU00010001), 2024",
        url="/wijkbeeld/BU00010001/?jaar=2024",
        note="Geregistreerde misdrijven 42 per 1.000 inwoners",
        reference="areas.area:BU00010001:2024",
    )
    practice = PracticeFactory(title="Gezinsgerichte aanpak", summary=LONG_PRACTICE)
    practice.results = ["Drie coaches in dienst van de gemeente"]
    practice.save()
    dossier.refresh_from_db()
    dossier = services.set_links(
        actor=oov,
        dossier=dossier,
        practices=[practice],
        instruments=[],
        expected_version=dossier.version,
    )
    return services.save_summary(
        actor=oov,
        dossier=dossier,
        summary="Het college krijgt **grip** op jonge aanwas in Noord.",
        advice="- Sluit een informatieprotocol af\n- Start de gezinsgerichte aanpak",
        expected_version=dossier.version,
    )


def _paragraphs(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(texts)


def test_suggestion_is_assembled_from_the_dossier(demo, filled):
    suggestion = koersnotitie.suggest(filled)
    assert suggestion.label == "Voorstel, samengesteld uit de gegevens van het dossier"
    assert suggestion.summary.startswith(
        "De informatiepositie van Voorbeeldstad op het thema Jonge aanwas in de "
        "(georganiseerde) criminaliteit is 40% (2 van 5 aanbevolen bronnen) aangeboord."
    )
    assert "Beantwoord (2 van 6 vragen):" in suggestion.summary
    assert "- Vraag 1: De kern: ronselen via sociale media twee" in suggestion.summary
    assert "- Vraag 4: Ronselen bij het winkelcentrum in Noord." in suggestion.summary
    assert (
        "- Wijkbeeld Noord (BU00010001), 2024: Geregistreerde misdrijven 42 per 1.000 inwoners"
        in suggestion.summary
    )
    advice = suggestion.advice.splitlines()
    assert advice[0] == "- Leg bevindingen vast bij de vragen 2, 3, 5 en 6."
    # Question 6 (e2, e5) has nothing tapped: named with the sources still to approach.
    assert (
        "- Versterk de informatiepositie bij vraag 6: 0 van 2 aanbevolen bronnen aangeboord "
        "(0%); nog niet aangeboord: Politie (wijkagent), Politieregistratie." in advice
    )
    assert not any("vraag 4:" in line for line in advice)  # 2 of 3: not a gap
    assert "- Versterk de informatiepositie bij vraag 2: 0 van 1 aanbevolen bron aangeboord" in (
        suggestion.advice
    )
    assert any(line.startswith("- Vraag 5: koppel het barrièremodel") for line in advice)
    assert not any(line.startswith("- Vraag 4:") for line in advice)  # a figure is pinned
    assert koersnotitie.suggest(filled) == suggestion  # deterministic


def test_suggestion_for_an_empty_dossier_names_every_gap(demo, dossier):
    suggestion = koersnotitie.suggest(dossier)
    assert "0% (0 van 5 aanbevolen bronnen)" in suggestion.summary
    assert "Nog geen van de vragen is beantwoord" in suggestion.summary
    assert "- Leg bevindingen vast bij de vragen 1, 2, 3, 4, 5 en 6." in suggestion.advice
    assert "- Vraag 4: onderbouw het lokale beeld" in suggestion.advice


def test_summary_is_versioned_and_audited(demo, dossier):
    oov = demo["oov"]
    saved = services.save_summary(
        actor=oov, dossier=dossier, summary="Eerste", advice="Advies", expected_version=1
    )
    assert (saved.version, saved.summary, saved.advice) == (2, "Eerste", "Advies")
    with pytest.raises(Conflict):
        services.save_summary(
            actor=oov, dossier=dossier, summary="Oud", advice="", expected_version=1
        )
    assert Dossier.objects.get(pk=dossier.pk).summary == "Eerste"
    event = AuditEvent.objects.get(action="dossier_koersnotitie_saved")
    assert event.actor_username == "oov" and event.detail == {
        "summary_length": 6,
        "advice_length": 6,
    }


def test_adviseur_takes_over_the_suggestion_edits_and_saves(demo, filled, client_for):
    client = client_for(demo["oov"])
    url = reverse("dossiers:detail", args=[filled.pk])
    page = client.get(url).content.decode()
    assert "Voorstel, samengesteld uit de gegevens van het dossier" in page
    assert "Voorstel overnemen in het formulier" in page
    taken = client.get(url + "?voorstel=1").content.decode()
    assert "Het voorstel staat in het formulier" in taken
    assert "Leg bevindingen vast bij de vragen 2, 3, 5 en 6." in taken.split('name="advice"')[1]
    version = Dossier.objects.get(pk=filled.pk).version
    response = client.post(
        reverse("dossiers:summary", args=[filled.pk]),
        {"summary": "Aangepast voorstel", "advice": "Besluit nu", "version": str(version)},
    )
    assert response.status_code == 302 and response.url.endswith("#samenvatting")
    stored = Dossier.objects.get(pk=filled.pk)
    assert (stored.summary, stored.advice, stored.version) == (
        "Aangepast voorstel",
        "Besluit nu",
        version + 1,
    )
    stale = client.post(
        reverse("dossiers:summary", args=[filled.pk]),
        {"summary": "Te laat", "advice": "", "version": str(version)},
    )
    assert stale.status_code == 409
    assert "Te laat" in stale.content.decode()  # the user's text stays in the field
    assert Dossier.objects.get(pk=filled.pk).summary == "Aangepast voorstel"


def test_readers_see_no_suggestion_or_form(demo, filled, client_for):
    page = (
        client_for(demo["bestuurder"])
        .get(reverse("dossiers:detail", args=[filled.pk]) + "?voorstel=1")
        .content.decode()
    )
    assert "Het college krijgt" in page and "Koersnotitie als Word-bestand" in page
    assert "Voorstel, samengesteld" not in page and 'name="summary"' not in page


def test_docx_holds_summary_advice_every_question_and_the_figures(demo, filled, client_for):
    response = client_for(demo["bestuurder"]).get(
        reverse("dossiers:koersnotitie_docx", args=[filled.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == DOCX_TYPE
    assert "koersnotitie-voorbeeldstad-jonge-aanwas" in response["Content-Disposition"]
    assert response["Content-Disposition"].rstrip('"').endswith(".docx")
    text = _paragraphs(response.content)
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:3] == ["Samenvatting", "Advies", "Het thema"]
    assert "Het college krijgt grip op jonge aanwas in Noord." in text
    assert "Sluit een informatieprotocol af" in text
    for number, question in six_questions().items():
        assert f"Vraag {number}: {question.text}" in headings
    assert LONG_FINDING in text  # the whole finding
    assert "Vraag 4 | 2 | 3 | 67%" in text and "Totaal | 2 | 5 | 40%" in text
    assert "Bron: themadossier in Wijkkompas, stand" in text
    assert "Verloop (totaal): " in text and "40% (2 van 5)." in text
    assert (
        "Wijkbeeld Noord (BU00010001), 2024 | Geregistreerde misdrijven 42 per 1.000 inwoners | "
        "Wijkbeeld (/wijkbeeld/BU00010001/?jaar=2024)" in text
    )
    assert LONG_PRACTICE in text and "Resultaten: Drie coaches in dienst van de gemeente." in text
    assert (
        "Leerplichtregistratie | Registratie, database of digitaal hulpmiddel (intern) | 4 | "
        "Structureel geborgd" in text
    )
    assert "…" not in text
    # Word's page breaks: rows never split, the header row repeats on the next page.
    rows = [row for table in document.tables for row in table.rows]
    assert all(row._tr.trPr.xpath("./w:cantSplit") for row in rows)
    assert all(table.rows[0]._tr.trPr.xpath("./w:tblHeader") for table in document.tables)
    assert AuditEvent.objects.filter(
        action="dossier_koersnotitie_export", actor_username="bestuurder", detail__format="docx"
    ).exists()


def test_docx_survives_characters_xml_cannot_hold(demo, dossier, client_for):
    services.save_summary(
        actor=demo["oov"],
        dossier=dossier,
        summary="Geplakt\x0bmet een stuurteken",
        advice="",
        expected_version=1,
    )
    response = client_for(demo["oov"]).get(reverse("dossiers:koersnotitie_docx", args=[dossier.pk]))
    assert response.status_code == 200
    assert "Geplaktmet een stuurteken" in _paragraphs(response.content)


def test_pdf_starts_with_summary_and_advice_and_cuts_no_text(demo, filled, client_for):
    response = client_for(demo["bestuurder"]).get(
        reverse("dossiers:koersnotitie_pdf", args=[filled.pk])
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    text = " ".join(" ".join(pages).split())
    assert "…" not in text
    first = " ".join(pages[0].split())
    assert first.index("Samenvatting") < first.index("Advies") < first.index("Het thema")
    assert "Het college krijgt grip op jonge aanwas in Noord." in first
    assert "Sluit een informatieprotocol af" in first
    assert " ".join(LONG_PRACTICE.split()) in text
    assert " ".join(LONG_FINDING.split()) in text
    assert "Cijfers uit het wijkbeeld" in text and "Wijkbeeld Noord (BU00010001), 2024" in text


def test_markdown_export_carries_summary_and_advice(demo, filled, client_for):
    text = (
        client_for(demo["oov"])
        .get(reverse("dossiers:koersnotitie_markdown", args=[filled.pk]))
        .content.decode()
    )
    assert text.index("## Samenvatting") < text.index("## Advies") < text.index("## Het thema")
    assert "Het college krijgt **grip** op jonge aanwas in Noord." in text
    assert LONG_PRACTICE in text
