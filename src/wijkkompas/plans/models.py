"""IVP-analyse: integral safety plans (public documents), their priorities with the history of
every change, and the taxonomy (VNG Kernbeleid Veiligheid fields and their themes) as data.

A plan belongs to the tenant that imported it (its analysts compare their own plan with plans of
comparable municipalities they imported); it names one or more CBS municipalities (a joint plan
names several). No person data: the only person-related fields say which user did something."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Field(models.Model):
    """One of the five safety fields of the Kernbeleid Veiligheid."""

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=100)
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "veiligheidsveld"
        verbose_name_plural = "veiligheidsvelden"

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme within a field; ``separate`` themes (ondermijning) are reported on their own, as
    the CCV does; ``cross_field`` themes are newer ones that blur the fields."""

    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=100)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="themes")
    separate = models.BooleanField("apart gerapporteerd", default=False)
    cross_field = models.BooleanField("veldoverstijgend", default=False)
    knowledge_slug = models.SlugField("Kennisbank-thema", max_length=80, blank=True)
    position = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        ordering = ["field__position", "position"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        HTML = "html", "HTML (CVDR)"
        TEXT = "text", "Tekst"

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("titel", max_length=300)
    start_year = models.PositiveSmallIntegerField("beginjaar")
    end_year = models.PositiveSmallIntegerField("eindjaar")
    source_url = models.URLField("bron", max_length=500, blank=True)
    file_kind = models.CharField("bestandssoort", max_length=10, choices=Kind.choices)
    file_name = models.CharField("bestandsnaam", max_length=255, blank=True)
    file_sha256 = models.CharField("hash van het bestand", max_length=64, blank=True)
    text = models.TextField("tekst", blank=True)
    pages = models.JSONField("tekst per pagina of sectie", default=list, blank=True)
    scanned_pages = models.JSONField("pagina's zonder tekstlaag", default=list, blank=True)
    imported_at = models.DateTimeField("geïmporteerd op", auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="geïmporteerd door",
    )
    version = models.PositiveIntegerField("versie", default=1)

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name = "integraal veiligheidsplan"
        verbose_name_plural = "integrale veiligheidsplannen"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "file_sha256"],
                condition=~models.Q(file_sha256=""),
                name="plans_plan_unique_file",
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="plans_plan_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    @property
    def is_joint(self) -> bool:
        return len(self.municipalities.all()) > 1


class PlanMunicipality(models.Model):
    """A CBS municipality a plan is written for (a joint plan has several)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="municipalities")
    code = models.CharField("gemeentecode", max_length=6)
    name = models.CharField("gemeentenaam", max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "gemeente van een plan"
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plans_municipality_once")
        ]

    def __str__(self) -> str:
        return self.name or self.code


class Priority(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "voorgesteld", "Voorgesteld"
        CONFIRMED = "bevestigd", "Bevestigd"
        REJECTED = "afgewezen", "Afgewezen"
        MERGED = "samengevoegd", "Samengevoegd"

    class Origin(models.TextChoices):
        RULES = "regels", "Gevonden door de regels"
        ANALYST = "analist", "Toegevoegd door de analist"
        FIXTURE = "fixture", "Gelabelde set"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField("titel", max_length=300)
    location = models.CharField("pagina of sectie", max_length=100, blank=True)
    evidence = models.TextField("bewijszin", blank=True)
    rule = models.CharField("regel", max_length=40, blank=True)
    origin = models.CharField("herkomst", max_length=10, choices=Origin.choices)
    status = models.CharField(
        "status", max_length=15, choices=Status.choices, default=Status.SUGGESTED
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="samengevoegd met",
    )
    position = models.PositiveIntegerField("volgorde", default=0)
    # Classification: codes of fields and themes (multi-label), the model's confidence and the
    # words that decided; ``corrected`` when an analyst set them (then a training example).
    field_codes = models.JSONField("velden", default=list, blank=True)
    theme_codes = models.JSONField("thema's", default=list, blank=True)
    confidence = models.FloatField("zekerheid", null=True, blank=True)
    deciding_words = models.JSONField("doorslaggevende woorden", default=list, blank=True)
    corrected = models.BooleanField("door analist ingedeeld", default=False)
    version = models.PositiveIntegerField("versie", default=1)

    class Meta:
        ordering = ["plan_id", "position", "pk"]
        verbose_name = "prioriteit"
        verbose_name_plural = "prioriteiten"
        indexes = [models.Index(fields=["plan", "status"], name="plans_priority_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def unclassified(self) -> bool:
        return not self.field_codes


class PriorityChange(models.Model):
    """Every change to a priority, with what it was before and after."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField("tijdstip", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="door",
    )
    actor_username = models.CharField("gebruikersnaam", max_length=150, blank=True)
    action = models.CharField("wijziging", max_length=20)
    before = models.JSONField("voor", default=dict, blank=True)
    after = models.JSONField("na", default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "wijziging van een prioriteit"

    def __str__(self) -> str:
        return f"{self.action} {self.priority_id}"
