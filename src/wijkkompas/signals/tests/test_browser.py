"""A resident's report walked through the whole chain in a real browser: public form → triage by
the procesregisseur → case (go) → casusoverleg with a decision → intervention → feedback."""

from __future__ import annotations

import pytest

from wijkkompas.conftest import browser_login


@pytest.mark.browser
def test_resident_report_to_feedback(browser_page, transactional_db):
    from wijkkompas.accounts import demo as accounts_demo
    from wijkkompas.accounts.models import AuditEvent
    from wijkkompas.signals import demo as signals_demo
    from wijkkompas.signals.models import Case, CaseMeeting, Feedback, Intervention, Signal

    accounts_demo.load()
    signals_demo.load()
    page = browser_page
    base = page.base_url

    # 1. A resident reports without an account.
    page.goto(base + "/signalen/melden/")
    page.get_by_label("Waar gaat uw melding over?").select_option(
        label="Signalen van hennepteelt of drugsproductie"
    )
    page.get_by_label("Wat heeft u gezien?").fill(
        "Elke nacht zoemt er iets in de schuur achter nummer 12 en het ruikt sterk naar hennep."
    )
    page.get_by_label("Waar was het? (straat, plein of buurt)").fill(
        "Schuur achter de Kastanjelaan"
    )
    page.get_by_label("Uw e-mailadres (niet verplicht)").fill("buurtbewoner@example.org")
    page.get_by_label("Ik wil horen wat er met mijn melding gebeurt").check()
    page.wait_for_timeout(3200)  # the form refuses posts faster than a human
    page.get_by_role("button", name="Melding versturen").click()
    page.get_by_text("Dank u wel, uw melding is ontvangen.").wait_for()
    signal = Signal.objects.get(location="Schuur achter de Kastanjelaan")
    assert signal.status == Signal.Status.NEW and signal.source == Signal.Source.PUBLIC
    # The reporter's status page: the reference number and the stage, nothing of the content.
    assert page.get_by_role("heading", level=1).inner_text() == f"Melding {signal.pk}"
    status_link = page.url.replace("&nieuw=1", "")
    assert "Kastanjelaan" not in page.locator("main").inner_text()

    # 2. The procesregisseur finds it in the triage queue and opens a case.
    browser_login(page, "regisseur")
    page.goto(base + "/signalen/triage/")
    page.get_by_role("link", name=f"Signaal {signal.pk}", exact=True).click()
    page.get_by_label("Nieuwe casus openen").check()
    page.get_by_label("Reden").fill("Concreet en herhaald; past bij hennepteelt in een bijgebouw.")
    page.get_by_label("Titel nieuwe casus (bij casus openen; geen namen)").fill(
        "Hennepteelt schuur Kastanjelaan"
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_role("heading", name="Hennepteelt schuur Kastanjelaan").wait_for()
    case = Case.objects.get(title="Hennepteelt schuur Kastanjelaan")
    page.goto(status_link)
    assert "In behandeling" in page.locator(".facts").inner_text()
    assert "Hennepteelt" not in page.locator("main").inner_text()
    page.go_back()

    # 3. Go/no-go: into investigation, with a reason.
    page.get_by_label("Go: door naar de volgende stap").check()
    page.get_by_label("Motivering").fill("Energieverbruik en eigenaar nagaan.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("casus staat nu op 'In onderzoek'").wait_for()

    # 4. A casusoverleg with covenant partners and the case on the agenda.
    page.goto(base + "/signalen/overleggen/nieuw/")
    page.get_by_label("Titel").fill("Casusoverleg ondermijning december")
    page.get_by_label("Datum en tijd").fill("2026-12-01T10:00")
    page.get_by_label("Politie basisteam Voorbeeldstad").check()
    page.get_by_label("RIEC regio Voorbeeld").check()
    page.get_by_label("Hennepteelt schuur Kastanjelaan").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name="Casusoverleg ondermijning december").wait_for()
    page.get_by_label("Besluiten bij deze casus").fill(
        "Politie legt een bezoek af; gemeente onderzoekt bestuurlijke sluiting."
    )
    page.get_by_role("button", name="Besluiten opslaan").click()
    page.get_by_text("Besluiten vastgelegd.").wait_for()
    meeting = CaseMeeting.objects.get(title="Casusoverleg ondermijning december")
    assert meeting.agenda.get().decisions.startswith("Politie legt een bezoek af")

    # 5. An intervention with an owner.
    page.goto(base + f"/signalen/casussen/{case.pk}/")
    page.get_by_role("link", name="Interventie toevoegen").click()
    page.get_by_label("Soort").select_option(label="Bestuurlijk")
    page.get_by_label("Interventie").fill("Bestuurlijke waarschuwing aan de eigenaar")
    page.get_by_label("Eigenaar (organisatie)").select_option(label="Gemeente Voorbeeldstad")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", name="Bestuurlijke waarschuwing aan de eigenaar").wait_for()
    assert Intervention.objects.filter(case=case, kind="bestuurlijk").exists()

    # 6. Feedback to the resident: a fixed message that reveals nothing.
    page.goto(base + f"/signalen/meldingen/{signal.pk}/")
    page.get_by_label(
        "Uw signaal is samen met andere signalen opgepakt door de betrokken partners."
    ).check()
    page.get_by_label("Kanaal").select_option(label="E-mail")
    page.get_by_role("button", name="Terugkoppeling vastleggen").click()
    page.get_by_text("Terugkoppeling vastgelegd.").wait_for()
    page.screenshot(path=str(page.artifacts / "signalen-terugkoppeling.png"), full_page=True)

    feedback = Feedback.objects.get(signal=signal)
    assert feedback.channel == "email" and feedback.message == "samengevoegd"
    signal.refresh_from_db()
    assert signal.case_id == case.pk and signal.status == Signal.Status.IN_CASE
    actions = set(
        AuditEvent.objects.filter(actor_username="regisseur").values_list("action", flat=True)
    )
    assert {
        "signal_triage_casus",
        "case_transition",
        "meeting_created",
        "meeting_decisions",
        "intervention_created",
        "feedback_given",
    } <= actions
