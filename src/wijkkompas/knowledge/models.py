"""The national Kennisbank: the Kompas as data (DESIGN.md §2.1). Shared by all tenants."""

from django.db import models


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("naam", max_length=200)
    description = models.TextField("beschrijving")
    order = models.PositiveIntegerField("volgorde", default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "thema"

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One of the six standard OOV questions (1-3 general, 4-6 about the local situation)."""

    class Scope(models.TextChoices):
        ALGEMEEN = "algemeen", "Algemeen"
        LOKAAL = "lokaal", "Lokale situatie"

    number = models.PositiveSmallIntegerField("nummer", unique=True)
    slug = models.SlugField(unique=True)
    text = models.CharField("vraag", max_length=300)
    scope = models.CharField("soort", max_length=10, choices=Scope.choices)
    description = models.TextField("toelichting", blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "vraag"

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Source(models.Model):
    """A partner, registration or publication; per theme it offers something (SourceEntry)."""

    class Kind(models.TextChoices):
        PARTNER = "partner", "Partner"
        REGISTRATIE = "registratie", "Registratie, database of digitaal hulpmiddel"
        PUBLICATIE = "publicatie", "Organisatie, website of publicatie"

    slug = models.SlugField(unique=True, max_length=100)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    internal = models.BooleanField("intern", help_text="binnen de eigen gemeentelijke organisatie")
    url = models.URLField("webadres", blank=True)
    description = models.TextField("beschrijving", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "bron"

    def __str__(self) -> str:
        return self.name


class SourceEntry(models.Model):
    """What one source offers for one theme, and which questions it helps answer there."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="source_entries")
    offers = models.TextField("wat de bron biedt")
    questions = models.ManyToManyField(Question, related_name="source_entries", verbose_name="vragen")

    class Meta:
        ordering = ["theme__order", "source__name"]
        constraints = [models.UniqueConstraint(fields=["source", "theme"], name="source_entry_unique_per_theme")]
        verbose_name = "bron per thema"

    def __str__(self) -> str:
        return f"{self.source} — {self.theme}"


class Practice(models.Model):
    """A practice example (praktijkvoorbeeld): a local approach from the inspiration book etc."""

    slug = models.SlugField(unique=True, max_length=100)
    title = models.CharField("titel", max_length=250)
    municipality = models.CharField("gemeente", max_length=120, blank=True)
    neighbourhood = models.CharField("wijk of gebied", max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField("startjaar", null=True, blank=True)
    target_group = models.TextField("doelgroep", blank=True)
    themes = models.ManyToManyField(Theme, related_name="practices", blank=True, verbose_name="thema's")
    partners = models.JSONField("partners", default=list, blank=True)
    summary = models.TextField("samenvatting", blank=True)
    origin = models.TextField("aanleiding", blank=True)
    method_steps = models.JSONField("werkwijze (stappen)", default=list, blank=True)
    results = models.JSONField("resultaten", default=list, blank=True)
    success_factors = models.JSONField("succesfactoren", default=list, blank=True)
    bottlenecks = models.JSONField("knelpunten", default=list, blank=True)
    future = models.TextField("toekomst", blank=True)
    seed = models.CharField("brondocument", max_length=20, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "praktijkvoorbeeld"

    def __str__(self) -> str:
        return self.title


class Instrument(models.Model):
    """An instrument or method (barrièremodel, 7-stappenmodel, VER, KVO …)."""

    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", "Instrument"
        METHODE = "methode", "Methode"

    slug = models.SlugField(unique=True, max_length=100)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    provider = models.CharField("aanbieder", max_length=200, blank=True)
    purpose = models.TextField("doel")
    description = models.TextField("beschrijving", blank=True)
    steps = models.JSONField("stappen", default=list, blank=True, help_text="lijst van {name, description}")
    themes = models.ManyToManyField(Theme, related_name="instruments", blank=True, verbose_name="thema's")
    questions = models.ManyToManyField(Question, related_name="instruments", blank=True, verbose_name="vragen")
    url = models.URLField("webadres", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "instrument of methode"

    def __str__(self) -> str:
        return self.name
