"""HTML side: the workshop board (HTMX and plain forms), stale edits, tenant isolation, outputs."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.barriers import services
from wijkkompas.barriers.models import BarrierModel, Element, Session, Step
from wijkkompas.dossiers import services as dossier_services
from wijkkompas.dossiers.models import DossierPin
from wijkkompas.dossiers.tests.factories import jonge_aanwas_theme

HTMX = {"HX-Request": "true"}


@pytest.fixture
def oov(demo, client_for):
    return client_for(demo["oov"])


def _el(model, kind):
    return (
        Element.objects.filter(step__model=model, kind=kind)
        .order_by("step__position", "position")
        .first()
    )


def test_index_lists_models_and_templates(small_model, templates, oov):
    page = oov.get(reverse("barriers:index")).content.decode()
    assert small_model.title in page
    assert "Mobiel banditisme (sjabloon)" in page and "startpunt voor een lokale sessie" in page


def test_board_shows_steps_rows_and_submodel_nested(small_model, oov):
    page = oov.get(reverse("barriers:detail", args=[small_model.pk])).content.decode()
    for text in (
        "Locatie vinden",
        "Dumpen",
        "Gelegenheden",
        "Signalen",
        "Faciliteerders",
        "Barrières",
        "Stallen samen met de wijkagent langsgaan",
        "Politie basisteam Voorbeeldstad",
        "onbewust",
    ):
        assert text in page
    assert "Submodellen" in page and "Busje zonder bedrijfsnaam bij nacht" in page
    assert 'aria-label="Naar volgende stap: Leegstaande stallen in het buitengebied"' in page


def test_add_element_with_htmx_returns_the_board(small_model, oov):
    step = small_model.steps.order_by("position").first()
    url = reverse("barriers:element_add", args=[small_model.pk])
    response = oov.post(
        url, {"step": step.pk, "kind": "signaal", "text": "Veel verkeer 's nachts"}, headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div id="board"') and "Veel verkeer &#x27;s nachts" in body
    assert Element.objects.filter(step=step, kind="signaal", text="Veel verkeer 's nachts").exists()


def test_add_element_without_js_redirects_and_empty_text_keeps_the_cell_error(small_model, oov):
    step = small_model.steps.order_by("position").first()
    url = reverse("barriers:element_add", args=[small_model.pk])
    response = oov.post(url, {"step": step.pk, "kind": "faciliteerder", "text": "Makelaar"})
    assert response.status_code == 302 and response.url.startswith(
        reverse("barriers:detail", args=[small_model.pk])
    )
    response = oov.post(url, {"step": step.pk, "kind": "faciliteerder", "text": ""}, headers=HTMX)
    assert "Vul een tekst in." in response.content.decode()


def test_move_buttons_work_without_js(small_model, oov):
    element = _el(small_model, "gelegenheid")
    url = reverse("barriers:element_move", args=[small_model.pk, element.pk])
    assert oov.post(url, {"direction": "right"}).status_code == 302
    element.refresh_from_db()
    assert element.step.title == "Dumpen"


def test_stale_element_edit_is_refused_and_user_keeps_their_text(small_model, demo, client_for):
    element = _el(small_model, "barriere")
    url = reverse("barriers:element_edit", args=[small_model.pk, element.pk])
    first, second = client_for(demo["oov"]), client_for(demo["regisseur"])
    form = {"text": "Versie van de OOV-adviseur", "status": "gepland", "version": element.version}
    assert first.post(url, form).status_code == 302
    mine = {
        "text": "Mijn eigen formulering die ik niet kwijt wil",
        "status": "idee",
        "version": element.version,
    }
    response = second.post(url, mine)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft dit element intussen gewijzigd" in body
    assert (
        "Mijn eigen formulering die ik niet kwijt wil" in body
    )  # the user's input is still in the form
    assert "Versie van de OOV-adviseur" in body  # and they see what is stored now
    element.refresh_from_db()
    assert element.text == "Versie van de OOV-adviseur"
    # HTMX: same refusal as a fragment (200 so htmx swaps it) aimed back at the element
    response = second.post(url, mine, headers=HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == f"#el-{element.pk}"
    assert "Mijn eigen formulering" in response.content.decode()


def test_stale_model_edit_is_refused(small_model, oov):
    url = reverse("barriers:edit", args=[small_model.pk])
    data = {
        "title": "A",
        "phenomenon": "B",
        "scope": "lokaal",
        "status": "concept",
        "description": "",
        "version": 1,
    }
    assert oov.post(url, data).status_code == 302
    response = oov.post(url, {**data, "title": "Mijn titel"})
    assert response.status_code == 409 and "Mijn titel" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["detail", "edit", "sessions", "poster_pdf", "poster_svg", "export_json", "history"],
)
def test_neighbour_municipality_gets_404_for_models(small_model, demo, client_for, name):
    buur = client_for(demo["oov-buur"])
    assert buur.get(reverse(f"barriers:{name}", args=[small_model.pk])).status_code == 404


def test_neighbour_municipality_gets_404_for_elements_sessions_steps_and_followup(
    small_model, demo, client_for
):
    buur = client_for(demo["oov-buur"])
    element = _el(small_model, "barriere")
    session = Session.objects.get(model=small_model)
    step = Step.objects.filter(model=small_model).first()
    urls = [
        reverse("barriers:element_edit", args=[small_model.pk, element.pk]),
        reverse("barriers:session_edit", args=[small_model.pk, session.pk]),
        reverse("barriers:step_edit", args=[small_model.pk, step.pk]),
        reverse("barriers:followup_partner", args=[element.owner_id]),
        reverse("barriers:action_list", args=[small_model.pk, "csv"]),
    ]
    for url in urls:
        assert buur.get(url).status_code == 404, url
    assert (
        buur.post(
            reverse("barriers:element_move", args=[small_model.pk, element.pk]), {"direction": "up"}
        ).status_code
        == 404
    )
    # and their own overview does not show Voorbeeldstad's barriers
    page = buur.get(reverse("barriers:followup")).content.decode()
    assert "Politie basisteam" not in page


def test_reader_cannot_edit(small_model, demo, client_for):
    bestuurder = client_for(demo["bestuurder"])
    assert bestuurder.get(reverse("barriers:detail", args=[small_model.pk])).status_code == 200
    assert bestuurder.get(reverse("barriers:edit", args=[small_model.pk])).status_code == 403


def test_followup_per_partner_marks_overdue(small_model, oov, demo):
    element = _el(
        small_model, "barriere"
    )  # politie, gepland, due 2026-06-01 (in the past for the demo clock)
    page = oov.get(reverse("barriers:followup")).content.decode()
    assert "Politie basisteam Voorbeeldstad" in page
    page = oov.get(reverse("barriers:followup_partner", args=[element.owner_id])).content.decode()
    assert element.text in page and "1-6-2026" in page

    if timezone.localdate().isoformat() > "2026-06-01":
        assert 'class="bm-overdue"' in page and "verlopen" in page


def test_action_lists_per_partner(small_model, oov):
    csv = oov.get(reverse("barriers:action_list", args=[small_model.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    lines = csv.strip().splitlines()
    assert lines[0].startswith("Partner (eigenaar);Barrièremodel;Stap;Barrière")
    assert lines[1].startswith(
        "Politie basisteam Voorbeeldstad;Drugsafval in het buitengebied;Locatie vinden;Stallen samen"
    )
    assert lines[2].startswith("(nog geen eigenaar)")
    response = oov.get(reverse("barriers:action_list", args=[small_model.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert (
        sheet["A2"].value == "Politie basisteam Voorbeeldstad"
        and sheet["D2"].value == "Stallen samen met de wijkagent langsgaan"
    )
    element = _el(small_model, "barriere")
    response = oov.get(reverse("barriers:followup_export", args=[element.owner_id, "csv"]))
    assert "Stallen samen met de wijkagent" in response.content.decode("utf-8-sig")


def test_upload_of_a_broken_file_is_refused_and_changes_nothing(oov):
    before = BarrierModel.objects.count()
    upload = SimpleUploadedFile(
        "model.json",
        b'{"format": "wijkkompas.barrier-model", "format_version": 1, "model": {"title": ""}}',
    )
    response = oov.post(reverse("barriers:import"), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "model.title: mag niet leeg zijn." in body and "er is niets gewijzigd" in body.lower()
    assert BarrierModel.objects.count() == before


def test_export_then_upload_makes_an_identical_copy(small_model, oov):
    exported = oov.get(reverse("barriers:export_json", args=[small_model.pk])).content
    response = oov.post(
        reverse("barriers:import"), {"file": SimpleUploadedFile("m.json", exported)}
    )
    assert response.status_code == 302
    new = BarrierModel.objects.exclude(pk=small_model.pk).get(
        title=small_model.title, parent_step=None
    )
    assert oov.get(reverse("barriers:export_json", args=[new.pk])).content == exported


def test_template_is_instantiated_in_one_action(templates, oov, demo):
    template = templates["hennepteelt"]
    assert (
        "Gebruik dit sjabloon"
        in oov.get(reverse("barriers:template", args=[template.pk])).content.decode()
    )
    response = oov.post(reverse("barriers:template_instantiate", args=[template.pk]))
    model = BarrierModel.objects.get(tenant=demo["oov"].tenant, based_on=template)
    assert response.url == reverse("barriers:detail", args=[model.pk])
    assert model.steps.count() == template.steps.count()


def test_sessions_record_participants_and_elements(small_model, oov, demo):
    url = reverse("barriers:sessions", args=[small_model.pk])
    gemeente = demo["oov"].organisation
    response = oov.post(
        url,
        {
            "held_on": "2026-04-02",
            "title": "Sessie 2",
            "participants": [gemeente.pk],
            "notes": "Barrières",
        },
    )
    session = Session.objects.get(model=small_model, title="Sessie 2")
    assert response.url.endswith(f"?sessie={session.pk}")
    step = small_model.steps.first()
    oov.post(
        reverse("barriers:element_add", args=[small_model.pk]),
        {"step": step.pk, "kind": "barriere", "text": "Nieuwe barrière", "session": session.pk},
    )
    assert Element.objects.get(text="Nieuwe barrière").session == session
    page = oov.get(url).content.decode()
    assert "Nieuwe barrière" in page and "Gemeente Voorbeeldstad" in page


def test_model_lists_are_per_tenant(small_model, demo, client_for, oov):
    buur_user = demo["oov-buur"]
    theirs = services.create_model(
        actor=buur_user, tenant=buur_user.tenant, title="Model van de buren", phenomenon="X"
    )
    buur = client_for(buur_user)
    page = buur.get(reverse("barriers:index")).content.decode()
    assert small_model.title not in page and theirs.title in page
    assert theirs.title not in oov.get(reverse("barriers:index")).content.decode()
    assert oov.get(reverse("barriers:detail", args=[theirs.pk])).status_code == 404


@pytest.fixture
def dossier(demo):
    theme, _ = jonge_aanwas_theme()
    return dossier_services.open_dossier(actor=demo["oov"], tenant=demo["oov"].tenant, theme=theme)


def test_link_to_dossier_creates_a_pin(small_model, oov, dossier):
    page = oov.get(reverse("barriers:detail", args=[small_model.pk])).content.decode()
    assert "Koppel aan themadossier" in page
    response = oov.post(
        reverse("barriers:link_dossier", args=[small_model.pk]),
        {"dossier": dossier.pk, "question": 2},
    )
    assert response.status_code == 302
    pin = DossierPin.objects.get(dossier=dossier, reference=f"barriers.model:{small_model.pk}")
    assert pin.kind == "barrier_model" and pin.question.number == 2
    assert pin.url == reverse("barriers:detail", args=[small_model.pk])


def test_procesregisseur_pins_a_model_to_a_dossier_she_cannot_edit(
    small_model, demo, client_for, dossier
):
    """The policy lets the procesregisseur pin (not edit) a dossier: the barrier page offers
    the dossier and the pin lands on question 5."""
    regisseur = client_for(demo["regisseur"])
    assert not policy.can(demo["regisseur"], "edit", "dossier", dossier)
    page = regisseur.get(reverse("barriers:detail", args=[small_model.pk])).content.decode()
    assert "Koppel aan themadossier" in page and f'<option value="{dossier.pk}">' in page
    response = regisseur.post(
        reverse("barriers:link_dossier", args=[small_model.pk]),
        {"dossier": dossier.pk, "question": 5},
    )
    assert response.status_code == 302
    pin = DossierPin.objects.get(dossier=dossier, reference=f"barriers.model:{small_model.pk}")
    assert pin.question.number == 5 and pin.pinned_by == demo["regisseur"]


def test_bestuurder_reads_the_model_but_cannot_pin_it(small_model, demo, client_for, dossier):
    bestuurder = client_for(demo["bestuurder"])
    page = bestuurder.get(reverse("barriers:detail", args=[small_model.pk])).content.decode()
    assert "Koppel aan themadossier" not in page
    response = bestuurder.post(
        reverse("barriers:link_dossier", args=[small_model.pk]),
        {"dossier": dossier.pk, "question": 2},
    )
    assert response.status_code in (403, 404)
    assert not DossierPin.objects.filter(dossier=dossier).exists()


def test_edit_page_without_js_and_history(small_model, oov):
    element = _el(small_model, "faciliteerder")
    url = reverse("barriers:element_edit", args=[small_model.pk, element.pk])
    page = oov.get(url).content.decode()
    assert (
        "<h1>Faciliteerder bewerken</h1>" in page
        and 'name="awareness"' in page
        and 'name="owner"' not in page
    )
    response = oov.post(
        url, {"text": "Loonwerker", "awareness": "bewust", "version": element.version}
    )
    assert response.status_code == 302
    history = oov.get(reverse("barriers:history", args=[small_model.pk])).content.decode()
    assert (
        "Faciliteerder &#x27;Loonwerker&#x27; gewijzigd" in history
        and "onbewust" in history
        and "bewust" in history
    )
    # Labels and values in Dutch, not the stored field names and codes.
    assert "Bewust of onbewust: Bewust" in history and "Tekst: Loonwerker" in history
    assert "awareness:" not in history and "text:" not in history


def test_arrows_only_where_a_move_is_possible(small_model, oov):
    page = oov.get(reverse("barriers:detail", args=[small_model.pk])).content.decode()
    opp = _el(small_model, "gelegenheid")  # only element in the first step's cell
    assert f'id="mv-{opp.pk}-right"' in page
    assert f'id="mv-{opp.pk}-left"' not in page and f'id="mv-{opp.pk}-up"' not in page


def test_national_editor_sees_the_templates_only(templates, demo, client_for):
    redacteur = client_for(demo["redacteur"])
    page = redacteur.get(reverse("barriers:index")).content.decode()
    assert "Mobiel banditisme (sjabloon)" in page and "Nieuw barrièremodel" not in page
    assert (
        redacteur.get(reverse("barriers:template", args=[templates["hennepteelt"].pk])).status_code
        == 200
    )
    assert (
        redacteur.post(
            reverse("barriers:template_instantiate", args=[templates["hennepteelt"].pk])
        ).status_code
        == 403
    )


def test_template_poster_downloads(templates, oov):
    template = templates["mobiel-banditisme"]
    response = oov.get(reverse("barriers:template_poster", args=[template.pk, "svg"]))
    assert response.status_code == 200 and "Inreis" in response.content.decode()
    assert "startpunt voor een lokale sessie" in response.content.decode()
    assert oov.get(
        reverse("barriers:template_poster", args=[template.pk, "pdf"])
    ).content.startswith(b"%PDF")
    assert (
        oov.get(reverse("barriers:template_poster", args=[template.pk, "doc"])).status_code == 404
    )


def test_a_templates_submodel_links_open(templates, oov):
    """The template page linked its sub-models to the model page, which answers 404 for a
    template; every link on the page must open."""
    import re

    with_sub = [t for t in templates.values() if BarrierModel.objects.filter(parent_step__model=t)]
    assert with_sub, "the demo templates have sub-models"
    for template in with_sub:
        page = oov.get(reverse("barriers:template", args=[template.pk])).content.decode()
        links = re.findall(r'class="bm-submodel-link" href="([^"]+)"', page)
        assert links
        for href in links:
            if href.startswith("#"):
                assert f'id="{href[1:]}"' in page
            else:
                assert oov.get(href).status_code == 200, href
