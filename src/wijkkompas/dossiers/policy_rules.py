"""Themadossier rules: dossiers belong to a tenant; the bestuurder reads, the OOV-adviseur writes.

Pinning an item of another module to a question (a wijkbeeld figure on question 4, a barrier model
on question 5) is a separate action: the procesregisseur who runs the local approach may pin too,
without being able to change findings or source statuses."""

from wijkkompas.accounts.policy import rule
from wijkkompas.accounts.roles import Role

_READERS = (Role.OOV_ADVISEUR, Role.BEHEERDER, Role.BESTUURDER, Role.PROCESREGISSEUR, Role.ANALIST)
_WRITERS = (Role.OOV_ADVISEUR,)
_PINNERS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR)

RULES = {
    ("dossier", "list"): rule(*_READERS, description="Themadossiers van de eigen gemeente"),
    ("dossier", "view"): rule(*_READERS),
    ("dossier", "export"): rule(*_READERS, description="Koersnotitie (PDF/Markdown)"),
    ("dossier", "create"): rule(*_WRITERS),
    ("dossier", "edit"): rule(
        *_WRITERS, description="Bronstatus, bevindingen, volgende stappen, koppelingen"
    ),
    ("dossier", "pin"): rule(
        *_PINNERS, description="Wijkbeeldcijfer, barrièremodel of link aan een vraag koppelen"
    ),
    ("dossier", "delete"): rule(*_WRITERS),
}
