"""The Signalen & casusoverleg API under /api/v1/: thin endpoints over the same services and
selectors as the views, the same policy, problem+json errors and 409 on stale writes. One module
per sub-domain adds its operations to ``router``; importing them here registers them (intake
before triage, so ``/signals/export`` is routed before ``/signals/{signal_id}``)."""

from wijkkompas.signals.api import (  # noqa: F401  (each module registers its operations)
    cases,
    escalations,
    intake,
    interventions,
    meetings,
    persons,
    register,
    triage,
)
from wijkkompas.signals.api.common import router

__all__ = ["router"]
