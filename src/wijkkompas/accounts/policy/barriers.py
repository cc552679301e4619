"""Barrièremodel rules: models belong to a tenant; partners work on them together."""

from wijkkompas.accounts.roles import Role

from . import rule

_READERS = (
    Role.OOV_ADVISEUR,
    Role.PROCESREGISSEUR,
    Role.PROFESSIONAL,
    Role.ANALIST,
    Role.BEHEERDER,
    Role.BESTUURDER,
)
_EDITORS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR, Role.ANALIST, Role.PROFESSIONAL)

RULES = {
    ("barrier_model", "list"): rule(*_READERS, description="Barrièremodellen van de eigen gemeente"),
    ("barrier_model", "view"): rule(*_READERS),
    ("barrier_model", "export"): rule(*_READERS, description="Poster, actielijst, JSON"),
    ("barrier_model", "create"): rule(*_EDITORS),
    ("barrier_model", "edit"): rule(*_EDITORS),
    ("barrier_model", "delete"): rule(Role.OOV_ADVISEUR, Role.PROCESREGISSEUR),
}
