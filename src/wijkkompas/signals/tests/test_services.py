"""Behaviour of the signals services: covenant grants and data classes, pseudonymisation,
triage, the case flow with go/no-go, optimistic locking, meetings, escalation, feedback and
aggregates with small-number suppression."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import ApiToken, AuditEvent, Organisation, User
from wijkkompas.accounts.roles import Role
from wijkkompas.core.api_support import Conflict
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    DataClass,
    Escalation,
    Feedback,
    Signal,
    Subject,
    TriageDecision,
)

from .factories import build_world

pytestmark = pytest.mark.django_db


def _signal(actor, category, **kwargs) -> Signal:
    defaults = {
        "description": "Waarneming",
        "observed_at": timezone.now() - timedelta(hours=2),
        "basis": "feit",
        "observation": "eigen",
    }
    defaults.update(kwargs)
    return services.create_signal(actor=actor, category=category, **defaults)


def _user(org: Organisation, role: str, name: str) -> User:
    return User.objects.create(username=name, organisation=org, roles=[role], password="!")


# --- covenant grants, data classes and pseudonyms --------------------------------------------------


def test_grant_level_decides_what_a_partner_sees():
    w = build_world()
    youth_worker = _user(w.orgs["partner"], Role.PROFESSIONAL, "jw")
    AccessGrant.objects.filter(organisation=w.orgs["partner"], role=Role.PROFESSIONAL).update(
        max_data_class=DataClass.GEWOON, may_identify=False
    )
    plain = _signal(
        w.user(Role.PROCESREGISSEUR, "own"), w.category, description="Hangplek druk bezocht"
    )
    services.triage_signal(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        signal=plain,
        decision="toevoegen",
        reason="Zelfde plek",
        case=w.case,
    )
    visible = set(selectors.signals_visible_to(youth_worker).values_list("pk", flat=True))
    assert plain.pk in visible  # gewoon: shared through the case
    assert w.signal.pk not in visible  # persoonsgegevens: above the grant
    assert not policy.can(youth_worker, "view", "case", w.case)  # the case holds personal data
    assert not selectors.persons_visible_to(youth_worker).exists()


def test_non_party_organisation_sees_nothing_even_with_a_grant():
    w = build_world()
    outsider = w.user(Role.PROFESSIONAL, "nonpartner")
    assert AccessGrant.objects.filter(organisation=w.orgs["nonpartner"]).exists()
    assert not selectors.signals_visible_to(outsider).exists()
    with pytest.raises(PermissionDenied):
        _signal(outsider, w.category)


def test_person_fields_are_encrypted_at_rest_and_pseudonymised():
    w = build_world()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT identity_encrypted, label, pseudonym FROM signals_subject WHERE id = %s",
            [w.person.pk],
        )
        encrypted, label, pseudonym = cursor.fetchone()
    assert "Test Jongere" not in encrypted and "2010-01-02" not in encrypted
    assert label == pseudonym and pseudonym.startswith("P-")
    assert services.person_identity(w.person)["naam"] == "Test Jongere"
    # The same person reported by another professional gets the same pseudonym, not a new record.
    again = _signal(
        w.user(Role.PROFESSIONAL, "own"),
        w.category,
        subject=services.SubjectInput(
            kind="persoon", name="  test   jongere ", birth_date=date(2010, 1, 2)
        ),
    )
    assert again.subject_id == w.person.pk and again.data_class == DataClass.PERSOONSGEGEVENS


def test_identity_shown_only_with_may_identify():
    w = build_world()
    AccessGrant.objects.filter(organisation=w.orgs["partner"], role=Role.PROFESSIONAL).update(
        may_identify=False
    )
    agent = w.user(Role.PROFESSIONAL, "partner")
    record = selectors.person_record(agent, w.person, reason="Casusoverleg")
    assert record.identity is None and record.person.pseudonym
    regisseur_record = selectors.person_record(
        w.user(Role.PROCESREGISSEUR, "own"), w.person, reason="Triage"
    )
    assert regisseur_record.identity["naam"] == "Test Jongere"
    rows = AuditEvent.objects.filter(action="person_viewed").order_by("id")
    assert [r.detail["identity_shown"] for r in rows] == [False, True]


def test_no_scoring_of_persons_anywhere():
    names = {f.name for model in (Subject, Signal, Case) for f in model._meta.get_fields()}
    assert not {n for n in names if "score" in n or "risk" in n or "rank" in n}


# --- public form ---------------------------------------------------------------------------------


def _public_post(client: Client, w, headers: dict | None = None, **overrides):
    from django.core import signing

    token = signing.dumps(
        {"t": (timezone.now() - timedelta(seconds=10)).timestamp()}, salt="signals.public_report"
    )
    data = {
        "gemeente": "stad-a",
        "category": w.category.pk,
        "description": "Sterke hennepgeur bij de achterdeur van een woning",
        "location": "Lindelaan",
        "form_token": token,
        "website": "",
    }
    data.update(overrides)
    return client.post("/signalen/melden/", data, REMOTE_ADDR="192.0.2.10", **(headers or {}))


def test_public_report_lands_only_in_the_triage_queue():
    w = build_world()
    response = _public_post(Client(), w, contact_email="bewoner@example.org", wants_feedback="on")
    assert response.status_code == 302 and response["Location"].endswith(
        "/signalen/melden/bedankt/"
    )
    signal = Signal.objects.get(source=Signal.Source.PUBLIC)
    assert (
        signal.status == Signal.Status.NEW
        and signal.reporter_organisation is None
        and signal.wants_feedback
    )
    assert "bewoner@example.org" not in signal.contact_encrypted
    assert signal in selectors.triage_queue(w.user(Role.PROCESREGISSEUR, "own"))
    for role in (Role.PROFESSIONAL, Role.OOV_ADVISEUR):
        assert not selectors.signals_visible_to(w.user(role, "own")).filter(pk=signal.pk).exists()
    assert (
        not selectors.signals_visible_to(w.user(Role.PROCESREGISSEUR, "partner"))
        .filter(pk=signal.pk)
        .exists()
    )


def test_public_form_honeypot_time_check_and_rate_limit():
    w = build_world()
    client = Client()
    assert _public_post(client, w, website="http://spam.example").status_code == 302
    assert not Signal.objects.filter(
        source=Signal.Source.PUBLIC
    ).exists()  # the bot is told "thanks"; nothing stored
    from django.core import signing

    fresh = signing.dumps({"t": timezone.now().timestamp()}, salt="signals.public_report")
    too_fast = _public_post(client, w, form_token=fresh)
    assert too_fast.status_code == 200 and "te snel verstuurd" in too_fast.content.decode()
    forged = _public_post(client, w, form_token="vals")
    assert "verlopen" in forged.content.decode()
    for _ in range(services.PUBLIC_MAX_PER_HOUR):
        assert _public_post(client, w).status_code == 302
    blocked = _public_post(client, w)
    assert blocked.status_code == 200 and "meerdere meldingen" in blocked.content.decode()
    assert (
        Signal.objects.filter(source=Signal.Source.PUBLIC).count() == services.PUBLIC_MAX_PER_HOUR
    )
    spoofed = _public_post(client, w, headers={"HTTP_X_FORWARDED_FOR": "203.0.113.7"})
    assert (
        "meerdere meldingen" in spoofed.content.decode()
    )  # a made-up header does not reset the limit
    assert (
        Signal.objects.filter(source=Signal.Source.PUBLIC).count() == services.PUBLIC_MAX_PER_HOUR
    )


def test_public_form_rejects_non_public_category_and_names_the_field():
    from .factories import CategoryFactory

    w = build_world()
    CategoryFactory(tenant=w.tenant_a, code="openbaar", public=True)
    w.category.public = False
    w.category.save()
    response = _public_post(Client(), w)
    html = response.content.decode()
    assert response.status_code == 200 and "Waar gaat uw melding over?" in html
    assert "Selecteer een geldige keuze" in html or "Kies een onderwerp" in html
    assert not Signal.objects.filter(source=Signal.Source.PUBLIC).exists()


# --- triage --------------------------------------------------------------------------------------


def test_triage_decisions_are_logged_with_reason():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    reporter = w.user(Role.PROFESSIONAL, "partner")
    s1, s2, s3, s4 = (_signal(reporter, w.category, description=f"Signaal {n}") for n in range(4))
    with pytest.raises(ValidationError):
        services.triage_signal(actor=regisseur, signal=s1, decision="afwijzen", reason="  ")
    services.triage_signal(
        actor=regisseur, signal=s1, decision="afwijzen", reason="Geen aanwijzing voor ondermijning"
    )
    services.triage_signal(
        actor=regisseur, signal=s2, decision="urgent", reason="Jongere in direct gevaar"
    )
    d3 = services.triage_signal(
        actor=regisseur,
        signal=s3,
        decision="casus",
        reason="Nieuw patroon",
        case_title="Nieuwe casus",
    )
    services.triage_signal(
        actor=regisseur,
        signal=s4,
        decision="doorsturen",
        reason="Politie pakt op",
        organisation=w.orgs["partner"],
    )
    s1.refresh_from_db(), s2.refresh_from_db(), s3.refresh_from_db(), s4.refresh_from_db()
    assert s1.status == Signal.Status.DISMISSED and s1.closed_at
    assert s2.urgency == Signal.Urgency.URGENT and s2.status == Signal.Status.NEW
    assert s3.case_id == d3.case_id and s3.status == Signal.Status.IN_CASE
    assert w.orgs["partner"] in d3.case.partners.all()  # the reporting partner joins the case
    assert s4.status == Signal.Status.FORWARDED and w.orgs["partner"] in s4.forwarded_to.all()
    assert TriageDecision.objects.filter(signal__in=[s1, s2, s3, s4]).count() == 4
    reasons = set(
        AuditEvent.objects.filter(action__startswith="signal_triage_").values_list(
            "reason", flat=True
        )
    )
    assert {
        "Geen aanwijzing voor ondermijning",
        "Jongere in direct gevaar",
        "Nieuw patroon",
        "Politie pakt op",
    } <= reasons
    with pytest.raises(ValidationError):
        services.triage_signal(actor=regisseur, signal=s1, decision="urgent", reason="Nogmaals")


def test_forwarding_respects_the_covenant():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    signal = _signal(regisseur, w.category)
    with pytest.raises(ValidationError) as err:
        services.triage_signal(
            actor=regisseur,
            signal=signal,
            decision="doorsturen",
            reason="x",
            organisation=w.orgs["nonpartner"],
        )
    assert "neemt niet deel" in str(err.value)
    AccessGrant.objects.filter(organisation=w.orgs["partner"]).update(
        max_data_class=DataClass.GEWOON
    )
    person_signal = _signal(
        regisseur,
        w.category,
        subject=services.SubjectInput(
            kind="persoon", name="Iemand Anders", birth_date=date(2009, 9, 9)
        ),
    )
    with pytest.raises(ValidationError) as err:
        services.triage_signal(
            actor=regisseur,
            signal=person_signal,
            decision="doorsturen",
            reason="x",
            organisation=w.orgs["partner"],
        )
    assert "mag" in str(err.value)


def test_only_the_coordinating_regisseur_triages():
    w = build_world()
    signal = _signal(w.user(Role.PROFESSIONAL, "partner"), w.category)
    assert policy.can(w.user(Role.PROCESREGISSEUR, "own"), "triage", "signal", signal)
    assert not policy.can(w.user(Role.PROCESREGISSEUR, "partner"), "triage", "signal", signal)
    assert not policy.can(w.user(Role.PROFESSIONAL, "own"), "triage", "signal", signal)


# --- cases ---------------------------------------------------------------------------------------


def test_case_flow_go_no_go_and_timeline():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    case = w.case
    statuses = [case.status]
    for step in range(len(Case.FLOW) - 1):
        with pytest.raises(ValidationError):
            services.transition_case(
                actor=regisseur, case=case, version=case.version, decision="go", reason=""
            )
        services.transition_case(
            actor=regisseur,
            case=case,
            version=case.version,
            decision="go",
            reason=f"Stap {step} afgerond",
        )
        statuses.append(case.status)
    assert statuses == [s.value for s in Case.FLOW]
    assert case.closed_at and Signal.objects.get(pk=w.signal.pk).closed_at
    with pytest.raises(ValidationError):
        services.transition_case(
            actor=regisseur, case=case, version=case.version, decision="go", reason="nog een stap"
        )
    other = services.create_case(actor=regisseur, title="Kort", summary="", category=w.category)
    services.transition_case(
        actor=regisseur,
        case=other,
        version=other.version,
        decision="no_go",
        reason="Signalen blijken niet te kloppen",
    )
    assert other.status == Case.Status.CLOSED
    timeline = selectors.case_timeline(regisseur, case)
    kinds = [e.kind for e in timeline]
    assert (
        "casus" in kinds
        and "signaal" in kinds
        and "besluit" in kinds
        and "overleg" in kinds
        and "interventie" in kinds
        and "escalatie" in kinds
    )
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)


def test_stale_case_edit_conflicts_and_keeps_the_users_text(client_for):
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    stale = w.case.version
    services.update_case(
        actor=regisseur,
        case=Case.objects.get(pk=w.case.pk),
        version=stale,
        title="Eerst",
        summary="a",
        data_class=2,
        partners=[w.orgs["partner"]],
    )
    with pytest.raises(Conflict):
        services.update_case(
            actor=regisseur,
            case=Case.objects.get(pk=w.case.pk),
            version=stale,
            title="Later",
            summary="b",
            data_class=2,
            partners=[],
        )
    assert Case.objects.get(pk=w.case.pk).title == "Eerst"
    page = client_for(regisseur).post(
        f"/signalen/casussen/{w.case.pk}/bewerken/",
        {
            "title": "Mijn titel",
            "summary": "Mijn lange samenvatting die niet verloren mag gaan",
            "data_class": 2,
            "partners": [w.orgs["partner"].pk],
            "version": stale,
        },
    )
    html = page.content.decode()
    assert (
        page.status_code == 409
        and "intussen gewijzigd" in html
        and "Mijn lange samenvatting die niet verloren mag gaan" in html
    )
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(regisseur)}"})
    response = api.patch(
        f"/api/v1/cases/{w.case.pk}",
        json.dumps({"version": stale, "title": "API", "data_class": 2}),
        content_type="application/json",
    )
    assert response.status_code == 409 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 409 and body["current"]["version"] == stale + 1 and body["detail"]
    assert Case.objects.get(pk=w.case.pk).title == "Eerst"


def test_case_partners_must_be_covenant_parties():
    w = build_world()
    with pytest.raises(ValidationError) as err:
        services.create_case(
            actor=w.user(Role.PROCESREGISSEUR, "own"),
            title="X",
            summary="",
            category=w.category,
            partners=[w.orgs["nonpartner"]],
        )
    assert "Corporatie A" in str(err.value)


# --- meetings, interventions, escalation, feedback ------------------------------------------------


def test_meeting_participants_limited_to_partners_and_minutes_pdf(client_for):
    from io import BytesIO

    from pypdf import PdfReader

    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    with pytest.raises(ValidationError):
        services.create_meeting(
            actor=regisseur,
            title="X",
            starts_at=timezone.now(),
            participants=[w.orgs["nonpartner"]],
        )
    item = w.meeting.agenda.get()
    services.add_contribution(
        actor=w.user(Role.PROFESSIONAL, "partner"),
        item=item,
        text="Politie kent de auto uit eerdere controles.",
    )
    services.record_decisions(
        actor=regisseur, item=item, decisions="Mentortraject starten; ouders uitnodigen."
    )
    services.add_action_item(
        actor=regisseur,
        item=item,
        description="Ouders uitnodigen",
        owner=w.orgs["partner"],
        due_date=date.today(),
    )
    with pytest.raises(ValidationError):
        services.add_action_item(
            actor=regisseur, item=item, description="x", owner=w.orgs["nonpartner"], due_date=None
        )
    response = client_for(w.user(Role.PROFESSIONAL, "partner")).get(
        f"/signalen/overleggen/{w.meeting.pk}/verslag.pdf"
    )
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert (
        "Politie kent de auto" in text
        and "Mentortraject starten" in text
        and "Ouders uitnodigen" in text
    )


def test_intervention_owner_updates_and_result_required():
    w = build_world()
    professional = w.user(Role.PROFESSIONAL, "own")
    with pytest.raises(ValidationError):
        services.update_intervention(
            actor=professional,
            intervention=w.intervention,
            version=w.intervention.version,
            status="afgerond",
            result="",
            due_date=None,
        )
    services.update_intervention(
        actor=professional,
        intervention=w.intervention,
        version=w.intervention.version,
        status="afgerond",
        result="Jongere heeft bijbaan en gaat weer naar school.",
        due_date=None,
    )
    w.intervention.refresh_from_db()
    assert w.intervention.status == "afgerond" and w.intervention.version == 2


def test_escalation_is_four_eyes_and_freezes_what_was_shared():
    w = build_world()
    regisseur, oov = w.user(Role.PROCESREGISSEUR, "own"), w.user(Role.OOV_ADVISEUR, "own")
    receiver = w.user(Role.ANALIST, "partner")
    with pytest.raises(ValidationError):
        services.request_escalation(
            actor=regisseur,
            case=w.case,
            track="riec",
            target=w.orgs["partner"],
            legal_basis="",
            reason="x",
            share=["casus"],
        )
    e = services.request_escalation(
        actor=regisseur,
        case=w.case,
        track="riec",
        target=w.orgs["partner"],
        legal_basis="Convenant art. 7",
        reason="Bibob-toets nodig",
        share=["casus", "personen"],
    )
    assert e.shared["personen"][0]["naam"] == "Test Jongere" and "signalen" not in e.shared
    assert not policy.can(receiver, "view", "escalation", e)  # not before approval
    assert not policy.can(regisseur, "approve", "escalation", e)  # not by the requester
    with pytest.raises(PermissionDenied):
        services.decide_escalation(actor=regisseur, escalation=e, approve=True, note="zelf")
    services.decide_escalation(
        actor=oov, escalation=e, approve=True, note="Akkoord, grondslag klopt"
    )
    assert policy.can(receiver, "view", "escalation", e)
    current = Case.objects.get(pk=w.case.pk)
    services.update_case(
        actor=regisseur,
        case=current,
        version=current.version,
        title="Nieuwe titel",
        summary="",
        data_class=2,
        partners=[w.orgs["partner"]],
    )
    e.refresh_from_db()
    assert (
        e.shared["casus"]["titel"] == "Casus A"
    )  # exactly what was handed over, not today's state
    assert AuditEvent.objects.filter(
        action="escalation_approved", reason="Akkoord, grondslag klopt"
    ).exists()


def test_feedback_reveals_nothing_and_is_tracked():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    reporter = w.user(Role.PROFESSIONAL, "partner")
    signal = _signal(reporter, w.category)
    with pytest.raises(ValidationError):
        services.give_feedback(
            actor=regisseur,
            signal=signal,
            message="Het gaat om de zoon van de buren",
            channel="app",
        )
    services.give_feedback(actor=regisseur, signal=signal, message="in_behandeling", channel="app")
    assert (
        Feedback.objects.get(signal=signal)
        .get_message_display()
        .startswith("Er wordt iets met uw signaal gedaan")
    )
    public = Signal.objects.create(
        tenant=w.tenant_a,
        category=w.category,
        source=Signal.Source.PUBLIC,
        observed_at=timezone.now(),
        description="x",
        basis="aanname",
        observation="eigen",
    )
    with pytest.raises(ValidationError):
        services.give_feedback(
            actor=regisseur, signal=public, message="ontvangen", channel="email"
        )  # no contact details
    with pytest.raises(PermissionDenied):
        services.give_feedback(
            actor=w.user(Role.PROFESSIONAL, "own"),
            signal=signal,
            message="ontvangen",
            channel="app",
        )


# --- aggregates, register, demo -------------------------------------------------------------------


def test_signal_counts_suppress_small_numbers_and_skip_dismissed():
    w = build_world()
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.now() - timedelta(days=1)
    for _ in range(6):
        _signal(agent, w.category, area_code="BU00010101", observed_at=when)
    dismissed = _signal(agent, w.category, area_code="BU00010202", observed_at=when)
    services.triage_signal(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        signal=dismissed,
        decision="afwijzen",
        reason="onjuist",
    )
    _signal(agent, w.category, area_code="BU00010303", observed_at=when)
    rows = {
        r["area_code"]: r
        for r in selectors.signal_counts(w.tenant_a, since=when - timedelta(hours=1))
    }
    assert rows["BU00010101"]["count"] == 6 and rows["BU00010101"]["display"] == "6"
    assert (
        rows["BU00010303"]["count"] is None
        and rows["BU00010303"]["display"] == "<5"
        and rows["BU00010303"]["suppressed"]
    )
    assert "BU00010202" not in rows
    assert selectors.signal_counts(w.tenant_b) == []


def test_local_indicator_rows_for_the_wijkbeeld_are_suppressed():
    w = build_world()
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.now() - timedelta(days=1)
    for _ in range(5):
        _signal(agent, w.category, area_code="BU00010101", observed_at=when)
    year = timezone.localtime(when).year
    rows = selectors.local_indicator_rows(w.tenant_a, year=year)
    by_key = {(r["gebiedscode"], r["indicator"]): r["waarde"] for r in rows}
    expected = 5 + (
        timezone.localtime(w.signal.observed_at).year == year
    )  # plus the world's own signal
    assert by_key[("BU00010101", "signalen_totaal")] == expected
    assert by_key[("BU00010101", "signalen_jonge_aanwas")] == expected
    assert all(set(r) >= {"gebiedscode", "periode", "indicator", "waarde", "naam"} for r in rows)
    _signal(agent, w.category, area_code="BU00010909", observed_at=when)
    rows = selectors.local_indicator_rows(w.tenant_a, year=timezone.localtime(when).year)
    assert {r["waarde"] for r in rows if r["gebiedscode"] == "BU00010909"} == {None}


def test_processing_register_comes_from_the_covenant(client_for):
    w = build_world()
    beheerder = w.user(Role.BEHEERDER, "own")
    page = client_for(beheerder).get("/signalen/register/").content.decode()
    assert w.category.purpose in page and w.category.legal_basis in page and "Politie A" in page
    assert "Corporatie A" not in page.split("Deelnemende organisaties")[1].split("Verwerkingen")[0]
    pdf = client_for(beheerder).get("/signalen/register.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_access_export_contains_everything_about_the_person(client_for):
    w = build_world()
    selectors.person_record(
        w.user(Role.PROCESREGISSEUR, "own"), w.person, reason="Voorbereiding overleg"
    )
    beheerder = w.user(Role.BEHEERDER, "own")
    found = client_for(beheerder).get(
        "/signalen/inzageverzoek/", {"name": "Test Jongere", "birth_date": "2010-01-02"}
    )
    assert found.status_code == 302 and found["Location"].endswith(
        f"/personen/{w.person.pk}/inzage/"
    )
    response = client_for(beheerder).post(
        f"/signalen/personen/{w.person.pk}/inzage/", {"reason": "Verzoek van betrokkene"}
    )
    data = json.loads(response.content)
    assert data["identificerende_gegevens"]["naam"] == "Test Jongere"
    assert data["signalen"][0]["grondslag"] == w.category.legal_basis
    assert data["casussen"][0]["verstrekt_aan"][0]["organisatie"] == "Politie A"
    assert any(r["reden"] == "Voorbereiding overleg" for r in data["inzage_door_gebruikers"])


def test_demo_is_idempotent_and_visibility_matches_the_brief(demo):
    from wijkkompas.signals import demo as signals_demo

    signals_demo.load()
    counts = (
        Signal.objects.count(),
        Case.objects.count(),
        Escalation.objects.count(),
        AccessGrant.objects.count(),
    )
    signals_demo.load()
    assert (
        Signal.objects.count(),
        Case.objects.count(),
        Escalation.objects.count(),
        AccessGrant.objects.count(),
    ) == counts
    assert selectors.signals_visible_to(demo["jongerenwerker"]).exists()
    assert (
        selectors.cases_visible_to(demo["jongerenwerker"])
        .exclude(status=Case.Status.CLOSED)
        .exists()
    )
    for username in ("corporatie", "oov-buur"):
        assert not selectors.signals_visible_to(demo[username]).exists()
        assert not selectors.cases_visible_to(demo[username]).exists()
        assert not selectors.persons_visible_to(demo[username]).exists()
    assert selectors.triage_queue(demo["regisseur"]).filter(source=Signal.Source.PUBLIC).exists()


def test_casusoverleg_through_the_api():
    w = build_world()
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    partner = w.user(Role.PROFESSIONAL, "partner")
    outsider = w.user(Role.PROFESSIONAL, "nonpartner")

    def api(user):
        return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})

    url = f"/api/v1/meetings/{w.meeting.pk}/agenda/{w.case.pk}"
    r = api(partner).post(
        f"{url}/contributions",
        json.dumps({"text": "Politie: auto bekend van eerdere controles."}),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert (
        api(outsider)
        .post(f"{url}/contributions", json.dumps({"text": "x"}), content_type="application/json")
        .status_code
        == 404
    )
    assert (
        api(partner)
        .put(f"{url}/decisions", json.dumps({"text": "x"}), content_type="application/json")
        .status_code
        == 403
    )
    r = api(regisseur).put(
        f"{url}/decisions",
        json.dumps({"text": "Mentortraject starten."}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["agenda"][0]["decisions"] == "Mentortraject starten."
    r = api(regisseur).post(
        f"{url}/actions",
        json.dumps({"description": "Ouders uitnodigen", "owner_id": w.orgs["nonpartner"].pk}),
        content_type="application/json",
    )
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    r = api(regisseur).post(
        f"{url}/actions",
        json.dumps({"description": "Ouders uitnodigen", "owner_id": w.orgs["partner"].pk}),
        content_type="application/json",
    )
    assert r.status_code == 201
    again = api(regisseur).post(
        f"/api/v1/meetings/{w.meeting.pk}/agenda",
        json.dumps({"case_id": w.case.pk}),
        content_type="application/json",
    )
    assert again.status_code == 422 and "al op de agenda" in again.json()["detail"]


def test_rate_limit_address_trusts_only_the_proxy_hop():
    from django.test import RequestFactory

    rf = RequestFactory()
    behind_proxy = rf.post(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.5"
    )
    assert services.public_client_address(behind_proxy) == "198.51.100.5"  # the hop our proxy added
    direct = rf.post("/", REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert (
        services.public_client_address(direct) == "192.0.2.44"
    )  # not from a proxy: header ignored


def test_api_person_reason_may_come_in_a_header():
    w = build_world()
    api = Client(
        headers={
            "Authorization": f"Bearer {ApiToken.issue(w.user(Role.PROCESREGISSEUR, 'own'))}",
            "X-Reden": "Voorbereiding casusoverleg",
        }
    )
    response = api.get(f"/api/v1/persons/{w.person.pk}")
    assert response.status_code == 200 and response.json()["identity"]["naam"] == "Test Jongere"
    assert AuditEvent.objects.filter(
        action="person_viewed", reason="Voorbereiding casusoverleg"
    ).exists()
