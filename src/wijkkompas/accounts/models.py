"""Tenants, organisations, users, API tokens, login attempts, TOTP devices and the audit trail."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from wijkkompas.accounts.roles import ALL_ROLES, Role


class Tenant(models.Model):
    """A municipality or a partnership of municipalities; the unit of data isolation."""

    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", "Gemeente"
        SAMENWERKINGSVERBAND = "samenwerkingsverband", "Samenwerkingsverband"

    class MunicipalityClass(models.TextChoices):
        G4 = "G4", "G4"
        G40 = "G40", "G40"
        OVERIG = "overig", "Overige gemeente"

    slug = models.SlugField(unique=True)
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=30, choices=Kind.choices, default=Kind.GEMEENTE)
    cbs_code = models.CharField(
        "CBS-gemeentecode", max_length=6, blank=True, help_text="bijv. GM0772"
    )
    municipality_class = models.CharField(
        "gemeenteklasse",
        max_length=10,
        choices=MunicipalityClass.choices,
        default=MunicipalityClass.OVERIG,
    )
    is_p10 = models.BooleanField("P10-gemeente", default=False)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "gemeente / samenwerkingsverband"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner organisation. National organisations (e.g. the knowledge editors) have no tenant."""

    class Kind(models.TextChoices):
        GEMEENTE = "gemeente", "Gemeente"
        POLITIE = "politie", "Politie"
        JONGERENWERK = "jongerenwerk", "Jongerenwerk"
        WONINGCORPORATIE = "woningcorporatie", "Woningcorporatie"
        ZVH = "zorg_en_veiligheidshuis", "Zorg- en Veiligheidshuis"
        RIEC = "riec", "RIEC"
        SCHOOL = "school", "School"
        OM = "om", "Openbaar Ministerie"
        WIJKTEAM = "wijkteam", "Wijkteam / sociaal domein"
        OMGEVINGSDIENST = "omgevingsdienst", "Omgevingsdienst"
        BELASTINGDIENST = "belastingdienst", "Belastingdienst"
        LANDELIJK = "landelijk", "Landelijke organisatie"
        OVERIG = "overig", "Overig"

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    name = models.CharField("naam", max_length=200)
    kind = models.CharField("soort", max_length=40, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "name"], name="organisation_unique_name_per_tenant"
            )
        ]
        verbose_name = "organisatie"

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using Wijkkompas. Belongs to one organisation and holds one or more roles."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    roles = models.JSONField("rollen", default=list, blank=True)
    is_demo = models.BooleanField(default=False)
    attention_digest = models.BooleanField(
        "overzicht 'Vraagt uw aandacht' per e-mail",
        default=False,
        help_text="De gebruiker krijgt het overzicht van wat op hem of haar wacht per e-mail.",
    )

    objects = UserManager()

    def clean(self) -> None:
        super().clean()
        unknown = set(self.roles) - ALL_ROLES
        if unknown:
            raise ValidationError({"roles": f"Onbekende rol(len): {', '.join(sorted(unknown))}."})

    @property
    def tenant(self) -> Tenant | None:
        return self.organisation.tenant if self.organisation_id else None

    @property
    def tenant_id(self) -> int | None:
        return self.organisation.tenant_id if self.organisation_id else None

    def has_role(self, *roles: str) -> bool:
        """Used by the policy module only; views ask the policy, never the role."""
        return bool(set(self.roles) & set(roles))

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in ALL_ROLES]


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.label or self.pk} van {self.user}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, label: str = "") -> str:
        raw = "wk_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, key_hash=cls.hash(raw), label=label)
        return raw


class LoginAttempt(models.Model):
    """One failed or successful login step (password or TOTP code) from one client address;
    failures in a window lock that username for that address, and an address for every account
    (``services.login_locked``). Attempts refused during a lock are audited, not stored here."""

    class Stage(models.TextChoices):
        PASSWORD = "password", "wachtwoord"
        TOTP = "totp", "code uit de authenticator-app"

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    stage = models.CharField("stap", max_length=10, choices=Stage.choices, default=Stage.PASSWORD)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return (
            f"{self.username} {'gelukt' if self.succeeded else 'mislukt'} {self.at:%Y-%m-%d %H:%M}"
        )


class TotpDevice(models.Model):
    """A TOTP authenticator app bound to one user. The secret is encrypted at rest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret_encrypted = models.TextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0, help_text="prevents replay of a used code")

    def __str__(self) -> str:
        return f"authenticator van {self.user}"


class AuditEvent(models.Model):
    """One entry of the append-only audit trail. The database refuses UPDATE, DELETE, REPLACE and
    TRUNCATE (``db_triggers``) and every row is hash-chained to the one before (``audit_chain``).
    Foreign keys are plain ids so that deleting a user never touches the trail."""

    at = models.DateTimeField(db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    tenant_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    # Nullable so SQLite adds the column in place: rebuilding the table would drop its triggers.
    request_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    detail = models.JSONField(default=dict, blank=True)
    # The hash chain (accounts.audit_chain); nullable for the same reason as request_id, but the
    # database refuses a new row without them.
    prev_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    chain_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    chain_stripe = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "auditregel"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_type}:{self.object_id}"


class AuditKey(models.Model):
    """The key that encrypts the audit trail's free text about one person-related record
    (``accounts.audit_shred``). Deleted when the record's retention term ends; unlike the trail
    itself, this table is not append-only."""

    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    key_encrypted = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id"], name="audit_key_per_record"
            )
        ]
        verbose_name = "sleutel van auditteksten"

    def __str__(self) -> str:
        return f"sleutel {self.object_type}:{self.object_id}"
