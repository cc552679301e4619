"""The roles a user can hold (DESIGN.md §1). Codes are English-ish slugs, labels Dutch."""

from django.db import models


class Role(models.TextChoices):
    BEHEERDER = "beheerder", "Beheerder"
    OOV_ADVISEUR = "oov_adviseur", "OOV-adviseur"
    PROCESREGISSEUR = "procesregisseur", "Procesregisseur"
    PROFESSIONAL = "professional", "Professional (ketenpartner)"
    ANALIST = "analist", "Analist"
    BESTUURDER = "bestuurder", "Bestuurder"
    REDACTEUR = "redacteur", "Redacteur (landelijk)"


ALL_ROLES: frozenset[str] = frozenset(Role.values)

# Roles whose holders can see person-related data somewhere in the product; in production they
# must use TOTP two-factor authentication. The bestuurder sees aggregates only, the redacteur only
# the national knowledge base.
PERSON_DATA_ROLES: frozenset[str] = frozenset(
    {Role.BEHEERDER, Role.OOV_ADVISEUR, Role.PROCESREGISSEUR, Role.PROFESSIONAL, Role.ANALIST}
)
