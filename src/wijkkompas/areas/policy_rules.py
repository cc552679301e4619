"""Wijkbeeld rules: area data is aggregate data about areas (never persons) and needs a login."""

from wijkkompas.accounts.policy import AUTHENTICATED, rule
from wijkkompas.accounts.roles import Role

RULES = {
    ("area", "list"): rule(
        AUTHENTICATED, tenant_scoped=False, description="Gebiedsgegevens (geaggregeerd)"
    ),
    ("area", "view"): rule(AUTHENTICATED, tenant_scoped=False),
    ("area", "export"): rule(AUTHENTICATED, tenant_scoped=False),
    ("indicator", "list"): rule(AUTHENTICATED, tenant_scoped=False),
    ("indicator", "view"): rule(AUTHENTICATED, tenant_scoped=False),
    ("area_data", "import"): rule(Role.BEHEERDER, Role.ANALIST, tenant_scoped=False),
    ("area_data", "upload"): rule(
        Role.BEHEERDER,
        Role.ANALIST,
        tenant_scoped=False,
        system=False,
        description="Wijkbeeldbestand uploaden op de importpagina (voorbeeld, proefimport, import)",
    ),
    ("index_profile", "list"): rule(AUTHENTICATED, tenant_scoped=False),
    ("index_profile", "view"): rule(AUTHENTICATED, tenant_scoped=False),
    ("index_profile", "create"): rule(Role.ANALIST, Role.OOV_ADVISEUR, Role.BEHEERDER),
    ("index_profile", "edit"): rule(Role.ANALIST, Role.OOV_ADVISEUR, Role.BEHEERDER),
}
