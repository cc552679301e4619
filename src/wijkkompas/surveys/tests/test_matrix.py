"""The authorization matrix of surveys: every role x relation (own organisation, partner
organisation of the same municipality, another municipality) x action, probed through the HTML
views; the id of each case names its combination. Another municipality's survey answers 404,
a visible survey the user may not act on 403."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.accounts.roles import ALL_ROLES, Role
from wijkkompas.accounts.tests.factories import OrganisationFactory, UserFactory

from . import factories as f

pytestmark = pytest.mark.django_db

READERS = {
    Role.OOV_ADVISEUR,
    Role.PROCESREGISSEUR,
    Role.PROFESSIONAL,
    Role.ANALIST,
    Role.BEHEERDER,
    Role.BESTUURDER,
}
MANAGERS = {Role.OOV_ADVISEUR, Role.PROCESREGISSEUR, Role.ANALIST}
REVIEWERS = {Role.OOV_ADVISEUR, Role.PROCESREGISSEUR}
FIELD = {Role.PROFESSIONAL, Role.OOV_ADVISEUR, Role.PROCESREGISSEUR}
RELATIONS = ("own", "partner", "other")

# action -> (method, url name, survey status, who may: f(role, relation) -> bool)
ACTIONS = {
    "view": ("get", "surveys:detail", "open", lambda r, rel: True),
    "edit": (
        "post",
        "surveys:add_question",
        "concept",
        lambda r, rel: r in MANAGERS and rel == "own",
    ),
    "status": (
        "post",
        "surveys:change_status",
        "open",
        lambda r, rel: r in MANAGERS and rel == "own",
    ),
    "results_open": (
        "get",
        "surveys:results",
        "open",
        lambda r, rel: r in MANAGERS and rel == "own",
    ),
    "results_closed": ("get", "surveys:results", "gesloten", lambda r, rel: True),
    "export_open": (
        "get",
        "surveys:results_csv",
        "open",
        lambda r, rel: r in MANAGERS and rel == "own",
    ),
    "export_closed": ("get", "surveys:results_csv", "gesloten", lambda r, rel: True),
    "export_closed_xlsx": ("get", "surveys:results_xlsx", "gesloten", lambda r, rel: True),
    "export_open_pdf": (
        "get",
        "surveys:results_pdf",
        "open",
        lambda r, rel: r in MANAGERS and rel == "own",
    ),
    "publish": (
        "post",
        "surveys:publish",
        "gesloten",
        lambda r, rel: r in MANAGERS and rel == "own",
    ),
    "codes": ("get", "surveys:codes", "open", lambda r, rel: r in MANAGERS and rel == "own"),
    "paper": ("get", "surveys:paper", "open", lambda r, rel: r in FIELD),
    "free_text": (
        "get",
        "surveys:free_texts",
        "open",
        lambda r, rel: r in REVIEWERS and rel == "own",
    ),
}


def _posted(survey) -> dict:
    return {"version": survey.version, "text": "", "kind": "enkel"}


# what each POST sends (a valid publish form: one scale question, no programme)
POSTED: dict = {}


def expected(action: str, role: str, relation: str) -> int:
    method, _, _, allowed = ACTIONS[action]
    if relation == "other" or role not in READERS:
        return 404
    if not allowed(role, relation):
        return 403
    return 200 if method == "get" else 302


CASES = list(itertools.product(sorted(ALL_ROLES), RELATIONS))


@pytest.mark.parametrize(("role", "relation"), CASES, ids=["-".join(c) for c in CASES])
def test_matrix(role, relation):
    """Every action for one role and relation; a failure lists each combination that differs
    from the table (action, role, relation, status answered, status expected)."""
    tenant = f.tenant_with_buurten()
    owner_org = OrganisationFactory(tenant=tenant)
    surveys = {
        status: f.survey(tenant, organisation=owner_org, status=status)
        for status in ("concept", "open", "gesloten")
    }
    if relation == "own":
        org = owner_org
    elif relation == "partner":
        org = OrganisationFactory(tenant=tenant)
    else:
        org = OrganisationFactory(tenant=f.tenant_with_buurten("andere-stad", "GM9802"))
    user = UserFactory(organisation=org, roles=[role])
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_verified"] = True
    session.save()
    wrong = []
    for action, (method, name, status, _) in sorted(ACTIONS.items()):
        survey = surveys[status]
        survey.refresh_from_db()
        POSTED.update(
            edit=_posted(survey), status=_posted(survey), publish={"questions": ["veilig_avond"]}
        )
        url = reverse(name, args=[survey.pk])
        data = POSTED.get(action) if method == "post" else None
        got = getattr(client, method)(url, data).status_code
        want = expected(action, role, relation)
        if got != want:
            wrong.append(f"{action} as {role} ({relation}): {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_type_level_rules(role):
    user = UserFactory(roles=[role])
    assert policy.can(user, "list", "survey") is (role in READERS)
    assert policy.can(user, "create", "survey") is (role in MANAGERS)
    assert policy.can(user, "review", "survey_free_text") is (role in REVIEWERS)
    assert policy.can(None, "answer", "public_survey")
