"""Cases with their go/no-go transitions, case meetings (agenda, contributions, actions),
interventions and escalations to the repressive track."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.urls import reverse

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core.models import Event, ProcessingRecord, TimeStamped, Versioned, user_ref
from wijkkompas.core.records import Provenance, months_after

from .covenant import Category, DataClass
from .intake import Signal, Subject
from .processing import (
    DEFAULT_MEETING_MONTHS,
    case_provenance,
    covenant_name,
    latest,
    today,
    username,
)


class Case(ProcessingRecord, Versioned, TimeStamped):
    class Status(models.TextChoices):
        NEW = "nieuw", "Nieuw"
        INVESTIGATION = "in_onderzoek", "In onderzoek"
        MEETING = "casusoverleg", "Casusoverleg"
        INTERVENTIONS = "interventies", "Interventies"
        MONITORING = "monitoren", "Monitoren"
        CLOSED = "afgesloten", "Afgesloten"

    FLOW = [
        Status.NEW,
        Status.INVESTIGATION,
        Status.MEETING,
        Status.INTERVENTIONS,
        Status.MONITORING,
        Status.CLOSED,
    ]

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="signal_cases")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases_owned",
        verbose_name="regievoerende organisatie",
    )
    title = models.CharField("titel", max_length=200)
    summary = models.TextField("samenvatting", blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="cases", verbose_name="categorie"
    )
    data_class = models.PositiveSmallIntegerField(
        "gegevensklasse", choices=DataClass.choices, default=DataClass.GEWOON
    )
    status = models.CharField(
        "status", max_length=15, choices=Status.choices, default=Status.NEW, db_index=True
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="cases_joined", verbose_name="betrokken partners"
    )
    created_by = user_ref()
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProcessingRecord.Meta):
        ordering = ["-created_at", "-id"]
        verbose_name = "casus"
        verbose_name_plural = "casussen"

    def provenance(self) -> Provenance:
        return case_provenance(self)

    def term(self) -> date:
        if self.status == self.Status.CLOSED:
            return months_after(self.closed_at or today(), self.category.retention_closed_months)
        return months_after(today(), self.category.retention_open_case_months)

    def propagate_term(self) -> None:
        """What follows the case (its signals, interventions, escalations, the meetings that
        discussed it and the subjects of its signals) takes the case's date with it."""
        term = self.retain_until
        signals = self.signals.filter(status=Signal.Status.IN_CASE)
        signals.update(retain_until=term)
        self.interventions.update(retain_until=term)
        self.escalations.update(retain_until=term)
        for meeting in CaseMeeting.objects.filter(agenda__case=self).distinct():
            meeting.save(update_fields=["retain_until"])
        for subject in Subject.objects.filter(signals__case=self).distinct():
            subject.save(update_fields=["retain_until"])

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signals:case", args=[self.pk])

    @property
    def next_status(self) -> str | None:
        index = self.FLOW.index(self.status)
        return self.FLOW[index + 1] if index + 1 < len(self.FLOW) else None

    @property
    def next_status_label(self) -> str:
        return self.Status(self.next_status).label if self.next_status else ""


class CaseTransition(Event):
    """A go/no-go moment: the decision, its reason, and the status before and after."""

    class Decision(models.TextChoices):
        GO = "go", "Go: door naar de volgende stap"
        NO_GO = "no_go", "No-go: casus afsluiten"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=Case.Status.choices)
    to_status = models.CharField(max_length=15, choices=Case.Status.choices)
    decision = models.CharField("besluit", max_length=6, choices=Decision.choices)
    reason = models.TextField("motivering")
    actor = user_ref()

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.from_status} → {self.to_status}"


# --- Casusoverleg -------------------------------------------------------------------------------


class CaseMeeting(ProcessingRecord, Versioned):
    class Status(models.TextChoices):
        PLANNED = "gepland", "Gepland"
        HELD = "gehouden", "Gehouden"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="case_meetings")
    title = models.CharField("titel", max_length=200)
    starts_at = models.DateTimeField("datum en tijd")
    location = models.CharField("plaats", max_length=200, blank=True)
    chair = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        verbose_name="voorzitter (organisatie)",
    )
    participants = models.ManyToManyField(
        Organisation, related_name="meetings", verbose_name="deelnemende partners"
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.TextField("algemene aantekeningen", blank=True)
    created_by = user_ref()

    class Meta(ProcessingRecord.Meta):
        ordering = ["-starts_at", "-id"]
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"

    def __str__(self) -> str:
        return self.title

    def provenance(self) -> Provenance:
        return Provenance(
            legal_basis="De grondslagen van de signaalcategorieën van de besproken casussen "
            f"({covenant_name(self.tenant)}).",
            purpose="Casusoverleg: de partners stemmen per casus af wie wat doet.",
            source_organisation=self.chair.name,
            author=username(self.created_by),
        )

    def term(self) -> date:
        """Kept as long as the longest-kept case on its agenda."""
        months = (
            Category.objects.filter(tenant_id=self.tenant_id).aggregate(
                longest=models.Max("retention_closed_months")
            )["longest"]
            or DEFAULT_MEETING_MONTHS
        )
        fallback = months_after(self.starts_at or today(), months)
        if self.pk is None:
            return fallback
        return latest(Case.objects.filter(agenda_items__meeting=self), fallback)

    def get_absolute_url(self) -> str:
        return reverse("signals:meeting", args=[self.pk])


class AgendaItem(Versioned):
    """One case on a meeting's agenda; ``decisions`` is what the meeting decided about it, written
    with the version it was read at (``Versioned``)."""

    meeting = models.ForeignKey(CaseMeeting, on_delete=models.CASCADE, related_name="agenda")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(default=1)
    decisions = models.TextField("besluiten", blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_item_unique_case")
        ]

    def __str__(self) -> str:
        return f"Agendapunt {self.order}"


class Contribution(Event):
    """What one partner brings in on one agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = user_ref()
    text = models.TextField("inbreng")

    def __str__(self) -> str:
        return f"Inbreng {self.organisation}"


class ActionItem(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("actie", max_length=300)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="eigenaar"
    )
    due_date = models.DateField("uiterlijk", null=True, blank=True)
    done = models.BooleanField("gereed", default=False)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description


# --- Interventions and escalation ---------------------------------------------------------------


class Intervention(ProcessingRecord, Versioned):
    class Kind(models.TextChoices):
        CARE = "zorg", "Zorg"
        PREVENTION = "preventie", "Preventie"
        ADMINISTRATIVE = "bestuurlijk", "Bestuurlijk"
        REPRESSIVE = "repressief", "Repressief"

    class Status(models.TextChoices):
        PLANNED = "gepland", "Gepland"
        RUNNING = "lopend", "Lopend"
        DONE = "afgerond", "Afgerond"
        STOPPED = "gestopt", "Gestopt"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="interventions")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interventions")
    kind = models.CharField("soort", max_length=12, choices=Kind.choices)
    title = models.CharField("interventie", max_length=200)
    description = models.TextField("toelichting", blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="interventions_owned",
        verbose_name="eigenaar",
    )
    due_date = models.DateField("uiterlijk", null=True, blank=True)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    result = models.TextField("resultaat", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(ProcessingRecord.Meta):
        ordering = ["due_date", "id"]
        verbose_name = "interventie"

    def provenance(self) -> Provenance:
        return case_provenance(self.case, source=self.owner.name, author=self.author or None)

    def term(self) -> date:
        return self.case.retain_until

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signals:intervention", args=[self.pk])


class Escalation(ProcessingRecord):
    """The explicit hand-over to the repressive track. ``shared`` is the exact content handed over,
    frozen at approval; nothing else of the case is visible to the receiving organisation."""

    class Track(models.TextChoices):
        RIEC = "riec", "RIEC"
        INTERVENTIETEAM = "interventieteam", "Interventieteam"
        OM = "om", "Openbaar Ministerie / politie (strafrechtelijk)"

    class Status(models.TextChoices):
        REQUESTED = "aangevraagd", "Aangevraagd"
        APPROVED = "goedgekeurd", "Goedgekeurd en gedeeld"
        REJECTED = "afgewezen", "Afgewezen"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="escalations")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    track = models.CharField("spoor", max_length=20, choices=Track.choices)
    target = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="escalations_received",
        verbose_name="ontvangende organisatie",
    )
    legal_basis = models.CharField("grondslag voor verstrekking", max_length=300)
    reason = models.TextField("reden van escalatie")
    shared = models.JSONField("gedeelde gegevens", default=dict)
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = user_ref()
    requested_at = models.DateTimeField(auto_now_add=True)
    approver = user_ref(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("toelichting besluit", blank=True)

    class Meta(ProcessingRecord.Meta):
        ordering = ["-requested_at", "-id"]
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"

    def provenance(self) -> Provenance:
        # ``legal_basis`` is the escalation's own basis for handing over, entered with it.
        facts = case_provenance(self.case, author=username(self.requested_by))
        return Provenance(self.legal_basis, facts.purpose, facts.source_organisation, facts.author)

    def term(self) -> date:
        return self.case.retain_until

    def __str__(self) -> str:
        return f"Escalatie {self.pk} naar {self.target}"

    def get_absolute_url(self) -> str:
        return reverse("signals:escalation", args=[self.pk])
