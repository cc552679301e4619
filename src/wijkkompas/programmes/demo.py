"""Demo: Voorbeeldstad runs "Preventieve aanpak jonge aanwas Nieuwland" from the integrale
werkwijze, in step 2 after a recorded go, with partners, actions (some from the demo barrier
model, one overdue), two meetings, indicators linked to wijkbeeld figures and signal counts, and
one published report. No person data: organisations, roles and bodies only. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.models import Tenant, User
from wijkkompas.areas.models import Area
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.barriers.models import Element
from wijkkompas.knowledge.models import Theme
from wijkkompas.programmes import reporting, services, work
from wijkkompas.programmes.models import MethodTemplate, Programme

TITLE = "Preventieve aanpak jonge aanwas Nieuwland"
NIEUWLAND = "BU99010201"
SYSTEM = policy.SYSTEM


def _say(stdout, text: str) -> None:
    if stdout:
        stdout.write(text)


@transaction.atomic
def load(stdout=None) -> None:
    services.load_templates()
    tenant = Tenant.objects.filter(slug="voorbeeldstad").first()
    if tenant is None:
        return
    if Programme.objects.filter(tenant=tenant, title=TITLE).exists():
        _say(stdout, "Aanpak: demo bestond al.")
        return
    org = {k: organisation("voorbeeldstad", k) for k in ("gemeente", "politie", "jongerenwerk")}
    org.update({k: organisation("voorbeeldstad", k) for k in ("school", "corporatie", "zvh")})
    today = timezone.localdate()
    areas = [c for c in (NIEUWLAND,) if Area.objects.filter(code=c).exists()]
    programme = services.start_programme(
        actor=SYSTEM,
        tenant=tenant,
        template=MethodTemplate.objects.get(tenant=None, key="integrale-werkwijze"),
        title=TITLE,
        lead_organisation=org["gemeente"],
        coordinator=User.objects.filter(username="regisseur").first(),
        theme=Theme.objects.filter(slug="jonge-aanwas").first(),
        area_codes=areas,
        problem_definition=(
            "Partners zien dat jongeren van 12 tot 17 jaar in Nieuwland worden benaderd voor "
            "hand-en-spandiensten in de drugshandel. Welk deel daarvan feit is en welk deel "
            "aanname, zoekt de QuickScan uit."
        ),
        goals=(
            "Minder instroom van jongeren in drugscriminaliteit; professionals herkennen en "
            "melden eerder; een sluitend aanbod van school, jongerenwerk en wijkteam."
        ),
        steering_group="Burgemeester, teamchef politie, directeur jongerenwerk, directeur vmbo",
        start_date=today - dt.timedelta(days=120),
        planned_end=today + dt.timedelta(days=245),
        partners=[
            (org["politie"], "kernteam"),
            (org["jongerenwerk"], "kernteam"),
            (org["school"], "uitvoering"),
            (org["corporatie"], "advies"),
            (org["zvh"], "advies"),
        ],
    )
    now = timezone.now()
    session = work.create_meeting(
        actor=SYSTEM,
        programme=programme,
        kind="werksessie",
        title="Signalensessie QuickScan",
        starts_at=now - dt.timedelta(days=75),
        duration_minutes=180,
        location="Wijkcentrum Noord",
        agenda="Wat ziet elke partner?\nFeiten en aannames scheiden\nProbleemdefinitie",
        participants=[org[k] for k in ("gemeente", "politie", "jongerenwerk", "school")],
    )
    work.save_minutes(
        actor=SYSTEM,
        meeting=session,
        version=session.version,
        text="Alle partners brachten hun signalen in. Na toetsing bleef ongeveer een tiende als "
        "feit over; de rest zijn aannames die de partners verder uitzoeken.",
        confidential_text="Besproken welke registraties de politie wel en niet mag delen.",
    )
    session.refresh_from_db()
    work.approve_minutes(actor=SYSTEM, meeting=session, version=session.version)
    steering = work.create_meeting(
        actor=SYSTEM,
        programme=programme,
        kind="stuurgroep",
        title="Stuurgroep: go/no-go na de QuickScan",
        starts_at=now - dt.timedelta(days=40),
        location="Stadhuis",
        agenda="Probleemdefinitie\nGo/no-go stap 1\nOpdracht systeemwereld",
        participants=[org[k] for k in ("gemeente", "politie", "jongerenwerk", "school")],
    )
    services.record_decision(
        actor=SYSTEM,
        step=programme.steps.get(position=1),
        version=1,
        outcome="go",
        rationale="De probleemdefinitie wordt door alle partners gedragen en rust op getoetste "
        "feiten; de aannames krijgen elk een partner die ze uitzoekt.",
        body="stuurgroep",
        decided_on=(now - dt.timedelta(days=40)).date(),
        meeting=steering,
        facts=[
            {
                "statement": "Politie registreerde meerdere meldingen van ronselen rond de school",
                "kind": "feit",
                "source": "Politie basisteam Voorbeeldstad, registratie",
            },
            {
                "statement": "Het aantal signalen in Noord stijgt",
                "kind": "feit",
                "source": "Wijkbeeld: signalen per buurt",
            },
            {
                "statement": "Jongeren worden per klus betaald",
                "kind": "aanname",
                "source": "Jongerenwerk, gesprekken op straat",
            },
        ],
    )
    work.save_minutes(
        actor=SYSTEM,
        meeting=steering,
        version=steering.version,
        text="De stuurgroep besloot tot go: de aanpak gaat door naar de systeemwereld.",
    )
    steering.refresh_from_db()
    work.approve_minutes(actor=SYSTEM, meeting=steering, version=steering.version)
    work.add_meeting_decision(
        actor=SYSTEM,
        meeting=steering,
        text="Jongerenwerk en school maken afspraken over een vast aanspreekpunt per klas",
        action_owner=org["jongerenwerk"],
        action_due=today + dt.timedelta(days=30),
    )
    work.create_action(
        actor=SYSTEM,
        programme=programme,
        title="Informatieprotocol met de partners van het convenant uitwerken",
        owner_organisation=org["gemeente"],
        owner_role="OOV-adviseur",
        due_date=today + dt.timedelta(days=45),
        status="bezig",
    )
    work.create_action(
        actor=SYSTEM,
        programme=programme,
        title="Wijkagent geeft voorlichting op het vmbo over ronselen",
        owner_organisation=org["politie"],
        owner_role="wijkagent",
        due_date=today - dt.timedelta(days=10),
    )
    barriers = Element.objects.filter(
        kind="barriere",
        step__model__tenant=tenant,
        owner__isnull=False,
        step__model__title="Jonge aanwas in drugscriminaliteit",
    ).order_by("step__position", "position", "id")[:3]
    for barrier in barriers:
        work.action_from_barrier(actor=SYSTEM, programme=programme, barrier=barrier)
    _indicators(programme)
    report = reporting.create_report(
        actor=SYSTEM,
        programme=programme,
        title="Voortgangsrapportage 1: QuickScan afgerond",
        period_start=today - dt.timedelta(days=120),
        period_end=today - dt.timedelta(days=30),
        risks="Capaciteit van het jongerenwerk; informatie-uitwisseling wacht op het protocol.",
        next_steps="Systeemwereld: taken, bevoegdheden en commitment van de bestuurders vastleggen.",
    )
    reporting.publish_report(actor=SYSTEM, report=report, version=report.version)
    reporting.next_draft(actor=SYSTEM, report=report)
    _say(stdout, f"Aanpak: '{TITLE}' in Voorbeeldstad klaar (stap 2 loopt).")


def _indicators(programme: Programme) -> None:
    if NIEUWLAND not in programme.area_codes:
        return
    for code, name in (
        ("k_15Tot25Jaar", "Jongeren van 15 tot 25 jaar in Nieuwland"),
        ("signalen_totaal", "Signalen in Nieuwland (afgerond)"),
    ):
        linked = AreaIndicator.objects.filter(code=code).first()
        if linked is not None:
            reporting.create_indicator(
                actor=SYSTEM,
                programme=programme,
                name=name,
                area_code=NIEUWLAND,
                wijkbeeld_indicator=linked,
            )
    manual = reporting.create_indicator(
        actor=SYSTEM,
        programme=programme,
        name="Professionals getraind in signaalherkenning",
        unit="aantal",
        baseline=0,
        baseline_year=2025,
        target=60,
        target_year=2027,
    )
    reporting.record_measurement(
        actor=SYSTEM,
        indicator=manual,
        version=manual.version,
        year=2025,
        value=25,
        source="Gemeente Voorbeeldstad, deelnemerslijsten workshops",
    )
