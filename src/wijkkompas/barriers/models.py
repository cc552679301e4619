"""Barrier models (CCV barrièremodel): the steps of a criminal business process and, per step, the
four elements: opportunities, warning signs, facilitators and barriers.

Every editable row carries ``version`` for optimistic locking: a write names the version it read
and the service refuses it when the row has moved on (``core.versioning``, through
``services._common.locked_for_write``).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core.models import TimeStamped, Versioned


class BarrierModel(Versioned, TimeStamped):
    """One barrier model. ``tenant`` is NULL for the national templates that a tenant copies;
    ``parent_step`` is set for a sub-model that zooms in on one step (e.g. katvangers)."""

    class Scope(models.TextChoices):
        LOKAAL = "lokaal", "Lokaal"
        REGIONAAL = "regionaal", "Regionaal"
        LANDELIJK = "landelijk", "Landelijk"

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        IN_ONTWIKKELING = "in_ontwikkeling", "In ontwikkeling (sessies lopen)"
        VASTGESTELD = "vastgesteld", "Vastgesteld"
        IN_UITVOERING = "in_uitvoering", "In uitvoering"
        GEARCHIVEERD = "gearchiveerd", "Gearchiveerd"

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="barrier_models"
    )
    parent_step = models.ForeignKey(
        "Step",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="submodels",
        verbose_name="submodel van stap",
    )
    title = models.CharField("titel", max_length=200)
    phenomenon = models.CharField("fenomeen", max_length=200)
    scope = models.CharField("schaal", max_length=20, choices=Scope.choices, default=Scope.LOKAAL)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_barrier_models",
        verbose_name="eigenaar",
    )
    description = models.TextField("beschrijving", blank=True)
    template_key = models.SlugField(
        "sjabloonsleutel",
        max_length=80,
        blank=True,
        help_text="Alleen voor landelijke sjablonen: de bestandsnaam in templates_data.",
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name="gebaseerd op sjabloon",
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = "barrièremodel"
        verbose_name_plural = "barrièremodellen"
        constraints = [
            models.UniqueConstraint(
                fields=["template_key"],
                condition=models.Q(tenant__isnull=True) & ~models.Q(template_key=""),
                name="barrier_template_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_template(self) -> bool:
        return self.tenant_id is None

    def root(self) -> "BarrierModel":
        model = self
        while model.parent_step_id is not None:
            model = model.parent_step.model
        return model

    def clean(self) -> None:
        if self.owner_id and self.owner.tenant_id != self.tenant_id:
            raise ValidationError(
                {"owner": "De eigenaar moet een organisatie van dezelfde gemeente zijn."}
            )


class Step(Versioned):
    """One step of the business process; ``position`` orders the columns from left to right."""

    model = models.ForeignKey(BarrierModel, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField("titel", max_length=120)
    description = models.TextField("toelichting", blank=True)

    class Meta:
        ordering = ["model", "position", "id"]
        verbose_name = "stap"
        verbose_name_plural = "stappen"

    def __str__(self) -> str:
        return self.title


class Session(Versioned):
    """An expert session (the CCV builds a model in about four of them)."""

    model = models.ForeignKey(BarrierModel, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField("datum")
    title = models.CharField("titel", max_length=200)
    participants = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="barrier_sessions",
        verbose_name="deelnemende organisaties",
    )
    notes = models.TextField("verslag en afspraken", blank=True)

    class Meta:
        ordering = ["model", "held_on", "id"]
        verbose_name = "sessie"
        verbose_name_plural = "sessies"

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d-%m-%Y})"


class Element(Versioned):
    """One entry in a cell of the model: an opportunity, a warning sign, a facilitator or a barrier.

    One table with ``kind`` so that moving an entry between steps is a change of ``step``, and the
    poster reads every cell with one query. Barrier-only fields are blank for the other kinds."""

    class Kind(models.TextChoices):
        GELEGENHEID = "gelegenheid", "Gelegenheid"
        SIGNAAL = "signaal", "Signaal"
        FACILITEERDER = "faciliteerder", "Faciliteerder"
        BARRIERE = "barriere", "Barrière"

    class Awareness(models.TextChoices):
        BEWUST = "bewust", "Bewust"
        ONBEWUST = "onbewust", "Onbewust"

    class BarrierStatus(models.TextChoices):
        IDEE = "idee", "Idee"
        GEPLAND = "gepland", "Gepland"
        IN_UITVOERING = "in_uitvoering", "In uitvoering"
        GEREALISEERD = "gerealiseerd", "Gerealiseerd"
        GESTOPT = "gestopt", "Gestopt"

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="elements")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)
    text = models.CharField("tekst", max_length=300)
    awareness = models.CharField(
        "bewust of onbewust",
        max_length=10,
        choices=Awareness.choices,
        blank=True,
        help_text="Alleen voor faciliteerders.",
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_barriers",
        verbose_name="eigenaar (partner)",
    )
    partner_hint = models.CharField(
        "voorgestelde partner",
        max_length=200,
        blank=True,
        help_text="Uit het sjabloon: welk soort partner deze barrière meestal oppakt.",
    )
    status = models.CharField("status", max_length=20, choices=BarrierStatus.choices, blank=True)
    due_date = models.DateField("streefdatum", null=True, blank=True)
    expected_effect = models.TextField("verwacht effect", blank=True)
    notes = models.TextField("notities", blank=True)
    target = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targeted_by",
        verbose_name="richt zich op",
        help_text="De gelegenheid of faciliteerder die deze barrière aanpakt.",
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elements",
        verbose_name="toegevoegd in sessie",
    )

    class Meta:
        ordering = ["step__position", "kind", "position", "id"]
        verbose_name = "element"
        verbose_name_plural = "elementen"
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return self.text

    @property
    def model_id(self) -> int:
        return self.step.model_id

    OPEN_STATUSES = ("idee", "gepland", "in_uitvoering")
    # What a user edits (services, forms) and what the exchange format carries besides ref/kind.
    EDITABLE_FIELDS = (
        "text",
        "awareness",
        "owner",
        "partner_hint",
        "status",
        "due_date",
        "expected_effect",
        "notes",
        "target",
        "session",
    )

    def overdue_on(self, day: dt.date) -> bool:
        """A barrier still open after its due date (follow-up highlights these)."""
        return bool(self.due_date and self.status in self.OPEN_STATUSES and self.due_date < day)

    @property
    def is_overdue(self) -> bool:
        return self.overdue_on(timezone.localdate())

    def clean(self) -> None:
        errors = {}
        if self.awareness and self.kind != self.Kind.FACILITEERDER:
            errors["awareness"] = "Alleen een faciliteerder is bewust of onbewust."
        if self.kind != self.Kind.BARRIERE:
            for name in ("owner_id", "status", "due_date", "target_id"):
                if getattr(self, name):
                    errors[name.removesuffix("_id")] = "Dit veld hoort alleen bij een barrière."
        if self.target_id:
            target = self.target
            if target.kind not in (self.Kind.GELEGENHEID, self.Kind.FACILITEERDER):
                errors["target"] = (
                    "Een barrière richt zich op een gelegenheid of een faciliteerder."
                )
            elif target.step.model_id != self.step.model_id:
                errors["target"] = "De gelegenheid of faciliteerder moet in hetzelfde model staan."
        if self.owner_id and self.owner.tenant_id != self.step.model.tenant_id:
            errors["owner"] = "De eigenaar moet een organisatie van dezelfde gemeente zijn."
        if self.session_id and self.session.model_id != self.step.model_id:
            errors["session"] = "De sessie hoort bij een ander model."
        if errors:
            raise ValidationError(errors)


class ChangeLog(models.Model):
    """Append-only history of a barrier model (what changed, by whom, before and after). Plain ids,
    so the history outlives deleted steps and elements; nothing in the code updates or deletes rows."""

    model_id_ref = models.BigIntegerField(db_index=True)
    tenant_id_ref = models.BigIntegerField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_username = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=400)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "wijziging"
        verbose_name_plural = "wijzigingen"

    def __str__(self) -> str:
        return self.summary
