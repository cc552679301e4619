"""Foundation rules: tenants, organisations, users, the audit trail, the start page; and what of
the floor below (core) and of accounts is reachable without login."""

from wijkkompas.accounts.policy import AUTHENTICATED, rule
from wijkkompas.accounts.roles import Role

RULES = {
    ("start", "view"): rule(AUTHENTICATED, tenant_scoped=False, description="Startpagina"),
    ("audit_event", "list"): rule(Role.BEHEERDER, description="Audittrail van de eigen gemeente"),
    ("audit_event", "view"): rule(Role.BEHEERDER),
    ("organisation", "list"): rule(
        AUTHENTICATED, description="Ketenpartners van de eigen gemeente"
    ),
    ("organisation", "view"): rule(AUTHENTICATED),
    ("organisation", "edit"): rule(Role.BEHEERDER),
    ("user", "list"): rule(Role.BEHEERDER, tenant_field="organisation__tenant_id"),
    ("user", "view"): rule(Role.BEHEERDER, tenant_field="organisation__tenant_id"),
    ("user", "edit"): rule(Role.BEHEERDER, tenant_field="organisation__tenant_id"),
    ("tenant", "view"): rule(AUTHENTICATED, tenant_field="id"),
}

PUBLIC_VIEWS = frozenset({"accounts:login", "accounts:login_totp", "core:healthz", "core:home"})
PUBLIC_API_OPERATIONS = frozenset({"healthz_api"})
