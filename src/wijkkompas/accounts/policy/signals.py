"""Signalen & casusoverleg rules. Object-level access follows the tenant's covenant (signals app);
these are the role gates in front of it."""

from wijkkompas.accounts.roles import Role

from . import ANONYMOUS, rule

_FRONTLINE = (Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR, Role.ANALIST)

RULES = {
    ("signal", "create"): rule(*_FRONTLINE, description="Signaal registreren"),
    ("signal", "list"): rule(Role.PROCESREGISSEUR, description="Triagewachtrij"),
    ("signal", "view"): rule(Role.PROCESREGISSEUR),
    ("signal", "triage"): rule(Role.PROCESREGISSEUR),
    ("public_signal", "create"): rule(ANONYMOUS, tenant_scoped=False, description="Meldformulier voor bewoners"),
}
