"""Aanpak: a local programme run across partners, following a method (template) in steps that
close only by a recorded go/no-go decision; actions, meetings with minutes, indicators and
progress reports for the steering group.

Programmes hold no person data: they name organisations, roles and bodies, never residents.
Every editable row carries ``version`` (``core.versioning``)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core.models import TimeStamped, Versioned, user_ref


class MethodTemplate(Versioned, TimeStamped):
    """A method as data: ordered steps with sub-steps and whether a go/no-go closes each.
    ``tenant`` NULL for the national (reviewed) templates; editors add their own."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, null=True, blank=True, related_name="method_templates"
    )
    key = models.SlugField("sleutel", max_length=80)
    title = models.CharField("naam", max_length=200)
    origin = models.CharField("herkomst", max_length=300, blank=True)
    description = models.TextField("beschrijving", blank=True)
    lead_time = models.CharField("doorlooptijd", max_length=100, blank=True)
    steps = models.JSONField(
        "stappen", default=list, help_text="[{title, description, result, substeps, gate}]"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "werkwijze"
        verbose_name_plural = "werkwijzen"
        constraints = [
            models.UniqueConstraint(fields=["tenant", "key"], name="programmes_template_key"),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(tenant__isnull=True),
                name="programmes_national_template_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Programme(Versioned, TimeStamped):
    class Status(models.TextChoices):
        VOORBEREIDING = "voorbereiding", "In voorbereiding"
        LOOPT = "loopt", "Loopt"
        GESTOPT = "gestopt", "Gestopt (no-go)"
        AFGEROND = "afgerond", "Afgerond"

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="programmes")
    title = models.CharField("titel", max_length=200)
    theme = models.ForeignKey(
        "knowledge.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thema",
    )
    area_codes = models.JSONField("gebieden (CBS-codes)", default=list, blank=True)
    problem_definition = models.TextField("probleemdefinitie", blank=True)
    goals = models.TextField("doelen", blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_programmes",
        verbose_name="trekker (organisatie)",
    )
    coordinator = user_ref("coördinator", blank=True)
    steering_group = models.CharField(
        "stuurgroep", max_length=300, blank=True, help_text="Welke functies de stuurgroep vormen."
    )
    start_date = models.DateField("start", null=True, blank=True)
    planned_end = models.DateField("geplande einddatum", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.VOORBEREIDING
    )
    method = models.ForeignKey(
        MethodTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name="werkwijze",
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "programma"
        verbose_name_plural = "programma's"

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    class Role(models.TextChoices):
        KERNTEAM = "kernteam", "Kernteam"
        UITVOERING = "uitvoering", "Uitvoerend partner"
        ADVIES = "advies", "Adviserend partner"
        STUURGROEP = "stuurgroep", "Stuurgroeplid"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programme_partnerships"
    )
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    contribution = models.CharField("inbreng", max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "organisation__name", "id"]
        verbose_name = "partner"
        verbose_name_plural = "partners"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="programmes_partner_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Step(Versioned):
    class Status(models.TextChoices):
        GEPLAND = "gepland", "Nog niet gestart"
        ACTIEF = "actief", "Loopt"
        AFGEROND = "afgerond", "Afgerond (go)"
        BIJGESTELD = "bijgesteld", "Afgerond (bijstellen)"
        GESTOPT = "gestopt", "Gestopt (no-go)"
        OVERGESLAGEN = "overgeslagen", "Gesloten zonder besluit (override)"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField("volgorde")
    title = models.CharField("titel", max_length=200)
    description = models.TextField("toelichting", blank=True)
    result = models.CharField("beoogd resultaat", max_length=300, blank=True)
    substeps = models.JSONField("deelstappen", default=list, blank=True)
    has_gate = models.BooleanField("go/no-go na deze stap", default=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.GEPLAND
    )
    started_on = models.DateField("gestart op", null=True, blank=True)
    closed_on = models.DateField("gesloten op", null=True, blank=True)
    override_reason = models.TextField(
        "reden override", blank=True, help_text="Gestart zonder besluit over de vorige stap."
    )
    override_by = user_ref("override door", blank=True)

    CLOSED = ("afgerond", "bijgesteld", "gestopt", "overgeslagen")

    class Meta:
        ordering = ["programme", "position", "id"]
        verbose_name = "stap"
        verbose_name_plural = "stappen"
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="programmes_step_pos")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED


class Decision(models.Model):
    """The go/no-go at the end of a step: recorded once, never edited."""

    class Outcome(models.TextChoices):
        GO = "go", "Go"
        NO_GO = "no_go", "No-go"
        BIJSTELLEN = "bijstellen", "Go met bijstelling"

    class Body(models.TextChoices):
        STUURGROEP = "stuurgroep", "Stuurgroep"
        DRIEHOEK = "driehoek", "Driehoeksoverleg"
        KERNTEAM = "kernteam", "Kernteam"

    step = models.OneToOneField(Step, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField("besluit", max_length=20, choices=Outcome.choices)
    rationale = models.TextField("onderbouwing")
    body = models.CharField("besloten door", max_length=20, choices=Body.choices)
    meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gate_decisions",
        verbose_name="overleg",
    )
    decided_on = models.DateField("datum besluit")
    recorded_by = user_ref("vastgelegd door")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "go/no-go-besluit"
        verbose_name_plural = "go/no-go-besluiten"

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} na {self.step}"


class Fact(models.Model):
    class Kind(models.TextChoices):
        FEIT = "feit", "Feit"
        AANNAME = "aanname", "Aanname"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="facts")
    statement = models.CharField("bewering", max_length=400)
    kind = models.CharField("feit of aanname", max_length=10, choices=Kind.choices)
    source = models.CharField("bron", max_length=300, blank=True)

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = "onderbouwing (feit of aanname)"

    def __str__(self) -> str:
        return self.statement


class Meeting(Versioned):
    class Kind(models.TextChoices):
        STUURGROEP = "stuurgroep", "Stuurgroep"
        KERNTEAM = "kernteam", "Kernteam"
        DRIEHOEK = "driehoek", "Driehoeksoverleg"
        WERKSESSIE = "werksessie", "Werksessie met partners"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    title = models.CharField("titel", max_length=200)
    starts_at = models.DateTimeField("begin")
    duration_minutes = models.PositiveIntegerField("duur (minuten)", default=90)
    location = models.CharField("locatie", max_length=200, blank=True)
    agenda = models.TextField("agenda", blank=True, help_text="Eén agendapunt per regel.")
    participants = models.ManyToManyField(
        Organisation, blank=True, related_name="programme_meetings", verbose_name="deelnemers"
    )

    class Meta:
        ordering = ["programme", "starts_at", "id"]
        verbose_name = "overleg"
        verbose_name_plural = "overleggen"

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Minutes(models.Model):
    """One version of a meeting's minutes. Approved versions are read-only; an amendment is a
    new version (``number`` + 1) that starts as a draft copy."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        VASTGESTELD = "vastgesteld", "Vastgesteld"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    number = models.PositiveIntegerField("versie", default=1)
    text = models.TextField("verslag")
    confidential_text = models.TextField("vertrouwelijk deel", blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    amendment_reason = models.CharField("reden wijziging", max_length=300, blank=True)
    written_by = user_ref("geschreven door")
    approved_by = user_ref("vastgesteld door")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = "verslag"
        verbose_name_plural = "verslagen"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="programmes_minutes_no")
        ]

    def __str__(self) -> str:
        return f"Verslag v{self.number}"


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("besluit", max_length=400)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = "besluit van een overleg"

    def __str__(self) -> str:
        return self.text


class Action(Versioned, TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BEZIG = "bezig", "In uitvoering"
        GEREED = "gereed", "Gereed"
        VERVALLEN = "vervallen", "Vervallen"

    class Origin(models.TextChoices):
        HAND = "hand", "Handmatig"
        OVERLEG = "overleg", "Besluit in een overleg"
        BARRIERE = "barriere", "Barrière uit een barrièremodel"

    OPEN_STATUSES = ("open", "bezig")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField("actie", max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_actions",
        verbose_name="eigenaar (organisatie)",
    )
    owner_role = models.CharField("eigenaar (functie)", max_length=120, blank=True)
    due_date = models.DateField("streefdatum", null=True, blank=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default="open")
    result = models.TextField("resultaat", blank=True)
    origin = models.CharField("herkomst", max_length=20, choices=Origin.choices, default="hand")
    meeting_decision = models.ForeignKey(
        MeetingDecision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="uit besluit",
    )
    barrier = models.ForeignKey(
        "barriers.Element",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_actions",
        verbose_name="barrière",
    )

    class Meta:
        ordering = ["programme", "due_date", "id"]
        verbose_name = "actie"
        verbose_name_plural = "acties"
        indexes = [models.Index(fields=["owner_organisation", "status"])]

    def __str__(self) -> str:
        return self.title

    def overdue_on(self, day: dt.date) -> bool:
        return bool(self.due_date and self.status in self.OPEN_STATUSES and self.due_date < day)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())


class Indicator(Versioned):
    """What the programme measures. Linked to a wijkbeeld indicator (CBS, police or the
    suppressed signal counts) for one of its areas, its figures are read from the wijkbeeld (so
    a new import updates them); otherwise the coordinator records measurements by hand."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("naam", max_length=200)
    unit = models.CharField("eenheid", max_length=60, blank=True)
    baseline = models.FloatField("nulmeting", null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField("jaar nulmeting", null=True, blank=True)
    target = models.FloatField("streefwaarde", null=True, blank=True)
    target_year = models.PositiveSmallIntegerField("streefjaar", null=True, blank=True)
    area_code = models.CharField("gebied (CBS-code)", max_length=10, blank=True)
    wijkbeeld_indicator = models.ForeignKey(
        "areas.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="wijkbeeldindicator",
    )

    class Meta:
        ordering = ["programme", "name", "id"]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    year = models.PositiveSmallIntegerField("jaar")
    value = models.FloatField("waarde")
    source = models.CharField("bron", max_length=200)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = "meting"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="programmes_measure_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Report(Versioned, TimeStamped):
    """A progress report: a draft that is edited, then published. Publishing stores the frozen
    snapshot of everything the report shows and its SHA-256; a published report never changes."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField("titel", max_length=200)
    period_start = models.DateField("periode van")
    period_end = models.DateField("periode tot en met")
    risks = models.TextField("risico's", blank=True)
    next_steps = models.TextField("volgende stappen", blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = user_ref("gepubliceerd door")
    snapshot = models.JSONField("vastgelegde inhoud", null=True, blank=True)
    snapshot_hash = models.CharField("hash (SHA-256)", max_length=64, blank=True)

    class Meta:
        ordering = ["programme", "-period_end", "-id"]
        verbose_name = "voortgangsrapportage"
        verbose_name_plural = "voortgangsrapportages"

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.GEPUBLICEERD
