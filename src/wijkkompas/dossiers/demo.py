"""Demo: Voorbeeldstad's open dossier on jonge aanwas, part way through the sources. Idempotent;
runs after the Kennisbank demo (INSTALLED_APPS order) and skips when the theme is missing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts.models import Tenant, User
from wijkkompas.dossiers import services
from wijkkompas.dossiers.models import Dossier, SourceStatus, Status
from wijkkompas.knowledge.models import Question, Theme

THEME_SLUG = "jonge-aanwas"

FINDINGS = {
    1: (
        "Jonge aanwas gaat over kinderen en jongeren die door criminele netwerken worden geronseld, "
        "vaak via klusjes als koerier of uitkijk. De gemeente heeft een regierol; partners zijn onder "
        "meer politie, jongerenwerk, onderwijs en het Zorg- en Veiligheidshuis.\n\n"
        "- Landelijk kader: preventieve aanpak jonge aanwas (ondermijningsgelden)\n"
        "- Eigen instrumenten: bestuurlijke rapportage, persoonsgerichte aanpak, BIBOB"
    ),
    4: (
        "Wijkagent en jongerenwerk melden in Voorbeeldstad-Noord een groep van ongeveer tien jongeren "
        "rond het winkelcentrum; signalen van ronselen via sociale media. Cijfers uit het wijkbeeld "
        "volgen zodra de buurtcijfers zijn ingelezen."
    ),
}
NEXT_STEPS = (
    "1. Informatieprotocol met politie, jongerenwerk en onderwijs afsluiten (voor de zomer).\n"
    "2. Barrièremodel jonge aanwas opstellen met de ketenpartners.\n"
    "3. Koersnotitie bespreken in de driehoek en daarna in de commissie."
)


def _status_plan(entries: list) -> list[tuple[object, str, int]]:
    """(entry, status, days ago) for the first sources: a believable half-way picture."""
    plan = [
        (Status.BENADERD, 40),
        (Status.ONTVANGEN, 28),
        (Status.GEBORGD, 21),
        (Status.ONTVANGEN, 14),
        (Status.BENADERD, 7),
        (Status.ONTVANGEN, 3),
    ]
    return [(entry, status, days) for entry, (status, days) in zip(entries, plan, strict=False)]


@transaction.atomic
def load(stdout=None) -> None:
    def say(text: str) -> None:
        if stdout:
            stdout.write(text)

    theme = Theme.objects.filter(slug=THEME_SLUG).first()
    tenant = Tenant.objects.filter(slug="voorbeeldstad").first()
    oov = User.objects.filter(username="oov").first()
    if theme is None or tenant is None or oov is None or not Question.objects.exists():
        say(
            f"Themadossier overgeslagen: thema '{THEME_SLUG}', de zes vragen of de demogebruikers ontbreken."
        )
        return
    dossier = Dossier.objects.filter(tenant=tenant, theme=theme).first()
    if dossier is not None:
        say(f"Themadossier '{theme.name}' voor {tenant.name} bestaat al.")
        return
    dossier = services.open_dossier(actor=oov, tenant=tenant, theme=theme)
    today = timezone.localdate()
    entries = list(
        theme.source_entries.select_related("source").order_by("source__kind", "source__name")
    )
    # Earliest first, so the history line grows over the weeks.
    for entry, status, days in sorted(_status_plan(entries), key=lambda item: -item[2]):
        current = SourceStatus.objects.filter(dossier=dossier, entry=entry).first()
        version = current.version if current else 0
        if status in (Status.ONTVANGEN, Status.GEBORGD) and current is None:
            version = services.set_source_status(
                actor=oov,
                dossier=dossier,
                entry=entry,
                status=Status.BENADERD,
                day=today - timedelta(days=days + 5),
                note="Eerste contact gelegd.",
                expected_version=version,
            ).version
        services.set_source_status(
            actor=oov,
            dossier=dossier,
            entry=entry,
            status=status,
            day=today - timedelta(days=days),
            expected_version=version,
        )
    questions = {q.number: q for q in Question.objects.all()}
    for number, text in FINDINGS.items():
        if number in questions:
            services.save_finding(
                actor=oov,
                dossier=dossier,
                question=questions[number],
                text=text,
                expected_version=0,
            )
    dossier.refresh_from_db()
    services.save_next_steps(
        actor=oov, dossier=dossier, text=NEXT_STEPS, expected_version=dossier.version
    )
    practices = list(theme.practices.all()[:2])
    instruments = list(theme.instruments.all()[:3])
    if practices or instruments:
        dossier.refresh_from_db()
        services.set_links(
            actor=oov,
            dossier=dossier,
            practices=practices,
            instruments=instruments,
            expected_version=dossier.version,
        )
    say(
        f"Themadossier '{theme.name}' voor {tenant.name} geopend met {min(len(entries), 6)} bronstatussen."
    )
