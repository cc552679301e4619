"""Writes on barrier models: one function per use case, in a transaction, through the policy, with
an entry in the model's change log and in the audit trail.

Optimistic locking (``core.versioning``): every edit names the ``version`` the user read; when the
row has moved on, or no version is named, the service raises ``Conflict`` (HTTP 409 in the API, a
message plus the user's own input in HTML).

One module per sub-domain; this package re-exports them, so callers write ``services.add_step``.
"""

from wijkkompas.barriers.services._common import STALE_MESSAGE
from wijkkompas.barriers.services.barrier_models import (
    create_model,
    create_submodel,
    delete_model,
    update_model,
)
from wijkkompas.barriers.services.elements import (
    add_element,
    delete_element,
    move_element,
    update_element,
)
from wijkkompas.barriers.services.exchange import (
    TEMPLATES_DIR,
    import_model,
    instantiate_template,
    load_templates,
)
from wijkkompas.barriers.services.links import DOSSIER_QUESTIONS, link_to_dossier
from wijkkompas.barriers.services.sessions import create_session, delete_session, update_session
from wijkkompas.barriers.services.steps import add_step, delete_step, move_step, update_step

__all__ = [
    "DOSSIER_QUESTIONS",
    "STALE_MESSAGE",
    "TEMPLATES_DIR",
    "add_element",
    "add_step",
    "create_model",
    "create_session",
    "create_submodel",
    "delete_element",
    "delete_model",
    "delete_session",
    "delete_step",
    "import_model",
    "instantiate_template",
    "link_to_dossier",
    "load_templates",
    "move_element",
    "move_step",
    "update_element",
    "update_model",
    "update_session",
    "update_step",
]
