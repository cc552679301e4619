"""Public pages, redactie-only editing with history and optimistic locking, the tip flow."""

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.knowledge import services
from wijkkompas.knowledge.models import Question, Revision, Source, SourceEntry, Theme, Tip

pytestmark = pytest.mark.django_db


def test_public_pages_need_no_login(loaded):
    anon = Client()
    theme = Theme.objects.get(slug="jonge-aanwas")
    urls = [
        reverse("knowledge:index"),
        reverse("knowledge:search") + "?q=jongeren",
        reverse("knowledge:search") + "?theme=jonge-aanwas&kind=partner&internal=extern",
        theme.get_absolute_url(),
        reverse("knowledge:question", args=[4]),
        reverse("knowledge:source", args=["zorg-en-veiligheidshuis"]),
        reverse("knowledge:practice", args=["preventie-eindhoven"]),
        reverse("knowledge:instrument", args=["barrieremodel"]),
        reverse("knowledge:tip"),
    ]
    for url in urls:
        response = anon.get(url)
        assert response.status_code == 200, url
        assert b"Bewerken" not in response.content


def test_theme_page_groups_sources_per_question_internal_external(loaded):
    html = Client().get(reverse("knowledge:theme", args=["jonge-aanwas"])).content.decode()
    q4 = html[html.index('id="vraag-4"') : html.index('id="vraag-6"')]
    assert "Intern (binnen de gemeente)" in q4 and "Extern" in q4
    assert q4.index("Leerplichtregistratie") < q4.index("Jongerenwerk")  # internal group first
    assert "Registratie, database of digitaal hulpmiddel" in q4
    q1 = html[html.index('id="vraag-1"') : html.index('id="vraag-4"')]
    assert "Zorg- en Veiligheidshuis" in q1 and "Jongerenwerk" not in q1


def test_search_page_htmx_returns_the_partial(loaded):
    client = Client()
    full = client.get(reverse("knowledge:search"), {"q": "casuistiek"})
    assert b"<html" in full.content and b"Zorg- en Veiligheidshuis" in full.content
    partial = client.get(
        reverse("knowledge:search"), {"q": "casuistiek"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in partial.content and b"Zorg- en Veiligheidshuis" in partial.content
    heading = partial.content.decode().split("</h2>")[0]
    assert "resultaaten" not in heading and ("resultaten" in heading or "1 resultaat" in heading)


@pytest.mark.parametrize("username", ["oov", "beheerder", "bestuurder", "wijkagent"])
def test_only_the_redacteur_edits(loaded, demo, client_for, username):
    theme = Theme.objects.get(slug="jonge-aanwas")
    client = client_for(demo[username])
    assert client.get(reverse("knowledge:edit", args=["theme", theme.pk])).status_code == 403
    response = client.post(
        reverse("knowledge:edit", args=["theme", theme.pk]),
        {"name": "X", "slug": "jonge-aanwas", "description": "Y", "order": 1, "version": 1},
    )
    assert response.status_code == 403
    assert client.get(reverse("knowledge:create", args=["theme"])).status_code == 403
    assert client.get(reverse("knowledge:editorial")).status_code == 403
    assert client.get(reverse("knowledge:history", args=["theme", theme.pk])).status_code == 403
    assert b"Bewerken" not in client.get(theme.get_absolute_url()).content
    assert Theme.objects.get(pk=theme.pk).name != "X"


def test_anonymous_is_sent_to_login_for_editing(loaded):
    theme = Theme.objects.get(slug="jonge-aanwas")
    response = Client().get(reverse("knowledge:edit", args=["theme", theme.pk]))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_redacteur_edits_with_history_and_audit(loaded, demo, client_for):
    client = client_for(demo["redacteur"])
    source = Source.objects.get(slug="jongerenwerk")
    url = reverse("knowledge:edit", args=["source", source.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'name="version"' in page.content
    data = {
        "name": "Jongerenwerk",
        "slug": "jongerenwerk",
        "kind": "partner",
        "internal": "False",
        "url": "https://www.jongerenwerk.example",
        "description": "Straathoekwerk en jongerenwerk in de wijk.",
        "version": source.version,
        "note": "beschrijving aangescherpt",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert (
        source.version == 2 and source.description == "Straathoekwerk en jongerenwerk in de wijk."
    )
    revision = Revision.objects.filter(object_type="source", object_id=source.pk).first()
    assert revision.actor_username == "redacteur" and revision.version == 2
    assert (
        revision.changed_fields == ["description", "url"]
        and revision.note == "beschrijving aangescherpt"
    )
    assert AuditEvent.objects.filter(
        action="knowledge_item_edited", object_id=str(source.pk), actor_username="redacteur"
    ).exists()

    history = client.get(reverse("knowledge:history", args=["source", source.pk])).content.decode()
    assert "Versie 2" in history and "Versie 1" in history and "redacteur" in history
    # changed fields by their Dutch labels, the caption with the right article
    assert "Beschrijving, Webadres" in history and "Alle versies van deze bron" in history
    assert "description" not in history
    old = Revision.objects.get(object_type="source", object_id=source.pk, version=1)
    old_page = client.get(reverse("knowledge:revision", args=[old.pk])).content.decode()
    assert (
        "Jongerenwerkers op straat en in de buurt." in old_page
    )  # the earlier version is viewable
    new_page = client.get(reverse("knowledge:revision", args=[revision.pk])).content.decode()
    assert (
        "gewijzigd" in new_page and "Jongerenwerkers op straat en in de buurt." in new_page
    )  # compared with v1
    # a source's entries per theme by the theme's name and the question numbers, not the stored
    # "theme: <slug>; questions: [1, 2]"
    entry = source.entries.select_related("theme").prefetch_related("questions").first()
    assert f"{entry.theme.name}: " in new_page
    assert "<strong>theme</strong>" not in new_page and "questions" not in new_page
    numbers = sorted(q.number for q in entry.questions.all())
    if numbers:
        assert "(vragen " + ", ".join(map(str, numbers)) + ")" in new_page


def test_stale_edit_is_refused_and_the_text_kept(loaded, demo, client_for):
    client = client_for(demo["redacteur"])
    theme = Theme.objects.get(slug="jonge-aanwas")
    services.update_object(
        actor=demo["redacteur"],
        obj=theme,
        fields={"description": "Iemand anders was sneller."},
        expected_version=1,
    )
    response = client.post(
        reverse("knowledge:edit", args=["theme", theme.pk]),
        {
            "name": theme.name,
            "slug": theme.slug,
            "description": "Mijn eigen zorgvuldige tekst.",
            "order": 1,
            "version": 1,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Iemand anders heeft dit intussen gewijzigd" in html
    assert "Mijn eigen zorgvuldige tekst." in html
    theme.refresh_from_db()
    assert theme.description == "Iemand anders was sneller." and theme.version == 2


def test_new_theme_in_minutes_without_code(loaded, demo, client_for):
    client = client_for(demo["redacteur"])
    response = client.post(
        reverse("knowledge:create", args=["theme"]),
        {
            "name": "Omgevingswet en ondermijning",
            "slug": "",
            "description": "Barrières opwerpen via vergunningen en het omgevingsplan.",
            "order": 6,
        },
    )
    assert response.status_code == 302
    theme = Theme.objects.get(name="Omgevingswet en ondermijning")
    assert theme.slug == "omgevingswet-en-ondermijning"
    source = Source.objects.get(slug="leerplichtregistratie")
    q4, q6 = Question.objects.get(number=4), Question.objects.get(number=6)
    response = client.post(
        reverse("knowledge:entry_add"),
        {
            "source": source.pk,
            "theme": theme.pk,
            "offers": "Zicht op schoolverzuim rond locaties met vergunningen.",
            "questions": [q4.pk, q6.pk],
        },
    )
    assert response.status_code == 302
    page = Client().get(theme.get_absolute_url()).content.decode()
    assert "Zicht op schoolverzuim rond locaties met vergunningen." in page
    assert Client().get("/api/v1/themes").json()["count"] == 3
    assert (
        Client()
        .get("/api/v1/sources", {"theme": theme.slug, "question": 6})
        .json()["results"][0]["slug"]
        == "leerplichtregistratie"
    )
    # adding the same source twice is refused with a clear message
    again = client.post(
        reverse("knowledge:entry_add"),
        {"source": source.pk, "theme": theme.pk, "offers": "Nogmaals.", "questions": [q4.pk]},
    )
    assert again.status_code == 409 and "staat al bij het thema" in again.content.decode(), (
        again.content.decode()[-3000:]
    )
    # the entry is part of the source's history
    assert Revision.objects.filter(
        object_type="source", object_id=source.pk, note__contains="Omgevingswet"
    ).exists()


def test_entry_edit_and_remove(loaded, demo, client_for):
    client = client_for(demo["redacteur"])
    entry = SourceEntry.objects.get(source__slug="jongerenwerk")
    q1 = Question.objects.get(number=1)
    response = client.post(
        reverse("knowledge:entry_edit", args=[entry.pk]),
        {
            "theme": entry.theme.pk,
            "offers": "Nieuwe omschrijving.",
            "questions": [q1.pk],
            "version": entry.version,
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.offers == "Nieuwe omschrijving." and list(
        entry.questions.values_list("number", flat=True)
    ) == [1]
    stale = client.post(reverse("knowledge:entry_delete", args=[entry.pk]), {"version": 1})
    assert stale.status_code == 409
    assert (
        client.post(
            reverse("knowledge:entry_delete", args=[entry.pk]), {"version": entry.version}
        ).status_code
        == 302
    )
    assert not SourceEntry.objects.filter(pk=entry.pk).exists()


def test_practice_and_instrument_forms_keep_lists(loaded, demo, client_for):
    client = client_for(demo["redacteur"])
    from wijkkompas.knowledge.models import Instrument

    instrument = Instrument.objects.get()
    form = client.get(
        reverse("knowledge:edit", args=["instrument", instrument.pk])
    ).content.decode()
    assert "Bedrijfsproces: Breng de stappen in kaart." in form
    themes = [t.pk for t in instrument.themes.all()]
    questions = [q.pk for q in instrument.questions.all()]
    response = client.post(
        reverse("knowledge:edit", args=["instrument", instrument.pk]),
        {
            "name": instrument.name,
            "slug": instrument.slug,
            "kind": "methode",
            "provider": "CCV",
            "purpose": instrument.purpose,
            "description": "",
            "steps": "Bedrijfsproces: Breng de stappen in kaart.\nBarrières: Per stap barrières kiezen.\nActies",
            "themes": themes,
            "questions": questions,
            "url": instrument.url,
            "version": instrument.version,
        },
    )
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.steps[1] == {"name": "Barrières", "description": "Per stap barrières kiezen."}
    assert instrument.steps[2] == {"name": "Acties", "description": ""}


def test_tip_flow(loaded, demo, client_for):
    anon = Client(REMOTE_ADDR="192.0.2.10")
    source = Source.objects.get(slug="jongerenwerk")
    response = anon.post(
        reverse("knowledge:tip"),
        {
            "over": f"source:{source.pk}",
            "kind": "correctie",
            "subject": "Webadres ontbreekt",
            "text": "Het jongerenwerk heeft een eigen website.",
            "contact": "",
            "website": "",
        },
    )
    assert response.status_code == 200 and "ontvangen" in response.content.decode()
    tip = Tip.objects.get()
    assert tip.status == "open" and tip.about_label == "Jongerenwerk" and tip.submitted_by is None

    # honeypot: answered politely, nothing stored
    anon.post(
        reverse("knowledge:tip"),
        {"kind": "overig", "subject": "spam", "text": "spam", "website": "http://spam.example"},
    )
    assert Tip.objects.count() == 1

    # logged-in users can tip too
    client_for(demo["wijkagent"]).post(
        reverse("knowledge:tip"),
        {
            "kind": "nieuw_thema",
            "subject": "Thema overlast",
            "text": "Graag een thema over overlast.",
        },
    )
    assert Tip.objects.filter(submitted_by=demo["wijkagent"]).exists()

    # only the redacteur sees the queue
    assert (
        client_for(demo["oov"]).get(reverse("knowledge:tip_detail", args=[tip.pk])).status_code
        == 404
    )
    redactie = client_for(demo["redacteur"])
    queue = redactie.get(reverse("knowledge:editorial")).content.decode()
    assert "Webadres ontbreekt" in queue and "Thema overlast" in queue
    response = redactie.post(
        reverse("knowledge:tip_detail", args=[tip.pk]),
        {"status": "verwerkt", "note": "Webadres toegevoegd.", "version": 1},
    )
    assert response.status_code == 302
    tip.refresh_from_db()
    assert (
        tip.status == "verwerkt"
        and tip.handled_by == demo["redacteur"]
        and tip.handling_note == "Webadres toegevoegd."
    )
    stale = redactie.post(
        reverse("knowledge:tip_detail", args=[tip.pk]),
        {"status": "afgewezen", "note": "x", "version": 1},
    )
    assert stale.status_code == 409
    assert AuditEvent.objects.filter(action="knowledge_tip_handled").count() == 1


def test_tips_are_rate_limited_per_address(loaded):
    anon = Client(REMOTE_ADDR="192.0.2.20")
    for i in range(services.TIP_LIMIT_PER_HOUR):
        assert (
            anon.post(
                reverse("knowledge:tip"), {"kind": "overig", "subject": f"Tip {i}", "text": "Tekst"}
            ).status_code
            == 200
        )
    response = anon.post(
        reverse("knowledge:tip"), {"kind": "overig", "subject": "Nog een", "text": "Tekst"}
    )
    assert response.status_code == 429 and "Probeer het later opnieuw" in response.content.decode()
    assert (
        Client(REMOTE_ADDR="192.0.2.21")
        .post(
            reverse("knowledge:tip"), {"kind": "overig", "subject": "Ander adres", "text": "Tekst"}
        )
        .status_code
        == 200
    )
    assert Tip.objects.count() == services.TIP_LIMIT_PER_HOUR + 1


def test_index_matrix_follows_theme_order(loaded):
    Theme.objects.filter(slug="zorg-en-veiligheid").update(order=0)
    html = Client().get(reverse("knowledge:index")).content.decode()
    assert html.index("Zorg en veiligheid / complexe casuïstiek") < html.index(
        "Jonge aanwas in de (georganiseerde) criminaliteit"
    )


def test_theme_in_use_by_a_dossier_is_not_deleted(loaded, demo, client_for):
    from wijkkompas.dossiers.models import Dossier

    theme = Theme.objects.get(slug="jonge-aanwas")
    Dossier.objects.create(tenant=demo["oov"].tenant, theme=theme, opened_by=demo["oov"])
    client = client_for(demo["redacteur"])
    response = client.post(
        reverse("knowledge:delete", args=["theme", theme.pk]),
        {"version": theme.version, "note": "opruimen"},
    )
    assert response.status_code == 409
    assert "in gebruik in een of meer themadossiers" in response.content.decode()
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert not Revision.objects.filter(object_type="theme", action="verwijderd").exists()


def test_loader_refuses_to_remove_a_theme_in_use(loaded, demo):
    from wijkkompas.dossiers.models import Dossier
    from wijkkompas.knowledge import loader

    theme = Theme.objects.get(slug="zorg-en-veiligheid")
    Dossier.objects.create(tenant=demo["oov"].tenant, theme=theme, opened_by=demo["oov"])
    themes = loaded / "themes.yaml"
    text = themes.read_text()
    themes.write_text(text[: text.index("  - slug: zorg-en-veiligheid")])
    sources = loaded / "sources.yaml"
    sources.write_text(
        sources.read_text().replace(
            "      - theme: zorg-en-veiligheid\n        offers: Bespreekt complexe casuïstiek met zorg- en strafpartners.\n        questions: [1, 4]\n",
            "",
        )
    )
    instruments = loaded / "instruments.yaml"
    instruments.write_text(
        instruments.read_text().replace("[jonge-aanwas, zorg-en-veiligheid]", "[jonge-aanwas]")
    )
    with pytest.raises(loader.ContentError, match="nog in gebruik"):
        loader.load(loaded)
    assert Theme.objects.filter(slug="zorg-en-veiligheid").exists()
    assert SourceEntry.objects.filter(theme=theme).count() == 1


def test_restore_an_earlier_version(loaded, demo, client_for):
    redacteur = demo["redacteur"]
    source = Source.objects.get(slug="zorg-en-veiligheidshuis")
    services.update_object(
        actor=redacteur, obj=source, fields={"description": "Tweede tekst."}, expected_version=1
    )
    entry = source.entries.get(theme__slug="jonge-aanwas")
    services.remove_source_entry(actor=redacteur, entry=entry, expected_version=entry.version)
    source.refresh_from_db()
    assert source.version == 3 and source.entries.count() == 1
    first = Revision.objects.get(object_type="source", object_id=source.pk, version=1)
    client = client_for(redacteur)
    stale = client.post(reverse("knowledge:revision", args=[first.pk]), {"version": 2})
    assert stale.status_code == 409
    response = client.post(reverse("knowledge:revision", args=[first.pk]), {"version": 3})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.version == 4
    assert source.description == "Regionaal samenwerkingsverband voor complexe casuïstiek."
    assert sorted(source.entries.values_list("theme__slug", flat=True)) == [
        "jonge-aanwas",
        "zorg-en-veiligheid",
    ]
    latest = Revision.objects.filter(object_type="source", object_id=source.pk).first()
    assert latest.version == 4 and latest.note == "teruggezet naar versie 1"
    assert "description" in latest.changed_fields and "entries" in latest.changed_fields
    assert (
        client_for(demo["oov"])
        .post(reverse("knowledge:revision", args=[first.pk]), {"version": 4})
        .status_code
        == 403
    )
