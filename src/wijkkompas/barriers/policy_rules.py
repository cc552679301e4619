"""Barrièremodel rules: models belong to a tenant; partners work on them together.

Steps, elements (the four kinds) and sessions are checked through their model's tenant
(``tenant_field``), so an object of another tenant answers 404 wherever it is reached from.
National templates (tenant NULL) are readable by every reader and by the national editors;
copying one into a tenant needs ("barrier_model", "create") there.
"""

from wijkkompas.accounts.policy import rule
from wijkkompas.accounts.roles import Role

_READERS = (
    Role.OOV_ADVISEUR,
    Role.PROCESREGISSEUR,
    Role.PROFESSIONAL,
    Role.ANALIST,
    Role.BEHEERDER,
    Role.BESTUURDER,
)
_EDITORS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR, Role.ANALIST, Role.PROFESSIONAL)
_MANAGERS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR)

_STEP = "model__tenant_id"
_ELEMENT = "step__model__tenant_id"

RULES = {
    ("barrier_model", "list"): rule(
        *_READERS, description="Barrièremodellen van de eigen gemeente"
    ),
    ("barrier_model", "view"): rule(*_READERS),
    ("barrier_model", "export"): rule(*_READERS, description="Poster, actielijst, JSON"),
    ("barrier_model", "create"): rule(
        *_EDITORS, description="Nieuw model, import of sjabloon kopiëren"
    ),
    ("barrier_model", "edit"): rule(*_EDITORS),
    ("barrier_model", "delete"): rule(*_MANAGERS),
    ("barrier_model", "history"): rule(
        *_READERS, description="Wijzigingsgeschiedenis van een model"
    ),
    ("barrier_template", "list"): rule(
        *_READERS,
        Role.REDACTEUR,
        tenant_scoped=False,
        description="Landelijke sjablonen (startpunt voor een sessie)",
    ),
    ("barrier_template", "view"): rule(*_READERS, Role.REDACTEUR, tenant_scoped=False),
    ("barrier_step", "view"): rule(*_READERS, tenant_field=_STEP),
    ("barrier_step", "edit"): rule(
        *_EDITORS, tenant_field=_STEP, description="Stappen toevoegen, wijzigen, ordenen"
    ),
    ("barrier_step", "delete"): rule(*_MANAGERS, tenant_field=_STEP),
    ("barrier_element", "view"): rule(*_READERS, tenant_field=_ELEMENT),
    ("barrier_element", "edit"): rule(
        *_EDITORS,
        tenant_field=_ELEMENT,
        description="Gelegenheden, signalen, faciliteerders, barrières",
    ),
    ("barrier_element", "delete"): rule(*_EDITORS, tenant_field=_ELEMENT),
    ("barrier_session", "view"): rule(*_READERS, tenant_field=_STEP),
    ("barrier_session", "edit"): rule(
        *_EDITORS, tenant_field=_STEP, description="Expertsessies vastleggen"
    ),
    ("barrier_session", "delete"): rule(*_MANAGERS, tenant_field=_STEP),
    ("barrier_followup", "view"): rule(
        *_READERS, description="Barrières per partnerorganisatie (opvolging), object = organisatie"
    ),
}
