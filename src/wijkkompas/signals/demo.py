"""Demo covenant, taxonomy, signals, cases, a casusoverleg, interventions and an escalation for
Voorbeeldstad. Idempotent: running it twice changes nothing. Persons are invented."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.models import Tenant, User
from wijkkompas.accounts.policy import SYSTEM
from wijkkompas.accounts.roles import Role
from wijkkompas.areas.importers.common import ImportRefused
from wijkkompas.areas.models import Area
from wijkkompas.signals import services
from wijkkompas.signals.models import (
    AccessGrant,
    AgendaItem,
    Case,
    Category,
    Contribution,
    Covenant,
    CovenantParty,
    DataClass,
    Escalation,
    Intervention,
    Signal,
    TriageDecision,
)

JA, OM = Category.Theme.JONGE_AANWAS, Category.Theme.ONDERMIJNING
_BASIS_GEMEENTE = (
    "Art. 6 lid 1 sub e AVG (publieke taak, art. 172 Gemeentewet: openbare orde) en het convenant"
)
_BASIS_JEUGD = "Art. 6 lid 1 sub e AVG; Jeugdwet art. 7.4.0 (gegevensuitwisseling in het kader van jeugdhulp) en het convenant"
_BASIS_STRAF = "Art. 6 lid 1 sub e AVG; art. 33 UAVG (strafrechtelijke gegevens) en art. 20 Wpg (verstrekking aan een samenwerkingsverband)"

# (code, name, theme, description, purpose, legal basis, public form, dismissed months, closed months)
CATEGORIES = [
    (
        "ja-geld",
        "Onverklaarbaar geld of dure spullen",
        JA,
        "Een jongere heeft ineens geld, dure kleding, meerdere telefoons of vervoer zonder verklaarbare bron.",
        "Vroeg signaleren dat een jongere wordt ingezet door een crimineel netwerk, om tijdig zorg en preventie in te zetten.",
        _BASIS_JEUGD,
        False,
        6,
        24,
    ),
    (
        "ja-ronselen",
        "Ronselen voor hand- en spandiensten",
        JA,
        "Jongeren worden benaderd om pakketjes rond te brengen, op de uitkijk te staan of hun bankrekening uit te lenen.",
        "Ronselaars en negatieve rolmodellen in beeld brengen en jongeren uit hun invloed halen.",
        _BASIS_JEUGD,
        True,
        6,
        24,
    ),
    (
        "ja-groep",
        "Problematische jongerengroep of hangplek",
        JA,
        "Nieuwe gezichten bij een hangplek, dure auto's die jongeren oppikken, intimiderend gedrag.",
        "Zicht op groepen en plekken waar jongeren in contact komen met criminele netwerken.",
        _BASIS_GEMEENTE,
        True,
        6,
        24,
    ),
    (
        "ja-school",
        "Verzuim en terugtrekken van school",
        JA,
        "Plotseling verzuim, wegblijven uit de klas of van trainingen, zich afsluiten van vrienden.",
        "Samen met school en jongerenwerk een jongere op tijd begeleiden.",
        _BASIS_JEUGD,
        False,
        6,
        24,
    ),
    (
        "ja-wapens",
        "Wapenbezit onder jongeren",
        JA,
        "Messen of andere wapens bij jongeren, dreigen met geweld, online opscheppen met wapens.",
        "Geweld voorkomen en ingrijpen bij wapenbezit.",
        _BASIS_STRAF,
        False,
        6,
        36,
    ),
    (
        "om-hennep",
        "Signalen van hennepteelt of drugsproductie",
        OM,
        "Hennepgeur, altijd gesloten of geblindeerde ramen, warmte of condens, zoemende apparaten, hoge energierekening.",
        "Criminele productie in woningen en bedrijfspanden opsporen en verstoren.",
        _BASIS_STRAF,
        True,
        6,
        36,
    ),
    (
        "om-drugsafval",
        "Drugsafval en dumpingen",
        OM,
        "Vaten, jerrycans of chemisch afval in het buitengebied, bij sloten of bosranden.",
        "Gevaar voor omgeving beperken en drugslabs in de regio opsporen.",
        _BASIS_GEMEENTE,
        True,
        6,
        36,
    ),
    (
        "om-pand",
        "Verdacht gebruik van panden",
        OM,
        "Een leegstaande boerderij of loods met nachtelijk verkeer, wisselende bewoners, een pand dat goed is afgeschermd.",
        "Misbruik van vastgoed voor criminele activiteiten tegengaan (ook via Bibob en sluiting).",
        _BASIS_GEMEENTE,
        True,
        6,
        36,
    ),
    (
        "om-bedrijf",
        "Bedrijf zonder klanten of contante stromen",
        OM,
        "Een zaak waar nooit klanten komen maar die wel openblijft, veel contant geld, snelle wisselingen van eigenaar.",
        "Witwassen via ondernemingen herkennen en bestuurlijk aanpakken.",
        _BASIS_GEMEENTE,
        True,
        6,
        36,
    ),
    (
        "om-intimidatie",
        "Intimidatie en afscherming in de buurt",
        OM,
        "Bewoners die niets durven te zeggen, uitkijkposten, fluitsignalen als er iemand onbekends de straat in komt.",
        "Weerbaarheid van bewoners versterken en criminele controle over een buurt doorbreken.",
        _BASIS_GEMEENTE,
        True,
        6,
        36,
    ),
    (
        "om-uitbuiting",
        "Arbeidsuitbuiting en overbewoning",
        OM,
        "Veel arbeidsmigranten op één adres, busjes die vroeg vertrekken, signalen van onderbetaling of afpersing.",
        "Uitbuiting en malafide huisvesting opsporen en slachtoffers helpen.",
        _BASIS_STRAF,
        False,
        6,
        36,
    ),
    (
        "om-mobiel",
        "Mobiel banditisme",
        OM,
        "Bestelbusjes met buitenlands kenteken bij parkeerplaatsen, slapen in busjes, groepen die gericht winkels bezoeken.",
        "Rondtrekkende dadergroepen vroeg zien en barrières opwerpen.",
        _BASIS_STRAF,
        False,
        6,
        36,
    ),
]

PARTIES = {
    "gemeente": "Regie (procesregisseur) en verwerkingsverantwoordelijke",
    "politie": "Wijkagenten en basisteam",
    "jongerenwerk": "Signaleren en begeleiden van jongeren",
    "zvh": "Complexe casuïstiek zorg en veiligheid",
    "riec": "Analyse en bestuurlijke aanpak ondermijning",
    "school": "Signaleren op school (vmbo)",
}
# (organisation key, role, themes, max class, may identify)
GRANTS = [
    ("gemeente", Role.PROCESREGISSEUR, (JA, OM), DataClass.BIJZONDER, True),
    ("gemeente", Role.OOV_ADVISEUR, (JA, OM), DataClass.PERSOONSGEGEVENS, False),
    ("politie", Role.PROFESSIONAL, (JA, OM), DataClass.BIJZONDER, True),
    ("jongerenwerk", Role.PROFESSIONAL, (JA,), DataClass.PERSOONSGEGEVENS, True),
    ("jongerenwerk", Role.PROFESSIONAL, (OM,), DataClass.GEWOON, False),
    ("zvh", Role.PROFESSIONAL, (JA, OM), DataClass.BIJZONDER, True),
    ("riec", Role.ANALIST, (OM,), DataClass.BIJZONDER, True),
    ("riec", Role.ANALIST, (JA,), DataClass.GEWOON, False),
    ("school", Role.PROFESSIONAL, (JA,), DataClass.PERSOONSGEGEVENS, False),
]
# Used when the wijkbeeld has no buurten for the tenant yet (codes of the CBS fixture municipality).
FALLBACK_AREA_CODES = ["BU06060101", "BU06060102", "BU06060203", "BU06060304"]


def _area_codes(tenant: Tenant) -> list[str]:
    try:
        codes = list(
            Area.objects.filter(level="buurt", municipality_code=tenant.cbs_code or "GM0606")
            .order_by("-year", "code")
            .values_list("code", flat=True)[:4]
        )
    except Exception:  # the wijkbeeld app may not be migrated in a partial install
        codes = []
    return codes if len(codes) == 4 else FALLBACK_AREA_CODES


def _at(days_ago: int, hour: int = 21) -> datetime:
    moment = timezone.localtime() - timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=15, second=0, microsecond=0)


@transaction.atomic
def load(stdout=None) -> None:
    tenant = Tenant.objects.get(slug="voorbeeldstad")
    gemeente = organisation("voorbeeldstad", "gemeente")
    covenant, _ = Covenant.objects.update_or_create(
        tenant=tenant,
        defaults={
            "name": "Convenant Preventie jonge aanwas en ondermijning Voorbeeldstad",
            "description": "Partners delen signalen over jonge aanwas en ondermijning om samen tijdig te kunnen ingrijpen: "
            "eerst met zorg en preventie, waar nodig bestuurlijk of strafrechtelijk. Alleen wat nodig is, alleen met wie het nodig heeft "
            "(informatieprotocol: triage door de procesregisseur, casusoverleg alleen met de betrokken partners, escalatie naar het "
            "repressieve spoor als apart besluit met grondslag en goedkeuring).",
            "controller": gemeente,
            "signed_on": date(2025, 3, 1),
            "valid_until": date(2028, 3, 1),
            "security_measures": "Persoonsgegevens versleuteld opgeslagen; pseudoniemen voor wie niet mag identificeren; "
            "tweestapsverificatie voor rollen met persoonsgegevens; elke inzage en wijziging in een onveranderbare audittrail; "
            "automatische anonimisering na de bewaartermijn.",
        },
    )
    for key, description in PARTIES.items():
        CovenantParty.objects.update_or_create(
            covenant=covenant,
            organisation=organisation("voorbeeldstad", key),
            defaults={
                "role_description": description,
                "privacy_assessment_done": key != "school",
                "joined_on": date(2025, 3, 1),
            },
        )
    categories = {}
    for order, (
        code,
        name,
        theme,
        description,
        purpose,
        basis,
        public,
        dismissed,
        closed,
    ) in enumerate(CATEGORIES):
        categories[code], _ = Category.objects.update_or_create(
            tenant=tenant,
            code=code,
            defaults={
                "name": name,
                "theme": theme,
                "description": description,
                "purpose": purpose,
                "legal_basis": basis,
                "public": public,
                "retention_dismissed_months": dismissed,
                "retention_closed_months": closed,
                "order": order,
            },
        )
    for org_key, role, themes, max_class, identify in GRANTS:
        org = organisation("voorbeeldstad", org_key)
        for category in categories.values():
            if category.theme in themes:
                AccessGrant.objects.update_or_create(
                    category=category,
                    organisation=org,
                    role=role,
                    defaults={"max_data_class": max_class, "may_identify": identify},
                )
    if not Signal.objects.filter(tenant=tenant).exists():
        _load_signals(tenant, categories)
    if stdout:
        stdout.write(
            "Signalen: convenant, taxonomie, signalen, casussen en casusoverleg voor Voorbeeldstad klaar."
        )


F, A = Signal.Basis.FACT, Signal.Basis.ASSUMPTION
OWN, HEARSAY = Signal.Observation.OWN, Signal.Observation.HEARSAY
NORMAL, HIGH, URGENT = Signal.Urgency.NORMAL, Signal.Urgency.HIGH, Signal.Urgency.URGENT
# Signals by professionals. (key, reporter, category, days ago, hour, basis, observation, urgency,
# area index, location, description); the subjects are set per key in _load_signals.
# fmt: off
SIGNALS = [
    ("geld", "jongerenwerker", "ja-geld", 20, 16, F, OWN, NORMAL, 0, "Jongerencentrum De Schakel", "Jongere van 15 draagt sinds een paar weken dure kleding en heeft twee telefoons. Vertelt in het jongerencentrum over 'makkelijk geld' met pakketjes rondbrengen."),
    ("ronselen", "wijkagent", "ja-ronselen", 14, 23, F, OWN, NORMAL, 0, "Hangplek Parkstraat", "Dezelfde jongere 's avonds laat gezien bij een auto met twee oudere mannen bij de hangplek; auto reed weg toen de surveillance naderde."),
    ("hangplek", "jongerenwerker", "ja-groep", 10, 20, A, HEARSAY, NORMAL, 0, "Hangplek Parkstraat", "Jongeren vertellen dat bij de hangplek nieuwe gezichten jongeren vragen 'op de uitkijk' te staan, voor 50 euro per avond."),
    ("boerderij", "wijkagent", "om-pand", 6, 2, A, OWN, HIGH, 3, "Polderweg (buitengebied)", "Leegstaande boerderij: 's nachts rijden bestelbusjes af en aan, generator hoorbaar, ramen afgeplakt."),
    ("belwinkel", "wijkagent", "om-bedrijf", 35, 14, F, OWN, NORMAL, 1, "Winkelstraat", "Belwinkel is elke dag open maar er komen vrijwel geen klanten; wel regelmatig bezoek van dure auto's die kort blijven."),
]
# Residents' reports via the public form land in the triage queue; the last, dismissed long ago,
# is removed by `wijkkompas retention run`. (category, days ago, hour, urgency, area index,
# location, description)
PUBLIC_REPORTS = [
    ("om-hennep", 2, 22, NORMAL, 0, "Achterzijde Lindelaan", "Al weken een sterke hennepgeur aan de achterkant van een woning; de ramen zijn altijd dicht en er staat 's nachts een ventilator te zoemen."),
    ("om-drugsafval", 1, 9, URGENT, 2, "Bosrand bij de Molenvliet", "Vijf blauwe vaten en jerrycans gedumpt aan de bosrand, ruikt scherp naar chemicaliën."),
    ("om-intimidatie", 260, 18, NORMAL, 1, "Marktplein", "Groep jongeren op het plein is luidruchtig."),
]
# fmt: on
# Background volume over the last months (locations only) so the figures have something to show.
# (category, area index, days ago of each signal)
SPREAD = [
    ("om-hennep", 0, (40, 70)),
    ("om-pand", 3, (55,)),
    ("ja-groep", 0, (45, 48, 52, 75, 80)),
    ("ja-groep", 1, (90,)),
    ("om-bedrijf", 1, (100,)),
    ("om-intimidatie", 1, (42,)),
    ("om-drugsafval", 2, (60,)),
]


def _load_signals(tenant: Tenant, categories: dict[str, Category]) -> None:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["jongerenwerker", "wijkagent", "regisseur", "oov", "analist"]
        )
    }
    jw, agent, regisseur = users["jongerenwerker"], users["wijkagent"], users["regisseur"]
    areas = _area_codes(tenant)
    subjects = {
        "geld": services.SubjectInput(
            kind="persoon",
            name="Demo Jongere Alfa",
            birth_date=date(2010, 3, 14),
            address="Lindelaan 1 (fictief)",
            area_code=areas[0],
        ),
        "ronselen": services.SubjectInput(
            kind="persoon", name="Demo Jongere Alfa", birth_date=date(2010, 3, 14)
        ),
        "hangplek": services.SubjectInput(
            kind="locatie", label="Hangplek Parkstraat", area_code=areas[0]
        ),
        "boerderij": services.SubjectInput(
            kind="locatie", label="Boerderij Polderweg (buitengebied)", area_code=areas[3]
        ),
        "belwinkel": services.SubjectInput(
            kind="bedrijf",
            label="Belwinkel Centrum (fictief)",
            kvk_number="99000001",
            area_code=areas[1],
        ),
    }
    signals = {}
    for (
        key,
        reporter,
        code,
        days,
        hour,
        basis,
        observation,
        urgency,
        area,
        location,
        text,
    ) in SIGNALS:
        signals[key] = services.create_signal(
            actor=users[reporter],
            category=categories[code],
            observed_at=_at(days, hour),
            basis=basis,
            observation=observation,
            urgency=urgency,
            description=text,
            location=location,
            area_code=areas[area],
            subject=subjects[key],
        )
    extra = {
        "om-hennep": {
            "contact_encrypted": services.encrypt_json({"email": "bewoner@example.org"}),
            "wants_feedback": True,
        },
        "om-intimidatie": {
            "status": Signal.Status.DISMISSED,
            "closed_at": timezone.now() - timedelta(days=250),
        },
    }
    public = [
        Signal.objects.create(
            tenant=tenant,
            category=categories[code],
            data_class=DataClass.PERSOONSGEGEVENS,
            source=Signal.Source.PUBLIC,
            observed_at=_at(days, hour),
            location=location,
            area_code=areas[area],
            basis=Signal.Basis.ASSUMPTION,
            observation=Signal.Observation.OWN,
            description=text,
            urgency=urgency,
            **extra.get(code, {}),
        )
        for code, days, hour, urgency, area, location, text in PUBLIC_REPORTS
    ]
    old = public[-1]
    TriageDecision.objects.create(
        signal=old,
        kind=TriageDecision.Kind.DISMISS,
        actor=regisseur,
        reason="Overlast, geen signaal van ondermijning; doorverwezen naar de wijkboa.",
    )
    for code, area_index, days_ago in SPREAD:
        for days in days_ago:
            services.create_signal(
                actor=agent,
                category=categories[code],
                observed_at=_at(days, 21),
                basis=Signal.Basis.FACT,
                observation=Signal.Observation.OWN,
                description=f"Waarneming tijdens surveillance ({categories[code].name.lower()}).",
                location="Surveillancegebied",
                area_code=areas[area_index],
            )

    # Case 1: jonge aanwas, partners jongerenwerk, politie, school.
    case1 = _open_case(
        regisseur,
        title="Jongere benaderd voor hand- en spandiensten (Noord)",
        category=categories["ja-ronselen"],
        summary="Meerdere signalen wijzen erop dat een 15-jarige wordt ingezet als koerier. Doel: de jongere en het gezin ondersteunen en de ronselaars in beeld brengen.",
        data_class=DataClass.PERSOONSGEGEVENS,
        partners=("jongerenwerk", "politie", "school", "zvh"),
        signals=[
            (
                signals["geld"],
                "Past bij patroon van ronselen; samen met signaal van politie oppakken.",
            ),
            (signals["ronselen"], "Zelfde jongere, bevestigt het beeld."),
            (signals["hangplek"], "Zelfde hangplek; relevant voor de aanpak van de ronselaars."),
        ],
        go=(
            "Twee feitelijke signalen van verschillende partners: nader onderzoek gerechtvaardigd.",
            "Onderzoek bevestigt contact met oudere jongeren uit het netwerk; bespreken in casusoverleg.",
        ),
    )
    meeting = services.create_meeting(
        actor=regisseur,
        title="Casusoverleg jonge aanwas Noord",
        starts_at=_at(-3, 10),
        location="Stadskantoor, zaal 2",
        participants=[
            organisation("voorbeeldstad", k) for k in ("politie", "jongerenwerk", "school", "zvh")
        ],
        cases=[case1],
    )
    item = AgendaItem.objects.get(meeting=meeting, case=case1)
    Contribution.objects.create(
        item=item,
        organisation=jw.organisation,
        author=jw,
        text="Goed contact met de jongere; hij staat open voor een mentortraject. Ouders zijn nog niet in beeld.",
    )
    for kind, title, owner, days_left, description in (
        (
            Intervention.Kind.PREVENTION,
            "Mentortraject met het jongerenwerk",
            jw.organisation,
            60,
            "Wekelijks contact, perspectief op bijbaan en opleiding.",
        ),
        (
            Intervention.Kind.CARE,
            "Gezinsgesprek via het Zorg- en Veiligheidshuis",
            organisation("voorbeeldstad", "zvh"),
            21,
            "",
        ),
    ):
        services.create_intervention(
            actor=regisseur,
            case=case1,
            kind=kind,
            title=title,
            owner=owner,
            due_date=date.today() + timedelta(days=days_left),
            description=description,
        )

    # Case 2: ondermijning, escalation to the RIEC awaiting approval.
    case2 = _open_case(
        regisseur,
        title="Leegstaande boerderij Polderweg",
        category=categories["om-pand"],
        data_class=DataClass.GEWOON,
        summary="Vermoeden van drugsproductie in een leegstaand agrarisch pand. Eigenaar en gebruik nog onduidelijk.",
        partners=("politie", "riec"),
        signals=[
            (
                signals["boerderij"],
                "Nachtelijk verkeer en afgeplakte ramen: past bij drugsproductie.",
            ),
        ],
        go=(
            "Signaal van politie is concreet; kadaster en energiegebruik opvragen.",
            "Energieverbruik ongebruikelijk hoog voor een leeg pand; bespreken met RIEC en politie.",
        ),
    )
    services.request_escalation(
        actor=regisseur,
        case=case2,
        track=Escalation.Track.RIEC,
        target=organisation("voorbeeldstad", "riec"),
        legal_basis="Convenant art. 7 (verstrekking aan het RIEC) en art. 6 lid 1 sub e AVG",
        reason="Bestuurlijke aanpak (Bibob, sluiting) vraagt een integrale analyse door het RIEC.",
        share=["casus", "signalen"],
    )
    _publish_counts_to_wijkbeeld(tenant)


def _open_case(
    regisseur: User,
    *,
    partners: tuple[str, ...],
    signals: list[tuple[Signal, str]],
    go: tuple[str, ...],
    **fields: object,
) -> Case:
    """A case with its partners, the signals triaged into it and a "go" for each reason."""
    case = services.create_case(
        actor=regisseur,
        partners=[organisation("voorbeeldstad", key) for key in partners],
        **fields,
    )
    for signal, reason in signals:
        services.triage_signal(
            actor=regisseur,
            signal=signal,
            decision=TriageDecision.Kind.ADD_TO_CASE,
            reason=reason,
            case=case,
        )
    for reason in go:
        services.transition_case(
            actor=regisseur, case=case, version=case.version, decision="go", reason=reason
        )
    return case


def _publish_counts_to_wijkbeeld(tenant: Tenant) -> None:
    """Signal counts per buurt flow into the wijkbeeld as local indicators (already suppressed)."""
    try:
        services.push_counts_to_wijkbeeld(
            actor=SYSTEM, tenant=tenant, year=timezone.localdate().year
        )
    except ImportRefused:  # the wijkbeeld has no buurten for these codes (partial install)
        return
