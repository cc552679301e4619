"""The national Kennisbank: the Kompas as data (DESIGN.md §2.1). Shared by all tenants."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from wijkkompas.core.models import ProcessingRecord, Provenance, Versioned, user_ref
from wijkkompas.core.records import months_after


class Curated(models.Model):
    """Optimistic locking and provenance shared by every editable knowledge object.

    ``version`` goes up by one on every save through the services; a form or API write that carries
    an older number is refused. ``content_hash`` is the hash of the record as last loaded from
    ``content/*.yaml`` (empty for objects created by the redactie in the UI); the loader uses it to
    leave UI edits alone as long as the file record has not changed. (Not ``core.models.Versioned``:
    the redactie sees this version, labelled "versie".)
    """

    version = models.PositiveIntegerField("versie", default=1)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField("laatst gewijzigd", auto_now=True, null=True)

    class Meta:
        abstract = True


class Theme(Curated):
    slug = models.SlugField(unique=True)
    name = models.CharField("naam", max_length=200)
    description = models.TextField("beschrijving")
    order = models.PositiveIntegerField("volgorde", default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "thema"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:theme", args=[self.slug])


class Question(Curated):
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

    def get_absolute_url(self) -> str:
        return reverse("knowledge:question", args=[self.number])


class Source(Curated):
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

    def get_absolute_url(self) -> str:
        return reverse("knowledge:source", args=[self.slug])


class SourceEntry(Curated):
    """What one source offers for one theme, and which questions it helps answer there."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="source_entries")
    offers = models.TextField("wat de bron biedt")
    questions = models.ManyToManyField(
        Question, related_name="source_entries", verbose_name="vragen"
    )

    class Meta:
        ordering = ["theme__order", "source__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "theme"], name="source_entry_unique_per_theme"
            )
        ]
        verbose_name = "bron per thema"

    def __str__(self) -> str:
        return f"{self.source} — {self.theme}"


class Practice(Curated):
    """A practice example (praktijkvoorbeeld): a local approach from the inspiration book etc."""

    slug = models.SlugField(unique=True, max_length=100)
    title = models.CharField("titel", max_length=250)
    municipality = models.CharField("gemeente", max_length=120, blank=True)
    neighbourhood = models.CharField("wijk of gebied", max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField("startjaar", null=True, blank=True)
    target_group = models.TextField("doelgroep", blank=True)
    themes = models.ManyToManyField(
        Theme, related_name="practices", blank=True, verbose_name="thema's"
    )
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

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice", args=[self.slug])


class Instrument(Curated):
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
    steps = models.JSONField(
        "stappen", default=list, blank=True, help_text="lijst van {name, description}"
    )
    themes = models.ManyToManyField(
        Theme, related_name="instruments", blank=True, verbose_name="thema's"
    )
    questions = models.ManyToManyField(
        Question, related_name="instruments", blank=True, verbose_name="vragen"
    )
    url = models.URLField("webadres", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "instrument of methode"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:instrument", args=[self.slug])


class Revision(models.Model):
    """One version of a knowledge object as a JSON snapshot: who changed what, when.

    Append-only: rows are only ever inserted (``save`` refuses updates, ``delete`` is refused). The
    object is referenced by type and id (plus a label for readability), not by a foreign key, so the
    history survives deleting the object.
    """

    class Action(models.TextChoices):
        CREATE = "aangemaakt", "Aangemaakt"
        UPDATE = "gewijzigd", "Gewijzigd"
        DELETE = "verwijderd", "Verwijderd"
        LOAD = "geladen", "Geladen uit content-bestanden"

    object_type = models.CharField(max_length=20, db_index=True)
    object_id = models.BigIntegerField(db_index=True)
    object_label = models.CharField(max_length=300)
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=Action.choices)
    snapshot = models.JSONField()
    changed_fields = models.JSONField(default=list, blank=True)
    note = models.CharField("toelichting", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_username = models.CharField(max_length=150)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="knowledge_rev_object")]
        verbose_name = "versie"

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id} v{self.version} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Revisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Revisions are append-only.")


TIP_OPEN_MONTHS = 12  # an unhandled tip is kept a year after it came in
TIP_HANDLED_MONTHS = 6  # a handled one half a year after the redactie decided
VISITOR = "bezoeker"


class Tip(ProcessingRecord, Versioned):
    """A suggestion from any user (also anonymous) for the redactie: new source, correction, theme.
    It may hold a visitor's contact details, so it carries its processing facts and a date."""

    class Kind(models.TextChoices):
        NEW_SOURCE = "nieuwe_bron", "Nieuwe bron"
        CORRECTION = "correctie", "Correctie of aanvulling"
        NEW_THEME = "nieuw_thema", "Nieuw thema"
        PRACTICE = "praktijkvoorbeeld", "Praktijkvoorbeeld of instrument"
        OTHER = "overig", "Overig"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "verwerkt", "Verwerkt"
        REJECTED = "afgewezen", "Afgewezen"

    kind = models.CharField("soort tip", max_length=20, choices=Kind.choices)
    subject = models.CharField("onderwerp", max_length=200)
    text = models.TextField("toelichting")
    about_type = models.CharField(max_length=20, blank=True)
    about_id = models.BigIntegerField(null=True, blank=True)
    about_label = models.CharField("over", max_length=300, blank=True)
    contact = models.CharField("contactgegevens (optioneel)", max_length=200, blank=True)
    submitted_by = user_ref(blank=True)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(db_index=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.OPEN)
    handled_by = user_ref(blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handling_note = models.TextField("notitie redactie", blank=True)

    class Meta(ProcessingRecord.Meta):
        ordering = ["-submitted_at", "-id"]
        verbose_name = "tip"

    def __str__(self) -> str:
        return self.subject

    def provenance(self) -> Provenance:
        user = self.submitted_by
        organisation = getattr(user, "organisation", None) if user is not None else None
        return Provenance(
            legal_basis="Art. 6 lid 1 sub e AVG (de landelijke kennisbank); contactgegevens "
            "alleen met toestemming (art. 6 lid 1 sub a AVG).",
            purpose="De landelijke kennisbank verbeteren met tips van bezoekers.",
            source_organisation=organisation.name if organisation else "Bezoeker van de kennisbank",
            author=user.get_username() if user is not None else VISITOR,
        )

    def term(self):
        if self.status == self.Status.OPEN or self.handled_at is None:
            return months_after(self.submitted_at, TIP_OPEN_MONTHS)
        return months_after(self.handled_at, TIP_HANDLED_MONTHS)


class SynonymGroup(models.Model):
    """Words a searcher may use for the same thing (content/synonyms.yaml); expands queries."""

    terms = models.JSONField()

    def __str__(self) -> str:
        return ", ".join(self.terms)


class IndexGeneration(models.Model):
    """One row whose value changes on every knowledge write, so that every process can tell
    that its in-memory search index is stale."""

    generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.generation)
