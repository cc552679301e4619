"""One naming scheme for audit actions, each shown in Dutch on the audit-trail page. The action
codes are found by reading the source (every call that records an audit row), so a new code
without a Dutch label fails here."""

import ast
import re
from pathlib import Path

import pytest

from wijkkompas.accounts import audit, audit_labels
from wijkkompas.accounts.roles import Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, TenantFactory, UserFactory
from wijkkompas.signals.models import TriageDecision

SRC = Path(__file__).resolve().parents[2]
SCHEME = re.compile(r"[a-z]+(_[a-z0-9]+)+")
# Calls that write an audit row, and where their object type (for <type>_<verb>) sits.
RECORDERS = {"record", "audit_read", "read_audited", "audit_list", "log"}
READ_VERBS = {"viewed", "listed", "exported"}


def _sources():
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _constants(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _recorded_codes() -> set[str]:
    codes: set[str] = set()
    for path, tree in _sources():
        barriers_log = "barriers" in path.parts
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            if name not in RECORDERS:
                continue
            if name == "log" and barriers_log and len(call.args) > 1:  # log(actor, action, …)
                codes |= {f"barrier_{code}" for code in _constants(call.args[1])}
            for keyword in call.keywords:
                if keyword.arg == "action":
                    found = _constants(keyword.value)
                    if name == "log" and barriers_log:
                        found = [f"barrier_{code}" for code in found]
                    elif name == "log":
                        found = []
                    codes |= set(found)
            if name in {"read_audited", "audit_read"}:  # "<object type>_viewed" by default
                types = [c for a in call.args for c in _constants(a)]
                codes |= {f"{t}_viewed" for t in types if not t.endswith(("_viewed", "_exported"))}
            if name == "audit_list":
                types = [c for a in call.args for c in _constants(a)]
                codes |= {f"{t}_{verb}" for t in types for verb in ("listed", "exported")}
        for call in ast.walk(tree):  # audited list pages and API lists: "<type>_listed"
            if isinstance(call, ast.Call):
                for keyword in call.keywords:
                    if keyword.arg == "audited":
                        codes |= {f"{t}_listed" for t in _constants(keyword.value)}
                name = getattr(call.func, "id", "")
                if name == "audited_page":
                    codes |= {f"{t}_listed" for a in call.args for t in _constants(a)}
                if name == "list_page" and len(call.args) > 1:  # list_page(request, type, …)
                    codes |= {f"{t}_listed" for t in _constants(call.args[1])}
    codes |= {f"signal_triage_{kind}" for kind in TriageDecision.Kind.values}
    return codes


def test_the_scan_finds_the_codes_of_every_domain():
    codes = _recorded_codes()
    for expected in (
        "login_failed",
        "signal_listed",
        "person_viewed",
        "barrier_step_moved",
        "knowledge_tip_submitted",
        "area_data_imported",
        "dossier_opened",
        "access_denied",
    ):
        assert expected in codes
    assert len(codes) > 60


def test_every_recorded_action_follows_the_scheme_and_reads_in_dutch():
    codes = _recorded_codes()
    off_scheme = sorted(c for c in codes if not SCHEME.fullmatch(c))
    unlabelled = sorted(c for c in codes if audit_labels.action_label(c) is None)
    assert off_scheme == []
    assert unlabelled == []


def test_older_dotted_codes_still_read_in_dutch():
    for old in audit_labels.LEGACY:
        assert audit_labels.action_label(old) is not None, old
    assert (
        audit_labels.action_label("barriers.step_moved") == "Stap van een barrièremodel verplaatst"
    )


@pytest.mark.django_db
def test_the_trail_page_speaks_dutch_and_filters_by_action(client_for):
    own = TenantFactory()
    beheerder = UserFactory(organisation=OrganisationFactory(tenant=own), roles=[Role.BEHEERDER])
    audit.record(
        actor=beheerder, action="signal_listed", object_type="signal", detail={"ids": [4, 5, 6]}
    )
    audit.record(actor=beheerder, action="knowledge.tip_submit", object_type="tip", object_id=3)
    audit.record(actor=beheerder, action="api_token_issued", object_type="user", object_id=1)
    page = client_for(beheerder).get("/beheer/audittrail/").content.decode()
    assert "Signaal als lijst bekeken (3 getoond)" in page
    assert "<td>Tip voor de Kennisbank ingediend</td>" in page and "<td>knowledge" not in page
    assert "gebruiker 1" in page and "user #1" not in page
    filtered = client_for(beheerder).get("/beheer/audittrail/", {"action": "api_token_issued"})
    body = filtered.content.decode()
    assert "API-token uitgegeven" in body and "(3 getoond)" not in body


def test_every_object_type_of_our_models_has_a_dutch_noun(db, client_for):
    """The trail's filter listed "programme", "action", "visit": types nobody named."""
    from wijkkompas.accounts.audit_labels import object_type_label

    assert object_type_label("programme") == "programma"
    assert object_type_label("information_check") == "informatiecheck"
    assert object_type_label("signal") == "signaal"
    own = TenantFactory()
    beheerder = UserFactory(organisation=OrganisationFactory(tenant=own), roles=[Role.BEHEERDER])
    audit.record(actor=beheerder, action="signal_listed", object_type="programme", object_id=7)
    page = client_for(beheerder).get("/beheer/audittrail/").content.decode()
    assert '<option value="programme">programma</option>' in page and "programma 7" in page
