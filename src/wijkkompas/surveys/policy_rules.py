"""Access rules of surveys (registered by the app's config).

A survey belongs to a tenant and to the organisation that runs it (the owner). Everyone of the
tenant who reads the wijkbeeld may see a survey and, once it is closed, its results; the owner's
advisers change it, see results early (marked provisional), check free text and publish results.
Free text is seen by the owner only, after a check, and never exported. Field workers of any
organisation of the tenant enter paper forms. Residents answer without an account."""

from wijkkompas.accounts.policy import ANONYMOUS, rule
from wijkkompas.accounts.roles import Role

READERS = (
    Role.OOV_ADVISEUR,
    Role.PROCESREGISSEUR,
    Role.PROFESSIONAL,
    Role.ANALIST,
    Role.BEHEERDER,
    Role.BESTUURDER,
)
MANAGERS = (Role.OOV_ADVISEUR, Role.PROCESREGISSEUR, Role.ANALIST)
FIELD_WORKERS = (Role.PROFESSIONAL, Role.OOV_ADVISEUR, Role.PROCESREGISSEUR)
CLOSED = "gesloten"


def _own(user, survey) -> bool:
    return survey.organisation_id == getattr(user, "organisation_id", None)


def _own_qs(user, qs):
    return qs.filter(organisation_id=getattr(user, "organisation_id", None))


def _results(user, survey) -> bool:
    return survey.status == CLOSED or (_own(user, survey) and user.has_role(*MANAGERS))


def _results_qs(user, qs):
    if user.has_role(*MANAGERS):
        return qs.filter(status=CLOSED) | _own_qs(user, qs)
    return qs.filter(status=CLOSED)


def _free_text_own(user, text) -> bool:
    return _own(user, text.response.survey)


def _free_text_own_qs(user, qs):
    return qs.filter(response__survey__organisation_id=getattr(user, "organisation_id", None))


_OWN = {"condition": _own, "queryset_filter": _own_qs}
_FREE = {
    "condition": _free_text_own,
    "queryset_filter": _free_text_own_qs,
    "tenant_field": "response__survey__tenant_id",
}

RULES = {
    ("survey", "list"): rule(*READERS, description="Bewonerspeilingen van de eigen gemeente"),
    ("survey", "view"): rule(*READERS),
    ("survey", "create"): rule(*MANAGERS, description="Nieuwe peiling uit een sjabloon"),
    ("survey", "edit"): rule(
        *MANAGERS, **_OWN, description="Vragen, buurten, periode, openen en sluiten (eigenaar)"
    ),
    ("survey", "results"): rule(
        *READERS,
        condition=_results,
        queryset_filter=_results_qs,
        description="Uitkomsten na sluiten; de eigenaar eerder (voorlopig)",
    ),
    ("survey", "export"): rule(
        *READERS,
        condition=_results,
        queryset_filter=_results_qs,
        description="Uitkomsten als CSV (zonder vrije tekst)",
    ),
    ("survey", "publish"): rule(
        *MANAGERS, **_OWN, description="Uitkomsten als lokale indicatoren in het wijkbeeld"
    ),
    ("survey", "codes"): rule(
        *MANAGERS, **_OWN, description="Uitnodigingscodes met QR aanmaken en afdrukken"
    ),
    ("survey", "paper"): rule(
        *FIELD_WORKERS, description="Papieren formulieren invoeren (veldwerk)"
    ),
    ("survey_free_text", "review"): rule(
        *MANAGERS[:2], **_FREE, description="Vrije tekst controleren op namen en adressen"
    ),
    ("survey_free_text", "view"): rule(
        *MANAGERS[:2], **_FREE, description="Gecontroleerde vrije tekst lezen (alleen eigenaar)"
    ),
    ("public_survey", "answer"): rule(
        ANONYMOUS, tenant_scoped=False, description="Bewoners vullen de peiling in, zonder account"
    ),
}

PUBLIC_VIEWS = frozenset({"surveys:answer", "surveys:answer_code", "surveys:answer_done"})
