"""Themadossier: the OOV-adviseur's working file for one theme in one municipality (DESIGN.md §2.2).

The recommended sources come from the Kennisbank (``SourceEntry`` rows of the theme); the dossier
keeps, per source, the current status (``SourceStatus``) and every change to it
(``SourceStatusChange``, append-only) so the information position has a history over time.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from wijkkompas.core.models import Versioned, user_ref
from wijkkompas.knowledge.models import Instrument, Practice, Question, SourceEntry, Theme


class Status(models.TextChoices):
    """How far the municipality got with one recommended source. Order matters: see ``RANK``."""

    NIET_BENADERD = "niet_benaderd", "Niet benaderd"
    BENADERD = "benaderd", "Benaderd"
    ONTVANGEN = "informatie_ontvangen", "Informatie ontvangen"
    GEBORGD = "structureel_geborgd", "Structureel geborgd"


RANK = {Status.NIET_BENADERD: 0, Status.BENADERD: 1, Status.ONTVANGEN: 2, Status.GEBORGD: 3}
# A source counts for the information position from this status on.
TAPPED = frozenset({Status.ONTVANGEN, Status.GEBORGD})


class Dossier(Versioned):
    """One theme in one municipality. ``version`` guards the dossier-level fields (summary,
    advice, next steps, linked practices and instruments) against silent overwrites."""

    tenant = models.ForeignKey("accounts.Tenant", on_delete=models.PROTECT, related_name="dossiers")
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="dossiers", verbose_name="thema"
    )
    opened_by = user_ref("geopend door")
    opened_at = models.DateTimeField("geopend op", default=timezone.now)
    next_steps = models.TextField("volgende stappen", blank=True, help_text="Markdown")
    # The koersnotitie opens with these two texts, written by the adviseur (guarded by ``version``
    # like the other dossier-level fields).
    summary = models.TextField("samenvatting", blank=True, help_text="Markdown")
    advice = models.TextField("advies", blank=True, help_text="Markdown")
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="+", verbose_name="praktijkvoorbeelden"
    )
    instruments = models.ManyToManyField(
        Instrument, blank=True, related_name="+", verbose_name="instrumenten"
    )
    updated_at = models.DateTimeField("gewijzigd op", default=timezone.now)
    updated_by = user_ref(blank=True)

    class Meta:
        ordering = ["theme__order", "theme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "theme"], name="dossier_unique_per_tenant_theme"
            )
        ]
        verbose_name = "themadossier"

    def __str__(self) -> str:
        return f"{self.theme} — {self.tenant}"


class Finding(Versioned):
    """What the municipality found for one question (markdown, rendered sanitised)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="findings")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name="vraag"
    )
    text = models.TextField("bevindingen", blank=True)
    updated_at = models.DateTimeField("gewijzigd op", default=timezone.now)
    updated_by = user_ref(blank=True)

    class Meta:
        ordering = ["question__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "question"], name="finding_unique_per_question"
            )
        ]
        verbose_name = "bevinding"

    def __str__(self) -> str:
        return f"Bevindingen vraag {self.question.number} — {self.dossier}"


class SourceStatus(Versioned):
    """The current status of one recommended source in one dossier (the latest change)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="source_statuses")
    entry = models.ForeignKey(
        SourceEntry, on_delete=models.CASCADE, related_name="+", verbose_name="bron"
    )
    status = models.CharField(
        "status", max_length=30, choices=Status.choices, default=Status.NIET_BENADERD
    )
    date = models.DateField("datum")
    set_by = user_ref("door")
    note = models.TextField("notitie", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "entry"], name="source_status_unique")
        ]
        verbose_name = "bronstatus"

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_status_display()}"

    @property
    def tapped(self) -> bool:
        return self.status in TAPPED


class SourceStatusChange(models.Model):
    """One status change, never updated (database trigger, migration 0002): the history of the
    information position is replayed from these rows."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="status_changes")
    entry = models.ForeignKey(SourceEntry, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=30, choices=Status.choices)
    previous_status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.NIET_BENADERD
    )
    date = models.DateField("datum")
    note = models.TextField(blank=True)
    set_by = user_ref()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "recorded_at", "id"]
        indexes = [models.Index(fields=["dossier", "date"])]
        verbose_name = "statuswijziging"

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.entry}: {self.get_previous_status_display()} → {self.get_status_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError(
                "Statuswijzigingen worden nooit aangepast; leg een nieuwe wijziging vast."
            )
        super().save(*args, **kwargs)


class DossierPin(models.Model):
    """An item another module pins to a question (wijkbeeld figure on q4, barrier model on q5, a
    link anywhere). Generic on purpose: the dossier never imports those modules; ``reference``
    holds their own key (e.g. ``areas.observation:42``) so they can find their pins back."""

    class Kind(models.TextChoices):
        AREA_FIGURE = "area_figure", "Wijkbeeldcijfer"
        BARRIER_MODEL = "barrier_model", "Barrièremodel"
        LINK = "link", "Koppeling"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pins")
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name="vraag"
    )
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    title = models.CharField("titel", max_length=250)
    url = models.CharField(
        "adres", max_length=500, blank=True, help_text="interne link (/wijkbeeld/…) of https-adres"
    )
    note = models.TextField("toelichting", blank=True)
    reference = models.CharField(max_length=120, blank=True)
    pinned_by = user_ref()
    pinned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question__number", "pinned_at", "id"]
        verbose_name = "vastgepind item"

    def __str__(self) -> str:
        return self.title
