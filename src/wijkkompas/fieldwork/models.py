"""Veldwerk: campaigns of house and business visits over an address list, the information check
before a visit and the visits themselves. Addresses are where residents live or businesses work:
they are never scored or ranked, lists are ordered by geography only (buurt, postcode, street,
house number). Information checks and visits are person-related records (``ProcessingRecord``)."""

from __future__ import annotations

import json

from django.db import models
from django.urls import reverse

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core import crypto
from wijkkompas.core.models import ProcessingRecord, TimeStamped, Versioned, user_ref

# The geographic order of an address list: never a score.
GEOGRAPHIC_ORDER = ("area_code", "postcode", "street", "number", "addition", "id")


class Campaign(Versioned, TimeStamped):
    class Kind(models.TextChoices):
        HOUSE = "huisbezoeken", "Huisbezoeken"
        BUSINESS = "bedrijfsbezoeken", "Bedrijfsbezoeken (Knock and talk)"
        RURAL = "buitengebied", "Buitengebied"

    class Status(models.TextChoices):
        DRAFT = "concept", "In voorbereiding"
        ACTIVE = "actief", "Loopt"
        CLOSED = "afgesloten", "Afgesloten"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    goal = models.TextField("doel van de campagne", blank=True)
    area_codes = models.JSONField("buurten (CBS-codes)", default=list, blank=True)
    starts_on = models.DateField("begint op")
    ends_on = models.DateField("eindigt op")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="regievoerende organisatie",
    )
    team_organisations = models.ManyToManyField(
        Organisation, related_name="campaign_teams", blank=True, verbose_name="teamorganisaties"
    )
    team_roles = models.JSONField("rollen in het team", default=list, blank=True)
    check_roles = models.JSONField("rollen die de informatiecheck zien", default=list, blank=True)
    requires_check = models.BooleanField("informatiecheck vóór elk bezoek", default=False)
    questions = models.JSONField("vragen van het gesprek", default=list, blank=True)
    theme = models.ForeignKey(
        "knowledge.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thema",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="aanpak",
    )
    signal_category = models.ForeignKey(
        "signals.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="signaalcategorie (ondermijning)",
    )
    legal_basis = models.CharField("grondslag van de bezoeken", max_length=300)
    purpose = models.CharField("doel van de verwerking", max_length=300)
    created_by = user_ref("aangemaakt door")

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = "veldwerkcampagne"
        verbose_name_plural = "veldwerkcampagnes"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("fieldwork:campaign", args=[self.pk])


class Cluster(models.Model):
    """A block of addresses planned together: a flat's stairwell, a street, a business park."""

    class Kind(models.TextChoices):
        STAIRWELL = "trappenhuis", "Trappenhuis / portiek"
        STREET = "straat", "Straat"
        BLOCK = "blok", "Blok of terrein"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField("naam", max_length=120)
    kind = models.CharField("soort", max_length=12, choices=Kind.choices, default=Kind.STREET)
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    closed_by = user_ref("afgesloten door")

    class Meta:
        ordering = ["campaign", "name"]
        verbose_name = "cluster"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="fieldwork_cluster_name")
        ]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """One address of a campaign's list, placed in its CBS buurt by its coordinates."""

    class Status(models.TextChoices):
        OPEN = "open", "Nog niet bezocht"
        CONTACT = "gesprek", "Gesprek gevoerd"
        NOBODY = "niemand_thuis", "Niemand thuis"
        REFUSED = "geen_medewerking", "Geen medewerking"
        NOT_FOUND = "niet_gevonden", "Adres niet gevonden"
        OTHER = "anders", "Anders"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="addresses")
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="addresses"
    )
    street = models.CharField("straat", max_length=120)
    number = models.PositiveIntegerField("huisnummer")
    addition = models.CharField("toevoeging", max_length=12, blank=True)
    postcode = models.CharField("postcode", max_length=6)
    place = models.CharField("plaats", max_length=80)
    bag_id = models.CharField("BAG-id", max_length=16, blank=True)
    kvk_number = models.CharField("KvK-nummer", max_length=8, blank=True)
    branch = models.CharField("branche", max_length=120, blank=True)
    latitude = models.FloatField("breedtegraad (WGS84)")
    longitude = models.FloatField("lengtegraad (WGS84)")
    area_code = models.CharField("buurtcode", max_length=10, blank=True)
    normalised = models.CharField("genormaliseerd adres", max_length=160, editable=False)
    status = models.CharField("status", max_length=20, choices=Status.choices, default="open")
    visits_count = models.PositiveIntegerField("aantal bezoeken", default=0)
    revisit_on = models.DateField("opnieuw langs op", null=True, blank=True)

    class Meta:
        ordering = list(GEOGRAPHIC_ORDER)
        verbose_name = "adres"
        verbose_name_plural = "adressen"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "normalised"], name="fieldwork_address_normalised"
            ),
            models.UniqueConstraint(
                fields=["campaign", "bag_id"],
                condition=~models.Q(bag_id=""),
                name="fieldwork_address_bag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.number}{self.addition}, {self.place}"


class InformationCheck(ProcessingRecord, Versioned):
    """What was checked before a visit, by whom, and the strategy a human chose. Never computed."""

    class Strategy(models.TextChoices):
        VISIBILITY = "zichtbaarheid", "Zichtbaarheidsgesprek"
        RESILIENCE = "weerbaarheid", "Weerbaarheidsgesprek"
        NO_VISIT = "geen_bezoek", "Niet bezoeken (doorverwijzen)"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="checks")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="checks")
    checked_by = user_ref("gecontroleerd door")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisatie"
    )
    checked_at = models.DateTimeField("gecontroleerd op")
    sources = models.ManyToManyField(
        "knowledge.Source", related_name="+", blank=True, verbose_name="geraadpleegde bronnen"
    )
    result_encrypted = models.TextField("resultaat", blank=True, editable=False)
    strategy = models.CharField("strategie", max_length=16, choices=Strategy.choices)
    companions = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name="gaat mee"
    )

    class Meta(ProcessingRecord.Meta):
        ordering = ["address", "-checked_at"]
        verbose_name = "informatiecheck"
        verbose_name_plural = "informatiechecks"

    def __str__(self) -> str:
        return f"Informatiecheck {self.address}"

    @property
    def result(self) -> str:
        return crypto.decrypt(self.result_encrypted) if self.result_encrypted else ""


class Visit(ProcessingRecord, Versioned):
    class Outcome(models.TextChoices):
        CONTACT = "gesprek", "Gesprek gevoerd"
        NOBODY = "niemand_thuis", "Niemand thuis"
        REFUSED = "geen_medewerking", "Geen medewerking"
        NOT_FOUND = "niet_gevonden", "Adres niet gevonden"
        OTHER = "anders", "Anders"

    class Feedback(models.TextChoices):
        NONE = "geen", "Geen terugkoppeling nodig"
        PROMISED = "toegezegd", "Toegezegd, nog te geven"
        GIVEN = "gegeven", "Gegeven"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="visits")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="visits")
    visited_by = user_ref("bezocht door")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="organisatie"
    )
    visited_at = models.DateTimeField("bezocht op")
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices)
    answers_encrypted = models.TextField("antwoorden", blank=True, editable=False)
    notes_encrypted = models.TextField("notities", blank=True, editable=False)
    next_visit_on = models.DateField("volgend bezoek", null=True, blank=True)
    signal = models.ForeignKey(
        "signals.Signal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="signaal",
    )
    feedback = models.CharField(
        "terugkoppeling", max_length=10, choices=Feedback.choices, default=Feedback.NONE
    )
    feedback_promise = models.CharField("toegezegd", max_length=300, blank=True)
    feedback_given_at = models.DateTimeField("teruggekoppeld op", null=True, blank=True)
    client_key = models.CharField(
        "sleutel van het apparaat", max_length=40, blank=True, editable=False
    )

    class Meta(ProcessingRecord.Meta):
        ordering = ["-visited_at", "-id"]
        verbose_name = "bezoek"
        verbose_name_plural = "bezoeken"
        constraints = [
            *ProcessingRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["tenant", "client_key"],
                condition=~models.Q(client_key=""),
                name="fieldwork_visit_client_key",
            ),
        ]

    def __str__(self) -> str:
        return f"Bezoek {self.address} ({self.get_outcome_display()})"

    @property
    def notes(self) -> str:
        return crypto.decrypt(self.notes_encrypted) if self.notes_encrypted else ""

    @property
    def answers(self) -> dict:
        return json.loads(crypto.decrypt(self.answers_encrypted)) if self.answers_encrypted else {}
