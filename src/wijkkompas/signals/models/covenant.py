"""The covenant that governs who may see what: parties, the signal taxonomy with purpose, legal
basis and retention terms, and the grants per organisation and role up to a data class."""

from __future__ import annotations

from django.db import models

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
    retention_open_months = models.PositiveSmallIntegerField(
        "bewaartermijn signalen in triage (maanden na ontvangst)", default=6
    )
    retention_forwarded_months = models.PositiveSmallIntegerField(
        "bewaartermijn doorgestuurde signalen (maanden na doorsturen)", default=6
    )
    retention_open_case_months = models.PositiveSmallIntegerField(
        "bewaartermijn lopende casus (maanden na de laatste wijziging)", default=24
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
