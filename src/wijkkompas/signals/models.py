"""Signalen & casusoverleg (DESIGN.md §2.6): the covenant that governs who may see what, the
subjects of signals (persons only as pseudonyms, identifying fields encrypted at rest), signals,
triage, cases, case meetings, interventions, escalations and feedback.

There is deliberately no field anywhere that scores or ranks a person (DESIGN.md §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.accounts.roles import Role


class DataClass(models.IntegerChoices):
    """How sensitive the content of a signal or case is; a covenant grant allows up to a level."""

    GEWOON = 1, "Gewoon (geen persoonsgegevens)"
    PERSOONSGEGEVENS = 2, "Persoonsgegevens"
    BIJZONDER = 3, "Bijzondere of strafrechtelijke persoonsgegevens"


# --- Covenant configuration ---------------------------------------------------------------------


class Covenant(models.Model):
    """The tenant's information-sharing covenant (convenant met informatieprotocol)."""

    tenant = models.OneToOneField(Tenant, on_delete=models.CASCADE, related_name="covenant")
    name = models.CharField("naam", max_length=200)
    description = models.TextField("doel en informatieprotocol", blank=True)
    controller = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="verwerkingsverantwoordelijke",
        help_text="De organisatie die het register bijhoudt en inzageverzoeken (AVG art. 15) afhandelt.",
    )
    signed_on = models.DateField("ondertekend op", null=True, blank=True)
    valid_until = models.DateField("geldig tot", null=True, blank=True)
    security_measures = models.TextField("beveiligingsmaatregelen", blank=True)

    class Meta:
        verbose_name = "convenant"

    def __str__(self) -> str:
        return self.name


class CovenantParty(models.Model):
    """An organisation that signed the covenant. Organisations without this row see nothing."""

    covenant = models.ForeignKey(Covenant, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="covenant_parties"
    )
    role_description = models.CharField("rol in het convenant", max_length=200, blank=True)
    privacy_assessment_done = models.BooleanField(
        "eigen privacytoets (DPIA) uitgevoerd", default=False
    )
    joined_on = models.DateField("toegetreden op", null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "organisation"], name="covenant_party_unique"
            )
        ]
        verbose_name = "convenantpartner"

    def __str__(self) -> str:
        return str(self.organisation)


class Category(models.Model):
    """A signal category of the taxonomy (data, per tenant), with its purpose, legal basis and
    retention terms as the processing register needs them."""

    class Theme(models.TextChoices):
        JONGE_AANWAS = "jonge_aanwas", "Jonge aanwas"
        ONDERMIJNING = "ondermijning", "Ondermijning"

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="signal_categories")
    code = models.SlugField("code", max_length=60)
    name = models.CharField("naam", max_length=200)
    theme = models.CharField("thema", max_length=20, choices=Theme.choices)
    description = models.TextField("waar te letten", blank=True)
    purpose = models.TextField("doel van de verwerking")
    legal_basis = models.CharField("grondslag", max_length=300)
    retention_dismissed_months = models.PositiveSmallIntegerField(
        "bewaartermijn afgewezen signalen (maanden)", default=6
    )
    retention_closed_months = models.PositiveSmallIntegerField(
        "bewaartermijn na afsluiten casus (maanden)", default=24
    )
    public = models.BooleanField("kiesbaar in het meldformulier voor bewoners", default=False)
    order = models.PositiveSmallIntegerField("volgorde", default=100)
    is_active = models.BooleanField("actief", default=True)

    class Meta:
        ordering = ["theme", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="signal_category_unique_code")
        ]
        verbose_name = "signaalcategorie"
        verbose_name_plural = "signaalcategorieën"

    def __str__(self) -> str:
        return self.name


class AccessGrant(models.Model):
    """Covenant grant: holders of ``role`` at ``organisation`` may see signals and cases of this
    category up to ``max_data_class`` once they are shared with their organisation; with
    ``may_identify`` they also see the identifying fields of persons."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="signal_grants"
    )
    role = models.CharField("rol", max_length=30, choices=Role.choices)
    max_data_class = models.PositiveSmallIntegerField(
        "tot en met gegevensklasse", choices=DataClass.choices
    )
    may_identify = models.BooleanField("mag identificerende persoonsgegevens zien", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["category", "organisation", "role"], name="access_grant_unique"
            )
        ]
        verbose_name = "toegang volgens convenant"

    def __str__(self) -> str:
        return f"{self.organisation} · {self.role} · {self.category}"


# --- Subjects -----------------------------------------------------------------------------------


class Subject(models.Model):
    """What a signal is about. A person is a pseudonym plus encrypted identifying fields; the
    ``identity_index`` is a keyed hash that links signals about the same person without revealing
    who it is."""

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
            models.UniqueConstraint(
                fields=["tenant", "pseudonym"],
                condition=~models.Q(pseudonym=""),
                name="subject_unique_pseudonym",
            )
        ]
        verbose_name = "onderwerp"

    def __str__(self) -> str:
        return self.pseudonym if self.kind == self.Kind.PERSON else self.label

    def get_absolute_url(self) -> str:
        return reverse("signals:person", args=[self.pk])

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON


# --- Signals ------------------------------------------------------------------------------------


class Signal(models.Model):
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
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signals_reported",
    )
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
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="afgewezen of casus afgesloten"
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "signaal"
        verbose_name_plural = "signalen"

    def __str__(self) -> str:
        return f"Signaal {self.pk} · {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("signals:signal", args=[self.pk])


class TriageDecision(models.Model):
    class Kind(models.TextChoices):
        DISMISS = "afwijzen", "Afwijzen"
        ADD_TO_CASE = "toevoegen", "Toevoegen aan bestaande casus"
        OPEN_CASE = "casus", "Nieuwe casus openen"
        FORWARD = "doorsturen", "Doorsturen naar partner"
        URGENT = "urgent", "Als spoed markeren"

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="triage_decisions")
    kind = models.CharField("besluit", max_length=12, choices=Kind.choices)
    reason = models.TextField("reden")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

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
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_at", "id"]

    def __str__(self) -> str:
        return self.get_message_display()


# --- Cases --------------------------------------------------------------------------------------


class Case(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "casus"
        verbose_name_plural = "casussen"

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


class CaseTransition(models.Model):
    """A go/no-go moment: the decision, its reason, and the status before and after."""

    class Decision(models.TextChoices):
        GO = "go", "Go: door naar de volgende stap"
        NO_GO = "no_go", "No-go: casus afsluiten"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=Case.Status.choices)
    to_status = models.CharField(max_length=15, choices=Case.Status.choices)
    decision = models.CharField("besluit", max_length=6, choices=Decision.choices)
    reason = models.TextField("motivering")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.from_status} → {self.to_status}"


# --- Casusoverleg -------------------------------------------------------------------------------


class CaseMeeting(models.Model):
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signals:meeting", args=[self.pk])


class AgendaItem(models.Model):
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


class Contribution(models.Model):
    """What one partner brings in on one agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField("inbreng")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

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


class Intervention(models.Model):
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
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "interventie"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("signals:intervention", args=[self.pk])


class Escalation(models.Model):
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
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("toelichting besluit", blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"

    def __str__(self) -> str:
        return f"Escalatie {self.pk} naar {self.target}"

    def get_absolute_url(self) -> str:
        return reverse("signals:escalation", args=[self.pk])
