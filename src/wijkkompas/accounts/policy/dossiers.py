"""Themadossier rules: dossiers belong to a tenant; the bestuurder reads, the OOV-adviseur writes."""

from wijkkompas.accounts.roles import Role

from . import rule

_READERS = (Role.OOV_ADVISEUR, Role.BEHEERDER, Role.BESTUURDER, Role.PROCESREGISSEUR, Role.ANALIST)
_WRITERS = (Role.OOV_ADVISEUR,)

RULES = {
    ("dossier", "list"): rule(*_READERS, description="Themadossiers van de eigen gemeente"),
    ("dossier", "view"): rule(*_READERS),
    ("dossier", "export"): rule(*_READERS, description="Koersnotitie (PDF/Markdown)"),
    ("dossier", "create"): rule(*_WRITERS),
    ("dossier", "edit"): rule(*_WRITERS),
    ("dossier", "delete"): rule(*_WRITERS),
}
