"""Access rules of plans (registered by the app's config).

Plans are public documents without person data. Every logged-in user of a municipality (tenant)
sees the plans that municipality imported, their priorities and the comparison; the analyst roles
(analist, OOV-adviseur) import plans and confirm, edit, merge, add or reject priorities. Every
change is audited. Objects of another tenant answer 404 (tenant-scoped rules)."""

from wijkkompas.accounts.policy import AUTHENTICATED, rule
from wijkkompas.accounts.roles import Role

ANALYSTS = (Role.ANALIST, Role.OOV_ADVISEUR)
PRIORITY = {"tenant_field": "plan__tenant_id"}

RULES = {
    ("plan", "list"): rule(AUTHENTICATED, description="IVP's van de eigen gemeente"),
    ("plan", "view"): rule(AUTHENTICATED, description="Een IVP met zijn prioriteiten"),
    ("plan", "create"): rule(*ANALYSTS, description="IVP importeren (analisten)"),
    ("plan", "edit"): rule(*ANALYSTS, description="Gegevens van een IVP bijwerken"),
    ("plan", "delete"): rule(*ANALYSTS, description="IVP verwijderen (analisten)"),
    ("plan", "export"): rule(AUTHENTICATED, description="Vergelijking als CSV, XLSX, PDF of JSON"),
    ("priority", "list"): rule(AUTHENTICATED, **PRIORITY),
    ("priority", "view"): rule(AUTHENTICATED, **PRIORITY),
    ("priority", "create"): rule(*ANALYSTS, **PRIORITY, description="Prioriteit toevoegen"),
    ("priority", "edit"): rule(
        *ANALYSTS, **PRIORITY, description="Bevestigen, bewerken, indelen, samenvoegen, afwijzen"
    ),
}
