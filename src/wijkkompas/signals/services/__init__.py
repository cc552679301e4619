"""Write-side use cases of Signalen & casusoverleg, one module per sub-domain. Each function
checks the policy, runs in a transaction and writes the audit trail; validation errors are Dutch
and name the field. The names below are the package's public surface, so callers write
``from wijkkompas.signals import services; services.create_signal(...)``."""

from wijkkompas.signals.services.cases import create_case, transition_case, update_case
from wijkkompas.signals.services.common import decrypt_json, encrypt_json, keyed_hash
from wijkkompas.signals.services.escalations import (
    SHARE_OPTIONS,
    decide_escalation,
    request_escalation,
)
from wijkkompas.signals.services.intake import create_signal
from wijkkompas.signals.services.interventions import create_intervention, update_intervention
from wijkkompas.signals.services.meetings import (
    add_action_item,
    add_agenda_item,
    add_contribution,
    create_meeting,
    delete_meeting,
    record_decisions,
    update_meeting,
)
from wijkkompas.signals.services.persons import (
    SubjectInput,
    person_identity,
    person_index,
    update_person,
)
from wijkkompas.signals.services.public import (
    PUBLIC_MAX_FORM_AGE,
    PUBLIC_MAX_PER_HOUR,
    PUBLIC_MIN_SECONDS,
    check_public_form_token,
    client_hash,
    create_public_signal,
    public_form_token,
    public_rate_limited,
    public_status,
    signal_contact,
)
from wijkkompas.signals.services.retention import ANONYMISED, run_retention, scrub_storage
from wijkkompas.signals.services.triage import give_feedback, triage_signal, update_signal
from wijkkompas.signals.services.wijkbeeld import (
    push_counts_to_wijkbeeld,
    register_with_wijkbeeld,
    wijkbeeld_counts,
)

__all__ = [
    "ANONYMISED",
    "PUBLIC_MAX_FORM_AGE",
    "PUBLIC_MAX_PER_HOUR",
    "PUBLIC_MIN_SECONDS",
    "SHARE_OPTIONS",
    "SubjectInput",
    "add_action_item",
    "add_agenda_item",
    "add_contribution",
    "check_public_form_token",
    "client_hash",
    "create_case",
    "create_intervention",
    "create_meeting",
    "create_public_signal",
    "create_signal",
    "decide_escalation",
    "decrypt_json",
    "delete_meeting",
    "encrypt_json",
    "give_feedback",
    "keyed_hash",
    "person_identity",
    "person_index",
    "public_form_token",
    "public_rate_limited",
    "public_status",
    "push_counts_to_wijkbeeld",
    "record_decisions",
    "register_with_wijkbeeld",
    "request_escalation",
    "run_retention",
    "scrub_storage",
    "signal_contact",
    "transition_case",
    "triage_signal",
    "update_case",
    "update_intervention",
    "update_meeting",
    "update_person",
    "update_signal",
    "wijkbeeld_counts",
]
