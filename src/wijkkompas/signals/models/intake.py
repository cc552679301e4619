"""Subjects (persons only as pseudonyms, identifying fields encrypted at rest), signals, triage
decisions and feedback to the reporter."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.urls import reverse

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core.models import (
    RESIDENT,
    SYSTEM_AUTHOR,
    Event,
    ProcessingRecord,
    Versioned,
    user_ref,
)
from wijkkompas.core.records import Provenance, months_after

from .covenant import Category, DataClass
from .processing import PUBLIC_SOURCE, covenant_name, latest, today, username


class Subject(ProcessingRecord, Versioned):
    """What a signal is about. A person is a pseudonym plus encrypted identifying fields; the
    ``identity_index`` is a keyed hash that links signals about the same person without revealing
    who it is. Corrections of a person's fields name the version they read (``Versioned``)."""

    class Kind(models.TextChoices):
        LOCATION = "locatie", "Locatie"
        BUSINESS = "bedrijf", "Bedrijf"
        GROUP = "groep", "Groep"
        PERSON = "persoon", "Persoon"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="signal_subjects")
    kind = models.CharField("soort", max_length=10, choices=Kind.choices)
    label = models.CharField(
        "omschrijving", max_length=200, help_text="adres, bedrijfsnaam, groepsnaam of pseudoniem"
    )
    area_code = models.CharField("buurtcode", max_length=12, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    pseudonym = models.CharField("pseudoniem", max_length=20, blank=True, db_index=True)
    identity_encrypted = models.TextField(blank=True, editable=False)
    identity_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "label"]
        constraints = [
            *ProcessingRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["tenant", "pseudonym"],
                condition=~models.Q(pseudonym=""),
                name="subject_unique_pseudonym",
            ),
        ]
        verbose_name = "onderwerp"

    def __str__(self) -> str:
        return self.pseudonym if self.kind == self.Kind.PERSON else self.label

    def get_absolute_url(self) -> str:
        return reverse("signals:person", args=[self.pk])

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    def provenance(self) -> Provenance:
        return Provenance(
            legal_basis="De grondslag van de signaalcategorie van elk signaal over dit onderwerp "
            f"({covenant_name(self.tenant)}).",
            purpose="Signalen over dezelfde persoon, locatie, hetzelfde bedrijf of dezelfde groep "
            "bij elkaar brengen voor het casusoverleg.",
            source_organisation=str(self.tenant),
            author=self.author or SYSTEM_AUTHOR,
        )

    def term(self) -> date:
        """The latest date of the signals about it; a subject no signal refers to any more
        goes at the next retention run anyway."""
        fallback = months_after(self.created_at or today(), 1)
        if self.pk is None:
            return fallback
        return latest(self.signals.all(), fallback)


# --- Signals ------------------------------------------------------------------------------------


class Signal(ProcessingRecord, Versioned):
    class Source(models.TextChoices):
        PROFESSIONAL = "professional", "Professional"
        PUBLIC = "bewoner", "Bewoner (meldformulier)"

    class Status(models.TextChoices):
        NEW = "nieuw", "Nieuw (triage)"
        IN_CASE = "in_casus", "Opgenomen in casus"
        FORWARDED = "doorgestuurd", "Doorgestuurd naar partner"
        DISMISSED = "afgewezen", "Afgewezen"

    class Basis(models.TextChoices):
        FACT = "feit", "Feit (vastgesteld)"
        ASSUMPTION = "aanname", "Aanname / vermoeden"

    class Observation(models.TextChoices):
        OWN = "eigen", "Eigen waarneming"
        HEARSAY = "horen_zeggen", "Van horen zeggen"

    class Urgency(models.TextChoices):
        NORMAL = "normaal", "Normaal"
        HIGH = "hoog", "Hoog"
        URGENT = "spoed", "Spoed"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="signals")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="signals", verbose_name="categorie"
    )
    data_class = models.PositiveSmallIntegerField(
        "gegevensklasse", choices=DataClass.choices, default=DataClass.GEWOON
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    source = models.CharField(
        "bron", max_length=20, choices=Source.choices, default=Source.PROFESSIONAL
    )
    reporter = user_ref(blank=True, related_name="signals_reported")
    reporter_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals_reported",
    )
    observed_at = models.DateTimeField("waargenomen op")
    received_at = models.DateTimeField("ontvangen op", auto_now_add=True, db_index=True)
    location = models.CharField("waar", max_length=200, blank=True)
    area_code = models.CharField("buurtcode", max_length=12, blank=True, db_index=True)
    description = models.TextField("wat is er gezien")
    basis = models.CharField("feit of aanname", max_length=10, choices=Basis.choices)
    observation = models.CharField("waarneming", max_length=15, choices=Observation.choices)
    urgency = models.CharField(
        "urgentie", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        "status", max_length=15, choices=Status.choices, default=Status.NEW, db_index=True
    )
    case = models.ForeignKey(
        "Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="signals"
    )
    forwarded_to = models.ManyToManyField(
        Organisation, blank=True, related_name="signals_forwarded"
    )
    contact_encrypted = models.TextField(
        blank=True, editable=False, help_text="contactgegevens van een bewoner, versleuteld"
    )
    wants_feedback = models.BooleanField("wil terugkoppeling", default=False)
    client_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    status_token_hash = models.CharField(
        "sleutel van de statuspagina (gehasht)", max_length=64, blank=True, editable=False
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="afgewezen, doorgestuurd of casus afgesloten"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProcessingRecord.Meta):
        ordering = ["-received_at", "-id"]
        verbose_name = "signaal"
        verbose_name_plural = "signalen"

    def __str__(self) -> str:
        return f"Signaal {self.pk} · {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("signals:signal", args=[self.pk])

    def provenance(self) -> Provenance:
        public = self.source == self.Source.PUBLIC
        if self.reporter_organisation_id:
            source = self.reporter_organisation.name
        else:
            source = PUBLIC_SOURCE if public else str(self.tenant)
        return Provenance(
            legal_basis=self.category.legal_basis,
            purpose=self.category.purpose,
            source_organisation=source,
            author=username(self.reporter, RESIDENT if public else SYSTEM_AUTHOR),
        )

    def term(self) -> date:
        category, status = self.category, self.Status
        if self.status == status.IN_CASE and self.case_id:
            return self.case.retain_until
        if self.status == status.DISMISSED:
            return months_after(self.closed_at or today(), category.retention_dismissed_months)
        if self.status == status.FORWARDED:
            return months_after(self.closed_at or today(), category.retention_forwarded_months)
        return months_after(self.received_at or today(), category.retention_open_months)

    def propagate_term(self) -> None:
        if self.subject_id:  # the subject is kept as long as its longest-kept signal
            Subject.objects.filter(pk=self.subject_id).update(
                retain_until=latest(Signal.objects.filter(subject_id=self.subject_id), today())
            )


class TriageDecision(Event):
    class Kind(models.TextChoices):
        DISMISS = "afwijzen", "Afwijzen"
        ADD_TO_CASE = "toevoegen", "Toevoegen aan bestaande casus"
        OPEN_CASE = "casus", "Nieuwe casus openen"
        FORWARD = "doorsturen", "Doorsturen naar partner"
        URGENT = "urgent", "Als spoed markeren"

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="triage_decisions")
    kind = models.CharField("besluit", max_length=12, choices=Kind.choices)
    reason = models.TextField("reden")
    actor = user_ref()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.get_kind_display()


class Feedback(models.Model):
    """A status message to the reporter. Only fixed texts that reveal nothing about the case."""

    class Message(models.TextChoices):
        RECEIVED = "ontvangen", "Uw signaal is ontvangen en wordt bekeken."
        IN_PROGRESS = (
            "in_behandeling",
            "Er wordt iets met uw signaal gedaan. Over de inhoud kunnen wij niets delen.",
        )
        COMBINED = (
            "samengevoegd",
            "Uw signaal is samen met andere signalen opgepakt door de betrokken partners.",
        )
        NO_ACTION = (
            "geen_actie",
            "Uw signaal is bekeken; er volgt op dit moment geen verdere actie. Dank voor uw melding.",
        )
        CLOSED = "afgerond", "De behandeling van uw signaal is afgerond. Dank voor uw melding."

    class Channel(models.TextChoices):
        APP = "app", "In Wijkkompas (professional)"
        EMAIL = "email", "E-mail"
        PHONE = "telefoon", "Telefoon"

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="feedback")
    message = models.CharField("bericht", max_length=20, choices=Message.choices)
    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    given_by = user_ref()
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_at", "id"]

    def __str__(self) -> str:
        return self.get_message_display()
