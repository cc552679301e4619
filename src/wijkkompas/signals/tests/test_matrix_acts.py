"""The privileged acts beyond list/view/create/edit/delete/export, as a second table: triage,
feedback to the reporter, go/no-go, a partner's contribution to a casusoverleg, approving an
escalation and seeing a person's identifying fields. Each is run over HTTP for every role ×
relation as its own test case (the id names act, role and relation), on a fresh object and in
a savepoint that is rolled back, so one allowed act does not change the next check."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from wijkkompas.accounts.roles import Role
from wijkkompas.signals import services
from wijkkompas.signals.models import Contribution, Escalation, Feedback, Signal, TriageDecision

from .factories import RELATIONS, ROLES
from .matrix_support import Matrix, matrix_for_module

pytestmark = pytest.mark.django_db

F = frozenset({Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR, Role.ANALIST})
R = frozenset({Role.PROCESREGISSEUR})

EXPECTED = {
    "triage": {"own": R},
    "feedback": {"own": R},
    "transition": {"own": R},
    "contribute": {"own": F, "partner": F},
    "approve": {"own": frozenset({Role.OOV_ADVISEUR})},
    "identify": {"own": F, "partner": F},
}


def _fresh_signal(w) -> Signal:
    return services.create_signal(
        actor=w.user(Role.PROFESSIONAL, "own"),
        category=w.category,
        description="Nieuwe waarneming",
        observed_at=timezone.now() - timedelta(hours=1),
        basis="feit",
        observation="eigen",
    )


def probe(c: Client, w, act: str, user) -> bool:
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    if act == "triage":
        s = _fresh_signal(w)
        c.post(f"/signalen/meldingen/{s.pk}/triage/", {"decision": "urgent", "reason": "Spoed"})
        return TriageDecision.objects.filter(signal=s).exists()
    if act == "feedback":
        s = _fresh_signal(w)
        c.post(
            f"/signalen/meldingen/{s.pk}/terugkoppeling/",
            {"message": "ontvangen", "channel": "app"},
        )
        return Feedback.objects.filter(signal=s).exists()
    if act == "transition":
        case = services.create_case(
            actor=regisseur,
            title="Tijdelijke casus",
            summary="",
            category=w.category,
            partners=[w.orgs["partner"]],
        )
        c.post(
            f"/signalen/casussen/{case.pk}/besluit/",
            {"decision": "go", "reason": "Door", "version": case.version},
        )
        case.refresh_from_db()
        return case.status != "nieuw"
    if act == "contribute":
        item = w.meeting.agenda.get()
        before = Contribution.objects.filter(item=item).count()
        c.post(
            f"/signalen/overleggen/agendapunt/{item.pk}/inbreng/",
            {"text": f"Inbreng van {user.username}"},
        )
        return Contribution.objects.filter(item=item).count() == before + 1
    if act == "approve":
        e = services.request_escalation(
            actor=regisseur,
            case=w.case,
            track="riec",
            target=w.orgs["partner"],
            legal_basis="Convenant art. 7",
            reason="Nodig",
            share=["casus"],
        )
        c.post(f"/signalen/escalaties/{e.pk}/besluit/", {"approve": "1", "note": "Akkoord"})
        return Escalation.objects.get(pk=e.pk).status == Escalation.Status.APPROVED
    if act == "identify":
        r = c.post(f"/signalen/personen/{w.person.pk}/", {"reason": "matrixtest"})
        return r.status_code == 200 and "Test Jongere" in r.content.decode()
    raise AssertionError(act)


CASES = [
    (act, role, relation)
    for act, (role, relation) in itertools.product(EXPECTED, itertools.product(ROLES, RELATIONS))
]


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    with matrix_for_module(django_db_blocker) as built:
        yield built


@pytest.mark.parametrize("case", CASES, ids=lambda case: "-".join(case))
def test_privileged_act(matrix: Matrix, case):
    act, role, relation = case
    matrix.refresh()
    user = matrix.world.user(role, relation)
    want = role in EXPECTED[act].get(relation, frozenset())
    got = probe(matrix.view_clients[(role, relation)], matrix.world, act, user)
    kind = "UNEXPECTED ALLOW" if got else "unexpected deny"
    assert got is want, f"{kind}: {role}/{relation} {act} (table: {want})"


def test_the_cases_cover_every_act_role_and_relation():
    assert len(set(CASES)) == len(EXPECTED) * len(ROLES) * len(RELATIONS)
